import { setTimeout as sleep } from 'node:timers/promises';
import { KafkaJSError, type EachBatchPayload, type EachMessagePayload } from 'kafkajs';
import { parsedMessages, planBatch, proceeding, splitAtFailure, type Pending } from './batch-plan';
import type { ConsumerLogger } from './consumer-logger';
import type { Run } from './consumer-run';
import type { DeadLetters } from './dead-letters';
import { HandlerFailed, positionOf, type Inbox } from './inbox';
import type { ConsumeOutcome } from './consumer-options';
import type { ParseResult, ReceivedMessage } from './received-message';
import type { RetryPolicy } from './retry-policy';

export interface BatchApplierParts {
  inbox: Inbox;
  retry: RetryPolicy;
  deadLetters: DeadLetters;
  logger: ConsumerLogger;
  maxMessagesPerTransaction: number;
  /** Wraps the handling of one message (a tracing span). */
  around: <T>(message: ReceivedMessage, work: () => Promise<T>) => Promise<T>;
  onHandled?: (topic: string, outcome: ConsumeOutcome, seconds: number) => void;
}

/** Applies fetched batches through the inbox, retrying in place and dead-lettering what cannot be applied. */
export class BatchApplier {
  constructor(private readonly parts: BatchApplierParts) {}

  /**
   * One fetched batch of one partition: its messages in order, in transactions of up to
   * maxMessagesPerTransaction. A message that cannot be parsed ends the transaction before it and is
   * dead-lettered on its own.
   */
  async apply(payload: EachBatchPayload, run: Run): Promise<void> {
    for (const step of planBatch(parsedMessages(payload), this.parts.maxMessagesPerTransaction)) {
      if (!proceeding(payload, run)) return;
      if ('together' in step) await this.applyChunk(step.together, payload, run);
      else await this.alone(step.alone.single, step.alone.parsed, payload, run);
    }
  }

  /**
   * Several messages in one transaction. If a handler fails, nothing of it is kept: the messages
   * before the failing one are applied again together, the failing one goes on alone from its
   * first failed attempt (retried, or dead-lettered), and the ones after it follow together. A
   * failure of the database itself is thrown, as for one message: the batch is fetched again.
   */
  private async applyChunk(chunk: Pending[], payload: EachBatchPayload, run: Run): Promise<void> {
    if (chunk.length === 0 || !proceeding(payload, run)) return;
    if (chunk.length === 1) return this.alone(chunk[0].single, { ok: true, message: chunk[0].received }, payload, run);
    const started = performance.now();
    const result = await this.parts.inbox.applyTogether(chunk.map((pending) => pending.received));
    if ('outcomes' in result) {
      const seconds = (performance.now() - started) / 1000;
      chunk.forEach(({ received }, i) => {
        this.done(run, payload, received.offset);
        this.parts.onHandled?.(received.topic, result.outcomes[i], seconds);
      });
      await payload.heartbeat();
      return;
    }
    const { before, failed, after } = splitAtFailure(chunk, result.index);
    await this.applyChunk(before, payload, run);
    if (!proceeding(payload, run)) return;
    await this.alone(failed.single, { ok: true, message: failed.received }, payload, run, result.failure);
    await this.applyChunk(after, payload, run);
  }

  /**
   * One message alone, then marked done; `failed`: its first attempt was made, and failed, in a
   * shared transaction.
   */
  private async alone(
    single: EachMessagePayload,
    parsed: ParseResult,
    payload: EachBatchPayload,
    run: Run,
    failed?: HandlerFailed,
  ): Promise<void> {
    const started = performance.now();
    let outcome: ConsumeOutcome = 'dead_lettered';
    if (parsed.ok)
      outcome = await this.parts.around(parsed.message, () => this.handle(parsed.message, single, run, failed));
    else await this.parts.deadLetters.send(run.producer, single, parsed.reason);
    this.parts.onHandled?.(single.topic, outcome, (performance.now() - started) / 1000);
    this.done(run, payload, single.message.offset);
    await payload.heartbeat();
  }

  /** Marks a message done: resolved for kafkajs's fetching, and due for the next commit. */
  private done(run: Run, payload: EachBatchPayload, offset: string): void {
    payload.resolveOffset(offset);
    run.offsets.done(payload.batch.topic, payload.batch.partition, offset);
  }

  /** Applies a message once, retrying its handler in place; dead-letters it when attempts run out. */
  private async handle(
    received: ReceivedMessage,
    payload: EachMessagePayload,
    run: Run,
    failed?: HandlerFailed,
  ): Promise<ConsumeOutcome> {
    const { inbox, retry, logger } = this.parts;
    const at = positionOf(received);
    for (let attempt = 1; ; attempt++) {
      try {
        if (attempt === 1 && failed) throw failed;
        const applied = await inbox.applyOnce(received);
        logger.debug(
          applied
            ? `${at}: ${received.type} ${received.id} applied`
            : `${at}: ${received.id} was applied before; skipped`,
        );
        return applied ? 'applied' : 'duplicate';
      } catch (error) {
        // The inbox or the database failed, not the handler: that is no reason to give up on the
        // message. Thrown, it stays uncommitted and kafkajs fetches it again after its own backoff.
        if (!(error instanceof HandlerFailed)) throw error;
        const decision = retry.decide(attempt, error);
        if (!decision.retry) {
          await this.parts.deadLetters.send(run.producer, payload, decision.reason);
          return 'dead_lettered';
        }
        const { delayMs } = decision;
        logger.warn(
          `${at}: attempt ${attempt} of ${retry.maxAttempts} failed, retrying in ${delayMs} ms: ${error.message}`,
        );
        await waitToRetry(delayMs, run, at);
        // A long run of retries must not look like a dead consumer to the group coordinator.
        await payload.heartbeat();
      }
    }
  }
}

async function waitToRetry(delayMs: number, run: Run, what: string): Promise<void> {
  try {
    await sleep(delayMs, undefined, { signal: run.stopping.signal });
  } catch {
    // Stopping: the message must stay uncommitted (it is retried on the next start), so
    // eachMessage has to throw. A KafkaJSError, because kafkajs logs any other error from
    // eachMessage as a processing failure, which this is not.
    throw new KafkaJSError(`stopping: ${what} left for redelivery`, { retriable: true });
  }
}
