import { randomUUID } from 'node:crypto';
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
import { AGREEMENT_TOPIC, PARTNER_TOPIC, PROJECT_TOPIC } from '@accord/contracts';
import { KafkaClient } from '@accord/messaging';
import { ServiceEnvironment } from '@accord/platform';

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
 */
@Injectable()
export class LiveUpdates implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LiveUpdates');
  readonly changes = new Subject<Change>();
  private consumer?: Consumer;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly env: ServiceEnvironment,
  ) {}

  onApplicationBootstrap(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    const topics = [PARTNER_TOPIC, AGREEMENT_TOPIC, PROJECT_TOPIC];
    try {
      await this.kafka.ensureTopics(topics.map((topic) => ({ topic, numPartitions: 6 })));
      const consumer = this.kafka.kafka.consumer({
        groupId: `${this.env.KAFKA_GROUP_PREFIX}.dashboard.live.${randomUUID()}`,
        maxWaitTimeInMs: 250,
      });
      this.consumer = consumer;
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: false });
      await consumer.run({
        eachMessage: ({ topic, message }) => {
          this.changes.next({
            topic,
            type: message.headers?.ce_type?.toString() ?? null,
            key: message.key?.toString() ?? null,
          });
          return Promise.resolve();
        },
      });
    } catch (error) {
      // The page still works without live updates; readiness reports Kafka separately.
      this.logger.warn(`live updates unavailable: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.changes.complete();
    await this.consumer?.disconnect();
  }
}

@ApiTags('dashboard')
@Controller('api')
export class LiveUpdatesController {
  constructor(private readonly live: LiveUpdates) {}

  @Sse('events')
  @ApiOperation({ summary: 'Server-sent events: `change` whenever a service publishes' })
  events(): Observable<MessageEvent> {
    return concat(
      of({ type: 'ready', data: {} }),
      this.live.changes.pipe(map((change) => ({ type: 'change', data: change }))),
    );
  }
}
