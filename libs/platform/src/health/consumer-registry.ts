import { Injectable } from '@nestjs/common';
import type { IdempotentConsumer, PartitionLag } from '@accord/messaging';

export interface ConsumerLag {
  name: string;
  /** Messages on the consumed topics that the consumer has still to apply. */
  totalLag: number;
  partitions: PartitionLag[];
}

/** The service's Kafka consumers, so that their lag can be read at `GET /health/consumers`. */
@Injectable()
export class ConsumerRegistry {
  private readonly consumers = new Map<string, IdempotentConsumer>();

  register(name: string, consumer: IdempotentConsumer): void {
    this.consumers.set(name, consumer);
  }

  async lag(): Promise<ConsumerLag[]> {
    return Promise.all(
      [...this.consumers].map(async ([name, consumer]) => {
        const partitions = await consumer.lag();
        return { name, totalLag: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
      }),
    );
  }
}
