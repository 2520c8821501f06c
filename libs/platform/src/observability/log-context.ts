import type { ServerResponse } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { activeCorrelationId } from '@accord/messaging';
import { correlationIdOf } from '../http/request-context';
import { spanOfRequest } from './http-telemetry';

export interface LogContextFields {
  trace_id?: string;
  span_id?: string;
  correlation_id?: string;
}

/**
 * What each log line adds (a pino mixin): the trace and span it was written in and the correlation
 * id of the request or message being handled, so one user action can be followed through the logs of
 * every service (and into a tracing backend by its trace id).
 *
 * Lines written while a request or a message is handled find them in the active context. The line
 * pino-http writes when a response is done may come after that context is gone (a request refused by
 * the auth guard never entered it), so for it they are read from the request the response answers.
 */
export function logContextFields(mergeObject: object): LogContextFields {
  const request = (mergeObject as { res?: ServerResponse }).res?.req;
  const span = (request && spanOfRequest(request)) || trace.getActiveSpan();
  const spanContext = span?.spanContext();
  const correlationId = request ? correlationIdOf(request) : activeCorrelationId();
  return {
    ...(spanContext &&
      isSpanContextValid(spanContext) && { trace_id: spanContext.traceId, span_id: spanContext.spanId }),
    ...(correlationId && { correlation_id: correlationId }),
  };
}
