import type { DomainEvent, StoredEvent } from './events';
import { fold, type Decider } from './decider';

/**
 * Given/when/then for decider unit tests, with no I/O:
 *
 *   given(partner).given([registered]).when(archive).then([archived]);
 *   given(partner).given([archived]).when(archive).thenThrows(BusinessRuleError, 'partner_archived');
 */
export function given<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
  return {
    given: (history: Event[]) => ({
      when: (command: Command) => {
        const run = () => decider.decide(command, fold(decider, history));
        return {
          then: (expected: Event[]) => expect(run()).toEqual(expected),
          thenNothing: () => expect(run()).toEqual([]),
          thenThrows: (kind: abstract new (...args: never[]) => Error, code?: string) => {
            let thrown: unknown;
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(kind);
            if (code !== undefined) expect(thrown).toMatchObject({ code });
          },
        };
      },
    }),
  };
}

/** Events as the store hands them back: one stream, in order, each recorded at `occurredAt`. */
export function recorded<Event extends DomainEvent>(
  streamId: string,
  events: Event[],
  occurredAt: string,
): StoredEvent<Event>[] {
  return events.map(
    (event, i) =>
      ({
        ...event,
        streamId,
        streamVersion: i + 1,
        globalPosition: String(i + 1),
        transactionId: '1',
        recordedAt: new Date(occurredAt),
        metadata: {
          eventId: `e${i}`,
          correlationId: 'c',
          causationId: 'c',
          actor: 'ada',
          occurredAt,
          schemaVersion: 1,
        },
      }) as StoredEvent<Event>,
  );
}
