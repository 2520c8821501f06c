import type { DomainEvent } from './events';

/**
 * An aggregate as three pure functions: no base class, no framework, no I/O. `decide` throws a
 * DomainError when the command is not allowed; it returns the events that record what happened.
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
