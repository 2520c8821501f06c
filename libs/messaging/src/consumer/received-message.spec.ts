import type { KafkaMessage } from 'kafkajs';
import { headersAsStrings, parseMessage } from './received-message';

type Overrides = Partial<Pick<KafkaMessage, 'key' | 'value' | 'headers'>>;

/** A message as kafkajs hands it over; a null key or value is kept, an absent one defaulted. */
function kafkaMessage({
  key = Buffer.from('partner-1'),
  value = Buffer.from('{"name":"ETH Zürich"}'),
  headers = { ce_id: Buffer.from('m-1'), ce_type: Buffer.from('partner.registered') },
}: Overrides): KafkaMessage {
  return { key, value, headers, offset: '7', timestamp: '0', attributes: 0 };
}

describe('parseMessage', () => {
  it('decodes id, type, key, position, JSON payload and headers', () => {
    expect(parseMessage('partner.events', 2, kafkaMessage({}))).toEqual({
      ok: true,
      message: {
        id: 'm-1',
        type: 'partner.registered',
        key: 'partner-1',
        topic: 'partner.events',
        partition: 2,
        offset: '7',
        payload: { name: 'ETH Zürich' },
        headers: { ce_id: 'm-1', ce_type: 'partner.registered' },
      },
    });
  });

  it('accepts a ce_id of the longest length the inbox records', () => {
    expect(parseMessage('t', 0, kafkaMessage({ headers: { ce_id: 'x'.repeat(1_024) } })).ok).toBe(true);
  });

  it('accepts a message without a key or a type', () => {
    const parsed = parseMessage('t', 0, kafkaMessage({ key: null, headers: { ce_id: 'm-2' } }));
    expect(parsed.ok && parsed.message).toMatchObject({ id: 'm-2', key: null, type: undefined });
  });

  it.each([
    ['no ce_id header', { headers: { ce_type: 'x' } }, /no ce_id/],
    ['an empty ce_id', { headers: { ce_id: '' } }, /no ce_id/],
    ['no value', { value: null }, /no value/],
    ['a value that is not JSON', { value: Buffer.from('{not json') }, /not JSON/],
    ['a NUL in its ce_id', { headers: { ce_id: 'm\u00001' } }, /NUL/],
    ['a ce_id longer than the inbox records', { headers: { ce_id: 'é'.repeat(513) } }, /1026 bytes long/],
  ])('refuses a message with %s', (_case, overrides: Overrides, reason) => {
    const parsed = parseMessage('t', 0, kafkaMessage(overrides));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });
});

describe('headersAsStrings', () => {
  it('decodes buffers, keeps the last of a repeated header, and drops undefined ones', () => {
    expect(
      headersAsStrings({ a: Buffer.from('1'), b: 'two', c: [Buffer.from('first'), 'last'], d: undefined }),
    ).toEqual({ a: '1', b: 'two', c: 'last' });
  });

  it('gives no headers for a message without any', () => {
    expect(headersAsStrings(undefined)).toEqual({});
  });
});
