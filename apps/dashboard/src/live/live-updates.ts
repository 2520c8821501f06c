import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Controller,
  Injectable,
  Logger,
  Sse,
  type MessageEvent,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Consumer } from 'kafkajs';
import { Observable, Subject, concat, map, of } from 'rxjs';
import { DataSource } from 'typeorm';
import { AGREEMENT_TOPIC, PARTNER_TOPIC, PROJECT_TOPIC } from '@accord/contracts';
import { KafkaClient, waitingFetch } from '@accord/messaging';
import { ServiceEnvironment, withPartitions } from '@accord/platform';

/** How long an announcement may wait for the change log to record its message. */
const RECORDED_WAIT_MS = 2_000;

export interface Change {
  topic: string;
  type: string | null;
  key: string | null;
}

/**
 * Tells open dashboards that something changed, as it is published. Every dashboard instance must
 * hear every message, so each has a consumer group of its own, starting at the end of the topics: it
 * announces changes, it does not apply them (the read models are the services'). Browsers then
 * refetch, and see data that was committed before the message was published.
 *
 * One read model is the dashboard's own: the change log behind the partner timelines, written by
 * another consumer (changeLogConsumer) from the same message. An announcement waits, briefly, until
 * that message is in the log, so a page refetching on it shows the change with its author.
 */
@Injectable()
export class LiveUpdates implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LiveUpdates');
  readonly changes = new Subject<Change>();
  private consumer?: Consumer;
  /** Announcements waiting for the change log, by message id; one query checks them all. */
  private readonly pending = new Map<string, { change: Change; deadline: number }>();
  private polling = false;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly env: ServiceEnvironment,
    private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    const topics = [PARTNER_TOPIC, AGREEMENT_TOPIC, PROJECT_TOPIC];
    try {
      await this.kafka.ensureTopics(
        withPartitions(
          topics.map((topic) => ({ topic })),
          this.env,
        ),
      );
      // Announcements wait for the change log, polled every 100 ms: a fetch may wait as long for more
      // messages, one fetch for many under load instead of one per message.
      const consumer = this.kafka.kafka.consumer({
        groupId: `${this.env.KAFKA_GROUP_PREFIX}.dashboard.live.${randomUUID()}`,
        ...waitingFetch(100),
      });
      this.consumer = consumer;
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: false });
      await consumer.run({
        eachMessage: ({ topic, message }) => {
          const change = {
            topic,
            type: message.headers?.ce_type?.toString() ?? null,
            key: message.key?.toString() ?? null,
          };
          this.announceWhenRecorded(message.headers?.ce_id?.toString(), change);
          return Promise.resolve();
        },
      });
    } catch (error) {
      // The page still works without live updates; readiness reports Kafka separately.
      this.logger.warn(`live updates unavailable: ${(error as Error).message}`);
    }
  }

  /** Announces once the change log has the message, or after RECORDED_WAIT_MS: late beats never. */
  private announceWhenRecorded(id: string | undefined, change: Change): void {
    if (!id) {
      this.changes.next(change);
      return;
    }
    this.pending.set(id, { change, deadline: Date.now() + RECORDED_WAIT_MS });
    if (!this.polling) void this.poll();
  }

  /** One query every 100 ms for everything waiting, however many messages arrive at once. */
  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.pending.size > 0) {
        let recorded: Set<string>;
        try {
          const rows = await this.db.query<{ event_id: string }[]>(
            'SELECT event_id FROM change_log WHERE event_id = ANY($1::text[])',
            [[...this.pending.keys()]],
          );
          recorded = new Set(rows.map((row) => row.event_id));
        } catch {
          // The database is away: announce anyway, the page reports what fails when it refetches.
          recorded = new Set(this.pending.keys());
        }
        const now = Date.now();
        for (const [id, { change, deadline }] of this.pending) {
          if (!recorded.has(id) && now < deadline) continue;
          this.pending.delete(id);
          this.changes.next(change);
        }
        if (this.pending.size > 0) await sleep(100);
      }
    } finally {
      this.polling = false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.pending.clear();
    this.changes.complete();
    await this.consumer?.disconnect();
  }
}

@ApiTags('dashboard')
@Controller('api')
export class LiveUpdatesController {
  constructor(private readonly live: LiveUpdates) {}

  @Sse('events')
  // The web app's EventSource sends its session cookie, which the session middleware turns into a token.
  @ApiOperation({
    summary: 'Server-sent events: `change` whenever a service publishes',
    description: 'A signed-in browser is let in by its session cookie; other clients send a bearer token.',
  })
  events(): Observable<MessageEvent> {
    return concat(
      of({ type: 'ready', data: {} }),
      this.live.changes.pipe(map((change) => ({ type: 'change', data: change }))),
    );
  }
}
