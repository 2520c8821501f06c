import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  ConfigResourceTypes,
  Kafka,
  logLevel,
  type Admin,
  type ITopicConfig,
  type LogEntry,
  type SASLOptions,
} from 'kafkajs';
import { withTimeout } from './timeout';
import { DEFAULT_TOPIC_SETTINGS, topicConfig, topicDifferences, type TopicSettings } from './topic-settings';

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  /** TLS to the brokers (certificates from the system store). */
  ssl?: boolean;
  /** SASL authentication, e.g. SCRAM-SHA-512 on a managed cluster. */
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** How topics are created (replication, retention, message size); see topic-settings.ts. */
  topics?: TopicSettings;
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
  /** Existing topics whose partitions and settings have been compared with the configured ones. */
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

  /**
   * Creates the topics that do not exist yet, with Accord's settings rather than the broker's
   * defaults, and waits until each has a leader. Existing topics are compared with those settings.
   */
  async ensureTopics(topics: ITopicConfig[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.topic));
    await this.checkExisting(topics.filter((topic) => existing.has(topic.topic)));
    if (missing.length === 0) return;
    const brokers = (await admin.describeCluster()).brokers.length;
    const settings = this.options.topics ?? DEFAULT_TOPIC_SETTINGS;
    await admin.createTopics({
      topics: missing.map((topic) => {
        const { replicationFactor, configs } = topicConfig(topic, settings, brokers);
        // What the caller sets for this one topic wins over the settings for all.
        for (const { name, value } of topic.configEntries ?? []) configs[name] = value;
        const configEntries = Object.entries(configs).map(([name, value]) => ({ name, value }));
        return { ...topic, replicationFactor: topic.replicationFactor ?? replicationFactor, configEntries };
      }),
      // Without waitForLeaders the first produce to a new topic can fail with a leader election error.
      waitForLeaders: true,
    });
  }

  /**
   * Nothing is changed on an existing topic, only reported, once: partitions are never added (that
   * would move keys to other partitions, and a key's messages published before and after would no
   * longer be read in order), and replication or retention are an operator's decision (see the
   * README's operations section).
   */
  private async checkExisting(topics: ITopicConfig[]): Promise<void> {
    const unchecked = topics.filter((topic) => !this.checked.has(topic.topic));
    if (unchecked.length === 0) return;
    const admin = await this.connectedAdmin();
    const names = unchecked.map((topic) => topic.topic);
    const [metadata, described, cluster] = await Promise.all([
      admin.fetchTopicMetadata({ topics: names }),
      admin.describeConfigs({
        resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
        includeSynonyms: false,
      }),
      admin.describeCluster(),
    ]);
    const settings = this.options.topics ?? DEFAULT_TOPIC_SETTINGS;
    for (const { name, partitions } of metadata.topics) {
      this.checked.add(name);
      const topic = unchecked.find((candidate) => candidate.topic === name)!;
      const problems = topicDifferences(topicConfig(topic, settings, cluster.brokers.length), {
        replicationFactor: Math.min(...partitions.map((partition) => partition.replicas.length)),
        configs: described.resources.find((resource) => resource.resourceName === name)?.configEntries ?? [],
      });
      const wanted = topic.numPartitions ?? 0;
      if (partitions.length < wanted)
        problems.unshift(
          `${partitions.length} partitions, not ${wanted}: at most ${partitions.length} instances of a service share its messages`,
        );
      if (problems.length > 0) this.logger.warn(`topic ${name} differs from Accord's settings: ${problems.join('; ')}`);
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
