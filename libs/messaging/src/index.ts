export { KafkaClient, type KafkaClientOptions } from './kafka-client';
export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
