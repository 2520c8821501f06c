import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextOfMessage } from '../trace-context';
import type { ReceivedMessage } from './received-message';

// The OpenTelemetry API: spans are no-ops unless the service set tracing up (libs/platform does).
const tracer = trace.getTracer('@accord/messaging');

/**
 * Runs `work` in a span that continues the sender's trace, with its correlation id for the logs.
 * `group`: the consumer group handling the message.
 */
export function inMessageSpan<T>(group: string, received: ReceivedMessage, work: () => Promise<T>): Promise<T> {
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.destination.name': received.topic,
    'messaging.destination.partition.id': String(received.partition),
    'messaging.kafka.offset': Number(received.offset),
    'messaging.message.id': received.id,
    'messaging.consumer.group.name': group,
  };
  const options = { kind: SpanKind.CONSUMER, attributes };
  return tracer.startActiveSpan(
    `process ${received.topic}`,
    options,
    contextOfMessage(received.headers),
    async (span) => {
      try {
        return await work();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
