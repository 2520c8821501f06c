import { ROOT_CONTEXT, context, createContextKey, propagation, type Context } from '@opentelemetry/api';

/**
 * What a log line written while handling a request or a message should carry besides the trace: its
 * correlation id. It lives in the OpenTelemetry context next to the active span, so it follows the
 * work across awaits the same way (and is lost the same way, outside of it).
 */
const CORRELATION_ID = createContextKey('accord.correlation_id');

export function withCorrelationId(parent: Context, correlationId: string | undefined): Context {
  return correlationId ? parent.setValue(CORRELATION_ID, correlationId) : parent;
}

export function activeCorrelationId(): string | undefined {
  const value = context.active().getValue(CORRELATION_ID);
  return typeof value === 'string' ? value : undefined;
}

/**
 * The context a received message is handled in: the sender's trace (its W3C `traceparent` header,
 * read by the propagator the service registered) and its correlation id.
 */
export function contextOfMessage(headers: Record<string, string>): Context {
  return withCorrelationId(propagation.extract(ROOT_CONTEXT, headers), headers.correlation_id);
}
