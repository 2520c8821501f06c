export { KafkaClient, type KafkaClientOptions } from './kafka-client';
