import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls until `accept` holds, for at most `timeoutMs`: effects that travel through Kafka arrive
 * asynchronously. Fails with the last value seen, which says more than a timeout.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

/**
 * Sends a write that names what this service learns from another (a partner, a signed agreement)
 * until it is no longer refused for not knowing it (422): the news travels through Kafka.
 */
export function onceKnown<T extends { status: number }>(send: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  return eventually(send, (answer) => answer.status !== 422, timeoutMs);
}
