import type { DataSource, EntityManager } from 'typeorm';
import type { ConsumerLogger } from './consumer-logger';
import type { ReceivedMessage } from './received-message';

/** Marks an error thrown by the handler, as opposed to one from the inbox or the database itself. */
export class HandlerFailed extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** A handler failed in a shared transaction (applyTogether): which message, and why. */
class FailedInChunk extends Error {
  constructor(
    readonly index: number,
    readonly failure: HandlerFailed,
  ) {
    super(failure.message);
  }
}

/** How applyTogether ended: each message applied or skipped, or the first handler that failed. */
export type TogetherResult = { outcomes: ('applied' | 'duplicate')[] } | { index: number; failure: HandlerFailed };

export interface InboxOptions {
  dataSource: Pick<DataSource, 'transaction'>;
  /** The consumer group: the inbox's `consumer` column. */
  consumer: string;
  handler: (message: ReceivedMessage, tx: EntityManager) => Promise<void>;
  logger: ConsumerLogger;
  /** Wraps each handler call of applyTogether (a tracing span). */
  around: <T>(message: ReceivedMessage, work: () => Promise<T>) => Promise<T>;
}

/** Where a message's log lines say it is. */
export const positionOf = (m: ReceivedMessage): string => `${m.topic}[${m.partition}]@${m.offset}`;

/**
 * The `inbox` table: a message's id recorded in the same transaction as the handler's writes, so a
 * message seen again finds its id there and is skipped. Handler errors come out as HandlerFailed.
 */
export class Inbox {
  constructor(private readonly options: InboxOptions) {}

  /** One transaction: record the id in the inbox, apply the message if the id is new. */
  applyOnce(message: ReceivedMessage): Promise<boolean> {
    return this.options.dataSource.transaction(async (tx) => {
      const recorded = await tx.query<unknown[]>(
        `INSERT INTO inbox (consumer, message_id, topic) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
        [this.options.consumer, message.id, message.topic],
      );
      if (recorded.length === 0) return false;
      try {
        await this.options.handler(message, tx);
      } catch (error) {
        throw new HandlerFailed(error);
      }
      return true;
    });
  }

  /**
   * One transaction for several messages: their ids into the inbox in one statement, then each new
   * one applied in order. A handler's failure rolls all of it back and says which message failed.
   */
  async applyTogether(chunk: ReceivedMessage[]): Promise<TogetherResult> {
    const { logger, handler } = this.options;
    try {
      return await this.options.dataSource.transaction(async (tx) => {
        const recorded = await tx.query<{ message_id: string }[]>(
          `INSERT INTO inbox (consumer, message_id, topic)
           SELECT $1, m.id, m.topic FROM unnest($2::text[], $3::text[]) AS m (id, topic)
           ON CONFLICT DO NOTHING RETURNING message_id`,
          [this.options.consumer, chunk.map((m) => m.id), chunk.map((m) => m.topic)],
        );
        const fresh = new Set(recorded.map((row) => row.message_id));
        const outcomes: ('applied' | 'duplicate')[] = [];
        for (const [index, received] of chunk.entries()) {
          const at = positionOf(received);
          // Deleted once applied: a second copy in the same chunk (produced twice) is a duplicate too.
          if (!fresh.delete(received.id)) {
            logger.debug(`${at}: ${received.id} was applied before; skipped`);
            outcomes.push('duplicate');
            continue;
          }
          try {
            // Logged in the message's span: the line carries its trace and correlation ids.
            await this.options.around(received, async () => {
              await handler(received, tx);
              logger.debug(`${at}: ${received.type} ${received.id} applied`);
            });
          } catch (error) {
            throw new FailedInChunk(index, new HandlerFailed(error));
          }
          outcomes.push('applied');
        }
        return { outcomes };
      });
    } catch (error) {
      if (error instanceof FailedInChunk) return { index: error.index, failure: error.failure };
      throw error;
    }
  }
}
