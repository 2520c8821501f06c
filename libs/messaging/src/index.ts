export { KafkaClient, type KafkaClientOptions } from './kafka-client';
export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
export {
  IdempotentConsumer,
  type IdempotentConsumerOptions,
  type MessageHandler,
  type PartitionLag,
} from './consumer/idempotent-consumer';
export type { ReceivedMessage } from './consumer/received-message';
