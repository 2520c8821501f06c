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
