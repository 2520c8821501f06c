import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, logLevel, type Admin, type ITopicConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import { withTimeout } from './timeout';

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  /** TLS to the brokers (certificates from the system store). */
  ssl?: boolean;
  /** SASL authentication, e.g. SCRAM-SHA-512 on a managed cluster. */
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/**
 * The service's one connection to Kafka. kafkajs logs through its own logger; its entries are
 * forwarded to Nest's so they come out as the same structured JSON as everything else.
 */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');
  readonly kafka: Kafka;
  /**
   * Admin work (health probes, topic creation) goes through its own client with few retries: a
   * probe must fail fast while Kafka is away, and kafkajs takes connection retries from the client,
   * not from the admin's options.
   */
  private readonly adminKafka: Kafka;
  private admin?: Promise<Admin>;
  /** Existing topics whose partition count has been compared with the configured one. */
  private readonly checked = new Set<string>();

  constructor(readonly options: KafkaClientOptions) {
    const config = {
      clientId: options.clientId,
      brokers: options.brokers,
      ssl: options.ssl,
      // kafkajs types each mechanism separately; the three share this shape.
      sasl: options.sasl as SASLOptions | undefined,
      connectionTimeout: 3_000,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.log(entry),
    };
    this.kafka = new Kafka(config);
    this.adminKafka = new Kafka({ ...config, retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 } });
  }

  /** A shared admin client, connected on first use. */
  async connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.adminKafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    return this.admin;
  }

  /** Creates the topics that do not exist yet, and waits until each has a leader. */
  async ensureTopics(topics: ITopicConfig[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.topic));
    await this.warnOfFewerPartitions(topics.filter((topic) => existing.has(topic.topic)));
    if (missing.length === 0) return;
    // Without waitForLeaders the first produce to a new topic can fail with a leader election error.
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  }

  /**
   * Partitions are never added here: that would move keys to other partitions, and a key's messages
   * published before and after would no longer be read in order. Only an operator can judge when it
   * is safe (see the README's operations section), so an existing topic with fewer partitions than
   * its config asks for is only reported, once.
   */
  private async warnOfFewerPartitions(topics: ITopicConfig[]): Promise<void> {
    const unchecked = topics.filter((topic) => topic.numPartitions !== undefined && !this.checked.has(topic.topic));
    if (unchecked.length === 0) return;
    const admin = await this.connectedAdmin();
    const metadata = await admin.fetchTopicMetadata({ topics: unchecked.map((topic) => topic.topic) });
    for (const { name, partitions } of metadata.topics) {
      this.checked.add(name);
      const wanted = unchecked.find((topic) => topic.topic === name)?.numPartitions ?? 0;
      if (partitions.length < wanted) {
        this.logger.warn(
          `topic ${name} has ${partitions.length} partitions, not ${wanted}: ` +
            `at most ${partitions.length} instances of a service share its messages`,
        );
      }
    }
  }

  /** Ready means the cluster answers a metadata request within the timeout. */
  async ping(timeoutMs: number): Promise<{ brokers: number }> {
    const cluster = await withTimeout(
      this.connectedAdmin().then((admin) => admin.describeCluster()),
      timeoutMs,
      `no answer from ${this.options.brokers.join(',')} in ${timeoutMs} ms`,
    );
    return { brokers: cluster.brokers.length };
  }

  async onApplicationShutdown(): Promise<void> {
    const pending = this.admin;
    this.admin = undefined;
    const admin = await pending?.catch(() => undefined);
    await admin?.disconnect();
  }

  private log({ level, namespace, log }: LogEntry): void {
    // The stack of a refused connection says nothing the message does not; keep the line short.
    const { message, stack: _stack, ...extra } = log as LogEntry['log'] & { stack?: string };
    const text = `${namespace}: ${message} ${JSON.stringify(extra)}`;
    // kafkajs reports a rebalance as an error; it is what a group does whenever an instance of the
    // service starts or stops, and is handled by rejoining.
    if (/group is rebalancing/.test(String(extra.error))) this.logger.log(text);
    else if (level === logLevel.ERROR) this.logger.error(text);
    else if (level === logLevel.WARN) this.logger.warn(text);
    else this.logger.debug(text);
  }
}
