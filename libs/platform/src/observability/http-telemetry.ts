import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { Observable } from 'rxjs';
import { withCorrelationId } from '@accord/messaging';
import {
  correlationIdOf,
  messageOf,
  pathOf,
  routeTemplateOf,
  type IdentifiedRequest,
  type RequestMessage,
} from '../http/request-context';
import type { Metrics } from './metrics';

const tracer = trace.getTracer('@accord/platform');

/** Each request's server span, from the middleware that opens it to the log line that closes it. */
const spans = new WeakMap<object, Span>();

/**
 * Opens a request's server span (continuing the caller's trace when it sent a W3C `traceparent`) and,
 * when its response is done, times it into `accord_http_request_duration_seconds` by its route
 * template (`/partners/:id`), or `(unmatched)` for a 404: never the raw path, which would make a
 * series per partner.
 */
function observe(
  metrics: Metrics,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  routeOf: () => string | undefined,
): void {
  const started = performance.now();
  const method = request.method ?? '';
  const span = tracer.startSpan(
    method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': path } },
    propagation.extract(ROOT_CONTEXT, request.headers),
  );
  spans.set(request, span);
  // 'close' comes for every response, also one whose client went away before it was finished.
  response.once('close', () => {
    const route = routeOf() ?? '(unmatched)';
    const status = response.statusCode;
    metrics.httpRequestDuration.observe(
      { method, route, status: String(status) },
      (performance.now() - started) / 1000,
    );
    // Without an exporter the span records nothing (tracing.ts): it only gave the request its ids.
    if (span.isRecording()) {
      span.updateName(`${method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  });
}

/**
 * Express middleware, first in line: every request, refused ones (401, 413, 429) included, gets a
 * server span and is timed.
 */
export function httpTelemetry(metrics: Metrics) {
  return (request: IncomingMessage & IdentifiedRequest, response: ServerResponse, next: () => void): void => {
    observe(metrics, request, response, pathOf(request), () => routeTemplateOf(request));
    next();
  };
}

/**
 * The same as a Fastify `onRequest` hook, first in line. Fastify has routed the request before its
 * first hook, so its route template (`routeOptions.url`, none for a 404) is known from the start.
 */
export function fastifyHttpTelemetry(metrics: Metrics) {
  return (
    request: { raw: IncomingMessage; url: string; routeOptions: { url?: string } },
    reply: { raw: ServerResponse },
    done: () => void,
  ): void => {
    const route = request.routeOptions.url;
    observe(metrics, request.raw, reply.raw, request.url.split('?', 1)[0], () => route);
    done();
  };
}

/** The request's span and correlation id, as the context its handler runs in. */
export function contextOfRequest(request: RequestMessage): Context {
  const span = spans.get(request);
  return withCorrelationId(span ? trace.setSpan(ROOT_CONTEXT, span) : ROOT_CONTEXT, correlationIdOf(request));
}

/** The span of a request, if it came through `httpTelemetry`. */
export function spanOfRequest(request: object): Span | undefined {
  return spans.get(request);
}

/**
 * Runs each route handler in its request's context, so what it calls (the command bus, the command
 * handler, the event store) sees the request's span and correlation id as the active ones, across
 * every await. (The middleware cannot do it: the body parser between the two loses the context.)
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http') return next.handle();
    // On Fastify, the span is the Node.js message's (`raw`), as are the ids pino-http gives it.
    const request = messageOf(execution.switchToHttp().getRequest<IdentifiedRequest>());
    return context.with(contextOfRequest(request), () => next.handle());
  }
}
