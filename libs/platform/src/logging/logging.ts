import type { Params } from 'nestjs-pino';
import type { ServiceEnvironment } from '../config/environment';

/**
 * Structured JSON logs, one object a line, on stdout: what log shippers and `jq` expect. Each line
 * names the service; request logs carry an id (taken from `x-request-id` when the caller sent one).
 */
export function loggerParams(service: string, env: ServiceEnvironment): Params {
  return {
    pinoHttp: {
      level: env.LOG_LEVEL,
      base: { service },
      messageKey: 'message',
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label: string) => ({ level: label }) },
      genReqId: (request, response) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && given.length <= 128 ? given : crypto.randomUUID();
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
          url: request.url,
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    },
  };
}
