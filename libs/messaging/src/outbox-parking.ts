/**
 * What the broker answers about a message that no retry can get in: it is larger than the topic
 * takes (max.message.bytes), or fails the broker's checks. Anything else (a broker away, a leader
 * moving, too few in-sync replicas, an authorisation not granted yet) may pass later, and is retried.
 */
const REFUSED_FOR_GOOD = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'INVALID_TIMESTAMP']);

/**
 * The broker's reason if `error` (or what it wraps: kafkajs gives up on a non-retriable answer with
 * a KafkaJSNonRetriableError whose cause is the protocol error) refuses a send for good.
 */
export function refusedForGood(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string' && REFUSED_FOR_GOOD.has(type)) return type;
  }
  return undefined;
}

/**
 * Sends `rows` in parts, in order, after the broker refused them together for good: a half that goes
 * through is done (`send` marks it), a refused one is halved again, and a single row the broker
 * refuses is parked. So only the rows that cannot go are held back, also when they were refused
 * only together (a partition's messages travel as one record batch, which max.message.bytes limits
 * too). A failure that may pass is thrown: what went through stays done, the rest is retried.
 */
export async function sendApart<Row>(
  rows: Row[],
  send: (part: Row[]) => Promise<void>,
  park: (row: Row, reason: string) => Promise<void>,
): Promise<void> {
  try {
    await send(rows);
  } catch (error) {
    const refused = refusedForGood(error);
    if (!refused) throw error;
    if (rows.length === 1) return park(rows[0], `${refused}: ${(error as Error).message}`);
    const half = Math.ceil(rows.length / 2);
    await sendApart(rows.slice(0, half), send, park);
    await sendApart(rows.slice(half), send, park);
  }
}
