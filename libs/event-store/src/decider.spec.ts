import { decideInTurn, type Decider } from './decider';
import type { DomainEvent } from './events';

type Added = DomainEvent<'Added', { amount: number }>;
type Add = { amount: number; limit: number };

/** A counter that refuses to pass a limit: enough to see each command decided on the state before it. */
const counter: Decider<number, Add, Added> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.amount,
  decide: ({ amount, limit }, total) => {
    if (total + amount > limit) throw new Error(`over ${limit}`);
    return [{ type: 'Added', data: { amount } }];
  },
};

describe('decideInTurn', () => {
  it('decides each command on the state the ones before it left', () => {
    const events = decideInTurn(
      counter,
      [
        { amount: 2, limit: 5 },
        { amount: 3, limit: 5 },
      ],
      0,
    );
    expect(events.map((e) => e.data.amount)).toEqual([2, 3]);
    expect(() =>
      decideInTurn(
        counter,
        [
          { amount: 3, limit: 5 },
          { amount: 3, limit: 5 },
        ],
        0,
      ),
    ).toThrow('over 5');
  });

  it('lets the caller restate a refusal for the command it was about', () => {
    const about = (error: unknown, index: number) => new Error(`command ${index}: ${(error as Error).message}`);
    expect(() =>
      decideInTurn(
        counter,
        [
          { amount: 1, limit: 5 },
          { amount: 9, limit: 5 },
        ],
        0,
        about,
      ),
    ).toThrow('command 1: over 5');
  });
});
