import { createRequire } from 'node:module';

/**
 * kafkajs 2.2.4, the last release, re-arms a 1 ms timer on every connection for as long as the
 * connection lives when nothing is pending (tulios/kafkajs#1556; the fix, #1667, was never
 * released). With a dozen connections across a service's producer, consumers and admin, that loop
 * alone kept each idle service at 6 % of a core. `patches/kafkajs+2.2.4.patch` (applied by
 * patch-package on install) returns early instead. These tests fail if the patch is not applied.
 */
interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
}

// The queue is internal to kafkajs (no types, not exported): it is loaded from its source by path.
const load = createRequire(__filename);
const RequestQueue = load('kafkajs/src/network/requestQueue') as new (options: object) => RequestQueue;

let last: RequestQueue | undefined;

function queue(): RequestQueue {
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  last = new RequestQueue({ maxInFlightRequests: null, requestTimeout: 30_000, clientId: 'test', broker: 'b', logger });
  return last;
}

// Unpatched, the first test's timer would re-arm itself for ever and keep Jest from exiting.
afterEach(() => clearTimeout(last?.throttleCheckTimeoutId ?? undefined));

describe('kafkajs request queue (patched)', () => {
  it('arms no timer when nothing is pending and nothing throttles', () => {
    const q = queue();
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still checks again when the broker throttles, at the end of the throttle', () => {
    const q = queue();
    q.throttledUntil = Date.now() + 60_000;
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });

  it('still checks again while requests wait for a free slot', () => {
    const q = queue();
    q.pending.push({});
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });
});
