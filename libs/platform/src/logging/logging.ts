import type { IncomingHttpHeaders } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { ServiceEnvironment } from '../config/environment';
import { logContextFields } from '../observability/log-context';

/** A request's id: the caller's `x-request-id` (128 characters at most), else a new UUID. */
export function requestIdOf(request: { headers: IncomingHttpHeaders }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && given.length <= 128 ? given : crypto.randomUUID();
}

/**
 * Structured JSON logs, one object a line, on stdout: what log shippers and `jq` expect. Each line
 * names the service; request logs carry an id (taken from `x-request-id` when the caller sent one);
 * lines written for a request or a message carry its `trace_id`, `span_id` and `correlation_id`.
 */
export function loggerParams(service: string, env: ServiceEnvironment): Params {
  return {
    pinoHttp: {
      level: env.LOG_LEVEL,
      base: { service },
      messageKey: 'message',
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label: string) => ({ level: label }) },
      mixin: logContextFields,
      // (On Fastify, @fastify/middie hands pino-http the id Fastify gave the request, from the same
      // `requestIdOf`, and the services' hook sends it back: see configureFastify.)
      genReqId: (request, response) => {
        const id = requestIdOf(request);
        response.setHeader('x-request-id', id);
        return id;
      },
      // Health probes arrive every few seconds; logging each would drown the useful lines.
      autoLogging: { ignore: (request) => request.url?.startsWith('/health') ?? false },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          // A server-sent events URL may carry a token (`?access_token=`): never write it to a log.
          url: request.url.replace(/([?&]access_token=)[^&]*/g, '$1[redacted]'),
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    },
  };
}
