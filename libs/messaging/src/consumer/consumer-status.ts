/**
 * - stopped: not started, or stopped;
 * - starting: connecting and joining its group (retried by its owner while Kafka is away);
 * - running: in its group, consuming;
 * - crashed: kafkajs gave up on it (its CRASH event), and it is not running again yet: kafkajs
 *   restarts it itself after a retriable error, IdempotentConsumer after its backoff otherwise.
 */
export type ConsumerState = 'stopped' | 'starting' | 'running' | 'crashed';

export interface ConsumerStatus {
  state: ConsumerState;
  /** When it entered this state. */
  since: Date;
  /** Crashes since the consumer was created, whoever restarted it. */
  crashes: number;
  /**
   * What kind of error ended the last run or restart: the original cause's class, and Kafka's error
   * code if it has one ("KafkaJSProtocolError MESSAGE_TOO_LARGE"). Not its message, which may quote
   * data (a database error's row values): that one is in the log.
   */
  lastError?: string;
  /** While crashed: when IdempotentConsumer restarts it (absent: kafkajs restarts it on its own). */
  restartAt?: Date;
}

/**
 * Told to watchers (the service's metrics). `restarted`: who brings the consumer back, kafkajs at
 * once (a retriable error), or IdempotentConsumer after its backoff (kafkajs stopped it for good).
 */
export type ConsumerEvent =
  | { type: 'crashed'; error: Error; restarted: 'kafkajs' | 'backoff' }
  | { type: 'restarted'; outcome: 'running' | 'failed' };

export type ConsumerWatcher = (event: ConsumerEvent) => void;

/** Down: readiness reports it. A consumer still starting is not down: Kafka's own check covers that. */
export const isDown = (status: ConsumerStatus): boolean => status.state === 'crashed';

/** The kind of `error` (see ConsumerStatus.lastError): kafkajs wraps the error that counts in `cause`s. */
export function kindOf(error: unknown): string {
  let original = error;
  for (let depth = 0; depth < 10 && original instanceof Error && original.cause !== undefined; depth++) {
    original = original.cause;
  }
  if (!(original instanceof Error)) return typeof original;
  const { type } = original as Error & { type?: unknown };
  return typeof type === 'string' ? `${original.name} ${type}` : original.name;
}
