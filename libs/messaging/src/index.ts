export { KafkaClient, type KafkaClientOptions } from './kafka-client';
export { withTimeout } from './timeout';
export { OutboxRelay, type OutboxRelayOptions, type PublishedMessage } from './outbox-relay';
export { OUTBOX_PARKING_SQL, OutboxParking1765600000000 } from './outbox-parking.migration';
export {
  IdempotentConsumer,
  type IdempotentConsumerOptions,
  type MessageHandler,
  type ConsumeOutcome,
  type PartitionLag,
  waitingFetch,
} from './consumer/idempotent-consumer';
export {
  isDown,
  type ConsumerEvent,
  type ConsumerState,
  type ConsumerStatus,
  type ConsumerWatcher,
} from './consumer/consumer-status';
export type { RestartPolicy } from './consumer/restart-backoff';
export { consoleLogger, silentLogger, type ConsumerLogger } from './consumer/consumer-logger';
export { activeCorrelationId, contextOfMessage, withCorrelationId } from './trace-context';
export type { ReceivedMessage } from './consumer/received-message';
export { MalformedMessageError, requirePayload, type FieldCheck } from './consumer/payload';
