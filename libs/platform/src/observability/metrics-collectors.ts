import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { OutboxRelay, withTimeout } from '@accord/messaging';
import { ConsumerRegistry, type ConsumerLag } from '../health/consumer-registry';
import { Metrics } from './metrics';

/** A scrape must answer even when Kafka or Postgres does not: what cannot be read in time is left out. */
const COLLECT_TIMEOUT_MS = 2_500;

/** One reading shared by the gauges collected in the same scrape, so they agree and cost one round. */
class SharedReading<T> {
  private last?: { at: number; value: Promise<T> };

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.last || Date.now() - this.last.at > 1_000) this.last = { at: Date.now(), value: this.read() };
    return this.last.value;
  }
}

/**
 * The gauges read when Prometheus scrapes `/metrics`: how much is waiting, and where. A scrape costs
 * one query (the outbox) and one round of Kafka admin requests (the lag of every consumer), so a
 * scrape every 15 seconds or more costs next to nothing.
 */
@Injectable()
export class MetricsCollectors {
  private readonly logger = new Logger('Metrics');

  constructor(metrics: Metrics, relay: OutboxRelay, consumers: ConsumerRegistry) {
    const registers = [metrics.registry];
    const outbox = new SharedReading(() => relay.unpublished());
    const lags = new SharedReading<ConsumerLag[]>(() => consumers.lag());

    const backlog: Gauge = new Gauge({
      name: 'accord_outbox_backlog',
      help: 'Outbox messages Kafka has not acknowledged yet (the same on every instance: it is one table)',
      registers,
      collect: () => this.read('outbox', backlog, async () => backlog.set((await outbox.get()).messages)),
    });
    const oldest: Gauge = new Gauge({
      name: 'accord_outbox_oldest_pending_seconds',
      help: 'How long the oldest unpublished outbox message has waited (0 when none waits)',
      registers,
      collect: () => this.read('outbox', oldest, async () => oldest.set((await outbox.get()).oldestSeconds)),
    });
    const parked: Gauge = new Gauge({
      name: 'accord_outbox_parked',
      help: 'Outbox messages Kafka refused for good (too large), left out until an operator clears them: alert above 0',
      registers,
      collect: () => this.read('outbox', parked, async () => parked.set((await outbox.get()).parked)),
    });
    const leader: Gauge = new Gauge({
      name: 'accord_outbox_relay_leader',
      help: '1 on the one instance of the service whose relay holds the lock and publishes, 0 on the others',
      registers,
      collect: () => leader.set(relay.isLeader ? 1 : 0),
    });
    const consumerLag: Gauge = new Gauge({
      name: 'accord_consumer_lag',
      help: "Messages on a partition that this service's consumer group has still to apply",
      labelNames: ['consumer', 'topic', 'partition'],
      registers,
      collect: () =>
        this.read('consumer lag', consumerLag, async () => {
          for (const { name, partitions } of await lags.get()) {
            for (const { topic, partition, lag } of partitions) {
              consumerLag.set({ consumer: name, topic, partition: String(partition) }, lag);
            }
          }
        }),
    });
    const up: Gauge = new Gauge({
      name: 'accord_consumer_up',
      help: '1 while a consumer runs in its group; 0 while it starts, or crashed and is not running again yet',
      labelNames: ['consumer'],
      registers,
      collect: () => {
        up.reset();
        for (const { name, status } of consumers.statuses())
          up.set({ consumer: name }, status.state === 'running' ? 1 : 0);
      },
    });
    const projectionLag: Gauge = new Gauge({
      name: 'accord_projection_lag',
      help:
        "Per read model kept from other services' events: messages between the last one it applied and the head " +
        'of its topics (inline projections are written with their events and never lag)',
      labelNames: ['projection'],
      registers,
      collect: () =>
        this.read('projection lag', projectionLag, async () => {
          for (const { name, totalLag } of await lags.get()) projectionLag.set({ projection: name }, totalLag);
        }),
    });
  }

  /** Sets a gauge from `read`, or leaves it without a value (no stale number) if that fails or hangs. */
  private async read(what: string, gauge: Gauge, read: () => Promise<void>): Promise<void> {
    gauge.reset();
    try {
      await withTimeout(read(), COLLECT_TIMEOUT_MS, `no answer in ${COLLECT_TIMEOUT_MS} ms`);
    } catch (error) {
      gauge.reset();
      this.logger.warn(`could not read ${what} for /metrics: ${(error as Error).message}`);
    }
  }
}
