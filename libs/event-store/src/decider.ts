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

/**
 * Decides commands one after another, each on the state the ones before it left: what one request
 * standing for several acts records (an agreement logged as signed, a project with its past gates)
 * is what the acts would record one by one. `about` may restate a refusal for the command it was
 * about (its index in `commands`).
 */
export function decideInTurn<State, Command, Event extends DomainEvent>(
  decider: Pick<Decider<State, Command, Event>, 'evolve' | 'decide'>,
  commands: readonly Command[],
  state: State,
  about: (error: unknown, index: number) => unknown = (error) => error,
): Event[] {
  const events: Event[] = [];
  commands.forEach((command, index) => {
    let decided: Event[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      throw about(error, index);
    }
    state = decided.reduce(decider.evolve, state);
    events.push(...decided);
  });
  return events;
}
