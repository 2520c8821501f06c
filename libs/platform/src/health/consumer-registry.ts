import { Injectable } from '@nestjs/common';
import type { ConsumerStatus, IdempotentConsumer, PartitionLag } from '@accord/messaging';
import { Metrics } from '../observability/metrics';

export interface ConsumerLag extends ConsumerStatus {
  name: string;
  /** Messages on the consumed topics that the consumer has still to apply. */
  totalLag: number;
  partitions: PartitionLag[];
}

/**
 * The service's Kafka consumers: their lag and state at `GET /health/consumers`, whether they run at
 * `GET /health/ready`, and their crashes and restarts in `/metrics`.
 */
@Injectable()
export class ConsumerRegistry {
  private readonly consumers = new Map<string, IdempotentConsumer>();

  constructor(private readonly metrics: Metrics) {}

  /** `name`: the consumer's name in the service, as in its metrics' `consumer` label. */
  register(name: string, consumer: IdempotentConsumer): void {
    this.consumers.set(name, consumer);
    consumer.watch(this.metrics.consumerWatcher(name));
  }

  /** Each consumer's state, read in memory: cheap enough for every readiness probe. */
  statuses(): { name: string; status: ConsumerStatus }[] {
    return [...this.consumers].map(([name, consumer]) => ({ name, status: consumer.status() }));
  }

  async lag(): Promise<ConsumerLag[]> {
    return Promise.all(
      [...this.consumers].map(async ([name, consumer]) => {
        const partitions = await consumer.lag();
        const totalLag = partitions.reduce((sum, p) => sum + p.lag, 0);
        return { name, ...consumer.status(), totalLag, partitions };
      }),
    );
  }
}
