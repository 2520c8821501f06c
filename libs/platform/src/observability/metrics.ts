import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventStoreObserver } from '@accord/event-store';
import type { ConsumeOutcome, ConsumerWatcher, PublishedMessage } from '@accord/messaging';

/** Latencies from a millisecond to a minute: requests and commands take milliseconds, an outage minutes. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The service's Prometheus metrics, served at `GET /metrics`. One registry per app (not prom-client's
 * global one), so apps booted side by side in a test process keep their counts apart.
 *
 * Counters and histograms here are fed as things happen (HTTP requests, commands, appends, publishes,
 * consumed messages); the gauges that describe a backlog (outbox, consumer and projection lag) are
 * read when Prometheus scrapes (see MetricsCollectors). Labels are bounded: route templates, command
 * and event type names, topics, partitions; never ids.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'accord_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status, and how long they took',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'accord_commands_total',
    help: 'Commands by type and outcome (accepted, unchanged, rejected, conflict, failed)',
    labelNames: ['command', 'outcome'],
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'accord_command_duration_seconds',
    help: 'How long commands took, retries on conflicts included',
    labelNames: ['command'],
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly conflicts = new Counter({
    name: 'accord_concurrency_conflicts_total',
    help: 'Commands that met a newer version of their stream: retried on fresh state, or rejected (412)',
    labelNames: ['command', 'resolution'],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'accord_events_appended_total',
    help: 'Events committed to the event store, by type',
    labelNames: ['event'],
    registers: [this.registry],
  });

  readonly outboxPublished = new Counter({
    name: 'accord_outbox_published_total',
    help: 'Outbox messages Kafka acknowledged, by topic (counted by the instance that published them)',
    labelNames: ['topic'],
    registers: [this.registry],
  });

  readonly outboxPublishLatency = new Histogram({
    name: 'accord_outbox_publish_latency_seconds',
    help: 'From a message written to the outbox (with its events) to Kafka acknowledging it',
    labelNames: ['topic'],
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly messagesConsumed = new Counter({
    name: 'accord_messages_consumed_total',
    help: 'Messages consumed, by consumer, topic and outcome (applied, duplicate, dead_lettered)',
    labelNames: ['consumer', 'topic', 'outcome'],
    registers: [this.registry],
  });

  readonly messageHandling = new Histogram({
    name: 'accord_message_handling_seconds',
    help: 'How long consumed messages took to handle, retries included',
    labelNames: ['consumer', 'topic'],
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'accord_dead_letters_total',
    help: 'Messages this instance sent to a dead-letter topic: each needs an operator (npm run dlq:replay)',
    labelNames: ['consumer', 'topic'],
    registers: [this.registry],
  });

  readonly consumerCrashes = new Counter({
    name: 'accord_consumer_crashes_total',
    help:
      'Consumers that kafkajs gave up on (its CRASH event), by who restarts them: kafkajs at once after a ' +
      'retriable error, or Accord after a backoff when kafkajs stopped the consumer for good',
    labelNames: ['consumer', 'restarted'],
    registers: [this.registry],
  });

  readonly consumerRestarts = new Counter({
    name: 'accord_consumer_restarts_total',
    help: 'Restarts of stopped consumers after their backoff, by outcome (running, or failed and retried later)',
    labelNames: ['consumer', 'outcome'],
    registers: [this.registry],
  });

  /**
   * Every series is labelled with the service, so one Prometheus job can scrape them all; process
   * metrics come too (CPU, memory, event loop lag, GC: `process_*` and `nodejs_*`).
   */
  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  /** What the event store and `handleCommand` report. */
  eventStoreObserver(): EventStoreObserver {
    return {
      commandHandled: (command, outcome, seconds) => {
        this.commands.inc({ command, outcome });
        this.commandDuration.observe({ command }, seconds);
      },
      conflict: (command, resolution) => this.conflicts.inc({ command, resolution }),
      appended: (events) => {
        for (const event of events) this.eventsAppended.inc({ event: event.type });
      },
    };
  }

  /** The outbox relay's acknowledged batches. */
  published(messages: PublishedMessage[]): void {
    const now = Date.now();
    for (const { topic, createdAt } of messages) {
      this.outboxPublished.inc({ topic });
      this.outboxPublishLatency.observe({ topic }, Math.max(0, now - createdAt.getTime()) / 1000);
    }
  }

  /**
   * A consumer's dead letters start at 0 rather than appear with the first one: an alert on their
   * increase then fires on that first one too.
   */
  consuming(consumer: string, topics: string[]): void {
    for (const topic of topics) this.deadLetters.inc({ consumer, topic }, 0);
  }

  /**
   * Counts a consumer's crashes and restarts, from 0 (an alert on their increase fires on the first
   * one too); `consumer` is the consumer's name in the service.
   */
  consumerWatcher(consumer: string): ConsumerWatcher {
    for (const restarted of ['kafkajs', 'backoff']) this.consumerCrashes.inc({ consumer, restarted }, 0);
    return (event) => {
      if (event.type === 'crashed') this.consumerCrashes.inc({ consumer, restarted: event.restarted });
      else this.consumerRestarts.inc({ consumer, outcome: event.outcome });
    };
  }

  /** One consumed message; `consumer` is the consumer's name in the service (not the group id). */
  consumed(consumer: string, topic: string, outcome: ConsumeOutcome, seconds: number): void {
    this.messagesConsumed.inc({ consumer, topic, outcome });
    this.messageHandling.observe({ consumer, topic }, seconds);
    if (outcome === 'dead_lettered') this.deadLetters.inc({ consumer, topic });
  }
}
