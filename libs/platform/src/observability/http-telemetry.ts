import type { IncomingMessage } from 'node:http';
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
import type { NextFunction, Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { withCorrelationId } from '@accord/messaging';
import { correlationIdOf } from '../http/request-context';
import type { Metrics } from './metrics';

const tracer = trace.getTracer('@accord/platform');

/** Each request's server span, from the middleware that opens it to the log line that closes it. */
const spans = new WeakMap<IncomingMessage, Span>();

/**
 * The route template a request matched (`/partners/:id`), or `(unmatched)` for a 404: never the raw
 * path, which would make a series per partner.
 */
function routeOf(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : '(unmatched)';
}

/**
 * Express middleware, first in line: every request, refused ones (401, 413, 429) included, gets a
 * server span (continuing the caller's trace when it sent a W3C `traceparent`) and is timed into
 * `accord_http_request_duration_seconds` when its response is done.
 */
export function httpTelemetry(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = performance.now();
    const span = tracer.startSpan(
      request.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.path': request.path } },
      propagation.extract(ROOT_CONTEXT, request.headers),
    );
    spans.set(request, span);
    // 'close' comes for every response, also one whose client went away before it was finished.
    response.once('close', () => {
      const route = routeOf(request);
      const status = response.statusCode;
      metrics.httpRequestDuration.observe(
        { method: request.method, route, status: String(status) },
        (performance.now() - started) / 1000,
      );
      // Without an exporter the span records nothing (tracing.ts): it only gave the request its ids.
      if (span.isRecording()) {
        span.updateName(`${request.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    });
    next();
  };
}

/** The request's span and correlation id, as the context its handler runs in. */
export function contextOfRequest(request: IncomingMessage): Context {
  const span = spans.get(request);
  return withCorrelationId(span ? trace.setSpan(ROOT_CONTEXT, span) : ROOT_CONTEXT, correlationIdOf(request));
}

/** The span of a request, if it came through `httpTelemetry`. */
export function spanOfRequest(request: IncomingMessage): Span | undefined {
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
    const request = execution.switchToHttp().getRequest<Request>();
    return context.with(contextOfRequest(request), () => next.handle());
  }
}
