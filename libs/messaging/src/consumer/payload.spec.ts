import { MalformedMessageError, requirePayload } from './payload';
import type { ReceivedMessage } from './received-message';

const id = '5f0e3a5c-0b1e-4a50-9a55-2f1a3a7c9d10';
const message = (payload: unknown): ReceivedMessage => ({
  id: 'm-1',
  type: 'accord.partner.registered.v1',
  key: id,
  topic: 'accord.partners',
  partition: 0,
  offset: '0',
  payload,
  headers: {},
});
const ENVELOPE = { partnerId: 'uuid', version: 'version', occurredAt: 'timestamp' } as const;
const valid = { partnerId: id, version: 3, occurredAt: '2026-01-01T09:00:00Z' };

describe('requirePayload', () => {
  it('returns the payload when the fields read are well-formed, whatever else it carries', () => {
    const payload = { ...valid, changes: { name: 'NICT' }, somethingNew: [1, 2] };
    expect(requirePayload(message(payload), ENVELOPE, { 'changes.name': 'string' })).toBe(payload);
  });

  it('accepts optional fields absent or null', () => {
    expect(() => requirePayload(message({ ...valid, status: null }), ENVELOPE, { status: 'string' })).not.toThrow();
  });

  it('names every field that is missing or of the wrong kind', () => {
    const payload = { partnerId: 'not-an-id', version: 0, occurredAt: 'yesterday', changes: { partyIds: [id, 7] } };
    expect(() => requirePayload(message(payload), ENVELOPE, { 'changes.partyIds': 'uuid[]' })).toThrow(
      new MalformedMessageError(
        'accord.partner.registered.v1: partnerId must be a uuid, version must be a version, occurredAt must be a timestamp, changes.partyIds must be a uuid[]',
      ),
    );
  });

  it.each([
    ['null', null],
    ['an array', [valid]],
    ['a string', 'hello'],
  ])('refuses a payload that is %s', (_case, payload) => {
    expect(() => requirePayload(message(payload), ENVELOPE)).toThrow(/the payload is not a JSON object/);
  });

  it('refuses a message without a type: nothing says what its payload means', () => {
    expect(() => requirePayload({ ...message(valid), type: undefined }, ENVELOPE)).toThrow(MalformedMessageError);
  });
});
