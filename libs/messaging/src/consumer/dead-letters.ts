import type { EachMessagePayload, Producer } from 'kafkajs';
import type { ConsumerLogger } from './consumer-logger';
import { deadLetterHeaders } from './dead-letter';

/** Publishes messages given up on to their dead-letter topic, with the reason in its headers. */
export class DeadLetters {
  constructor(
    /** The consumer group, named in the dead letter's headers. */
    private readonly consumer: string,
    readonly topicOf: (topic: string) => string,
    private readonly logger: ConsumerLogger,
  ) {}

  async send(producer: Producer, { topic, partition, message }: EachMessagePayload, error: string): Promise<void> {
    const deadLetterTopic = this.topicOf(topic);
    const headers = deadLetterHeaders(message.headers, {
      error,
      consumer: this.consumer,
      topic,
      partition,
      offset: message.offset,
      failedAt: new Date(),
    });
    await producer.send({
      topic: deadLetterTopic,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.logger.error(`${topic}[${partition}]@${message.offset}: dead-lettered to ${deadLetterTopic}: ${error}`);
  }
}
