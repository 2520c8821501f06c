import type { IHeaders, KafkaMessage } from 'kafkajs';

/** A message from Kafka as a handler sees it: decoded, with its identity checked. */
export interface ReceivedMessage {
  /** The `ce_id` header: the message's identity, which the inbox deduplicates on. */
  id: string;
  /** The `ce_type` header, if the producer set one. */
  type: string | undefined;
  key: string | null;
  topic: string;
  partition: number;
  offset: string;
  /** The value parsed as JSON; the handler checks its shape. */
  payload: unknown;
  headers: Record<string, string>;
}

export type ParseResult = { ok: true; message: ReceivedMessage } | { ok: false; reason: string };

/**
 * Decodes a Kafka message, or says why it cannot be handled at all. Such a message is poison:
 * retrying cannot fix it, so it goes straight to the dead-letter topic.
 */
export function parseMessage(topic: string, partition: number, message: KafkaMessage): ParseResult {
  const headers = headersAsStrings(message.headers);
  const id = headers.ce_id;
  // Without an id the inbox cannot tell a redelivery from a new message: applying it would break
  // the once-only guarantee, so it is refused.
  if (!id) return { ok: false, reason: 'no ce_id header' };
  // Nor can a message be applied whose id the inbox cannot record: the insert would fail, the same
  // way at every fetch, and hold up the partition behind it.
  const unstorable = unstorableId(id);
  if (unstorable) return { ok: false, reason: unstorable };
  if (message.value === null) return { ok: false, reason: 'no value' };
  let payload: unknown;
  try {
    payload = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `value is not JSON: ${(error as Error).message}` };
  }
  return {
    ok: true,
    message: {
      id,
      type: headers.ce_type,
      key: message.key === null ? null : message.key.toString('utf8'),
      topic,
      partition,
      offset: message.offset,
      payload,
      headers,
    },
  };
}

/**
 * The longest `ce_id` the inbox records, in UTF-8 bytes. Its primary key is a btree, whose entries
 * Postgres caps at about 2.7 kB (consumer name included); Accord's own ids are 36-character UUIDs.
 */
export const MAX_MESSAGE_ID_BYTES = 1_024;

/** Why the inbox could not record `id` (Postgres text holds no NUL character), or undefined if it can. */
export function unstorableId(id: string): string | undefined {
  if (id.includes('\u0000')) return 'ce_id holds a NUL character, which the inbox (Postgres text) cannot store';
  const bytes = Buffer.byteLength(id, 'utf8');
  if (bytes > MAX_MESSAGE_ID_BYTES) {
    return `ce_id is ${bytes} bytes long, more than the ${MAX_MESSAGE_ID_BYTES} the inbox records`;
  }
  return undefined;
}

/**
 * Kafka headers are bytes, and a name may repeat. A repeated name keeps its last value, as Kafka's
 * own clients do (`Headers.lastHeader`).
 */
export function headersAsStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}
