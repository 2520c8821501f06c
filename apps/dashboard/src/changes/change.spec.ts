import type { ReceivedMessage } from '@accord/messaging';
import { UnplaceableMessage, actorName, changeLabel, changeOf } from './change';

const AGREEMENT = '0b7c2f4e-5d7a-4a51-9a55-6a2f0c1d9e01';

function message(overrides: Partial<ReceivedMessage> = {}, headers: Record<string, string> = {}): ReceivedMessage {
  return {
    id: 'c5b1d3a2-8f61-4c3e-9d0a-2b7e4f1a6c90',
    type: 'accord.agreement.signed-by-party.v1',
    key: AGREEMENT,
    topic: 'accord.agreements',
    partition: 0,
    offset: '7',
    payload: {},
    headers: { ce_time: '2025-11-27T09:30:00.000Z', actor: 'user:lee', ...headers },
    ...overrides,
  };
}

describe('the change a message records', () => {
  it('takes id, topic, type, key, actor and time from the headers and key', () => {
    expect(changeOf(message())).toEqual({
      eventId: 'c5b1d3a2-8f61-4c3e-9d0a-2b7e4f1a6c90',
      topic: 'accord.agreements',
      type: 'accord.agreement.signed-by-party.v1',
      aggregateId: AGREEMENT,
      actor: 'user:lee',
      occurredAt: new Date('2025-11-27T09:30:00.000Z'),
    });
  });

  it('records a message without an actor as such', () => {
    const headers = { ...message().headers };
    delete headers.actor;
    expect(changeOf(message({ headers })).actor).toBeNull();
  });

  it('refuses a message it cannot place: no type, a key that is no aggregate id, no time', () => {
    expect(() => changeOf(message({ type: undefined }))).toThrow(UnplaceableMessage);
    expect(() => changeOf(message({ key: null }))).toThrow(/not an aggregate id/);
    expect(() => changeOf(message({ key: 'partner-42' }))).toThrow(/not an aggregate id/);
    expect(() => changeOf(message({}, { ce_time: 'yesterday' }))).toThrow(/ce_time/);
  });
});

describe('labels', () => {
  it.each([
    ['accord.agreement.signed-by-party.v1', 'Agreement signed by party'],
    ['accord.partnership.established.v1', 'Partnership established'],
    ['accord.project.gate-decision-recorded.v1', 'Project gate decision recorded'],
    ['accord.partner.registered.v2', 'Partner registered'],
  ])('%s reads "%s"', (type, label) => expect(changeLabel(type)).toBe(label));

  it.each([
    ['user:ada', 'ada'],
    ['system:scheduler', 'automatic'],
    ['system:partnership-established', 'automatic'],
    [null, 'unknown'],
    ['user:', 'unknown'],
  ])('the actor %s is shown as "%s"', (actor, name) => expect(actorName(actor)).toBe(name));
});
