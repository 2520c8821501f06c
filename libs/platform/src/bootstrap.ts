import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ConfigError, ServiceEnvironment, loadEnvironment } from './config/environment';
import { IDEMPOTENT_WRITE_HEADER } from './http/idempotency/idempotent-writes';
import { jsonBodiesOnly, parsesAsJson } from './http/json-bodies';
import { httpTelemetry } from './observability/http-telemetry';
import { Metrics } from './observability/metrics';
import type { ServiceDescriptor } from './service';

/**
 * The OpenAPI document, built from the controllers' decorators: what /docs serves, and what
 * `npm run openapi:export` writes to docs/openapi/ (from an app in preview mode, so nothing connects).
 */
export function buildApiDocument(app: INestApplication, service: ServiceDescriptor): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(service.title)
      .setDescription(
        `${service.description}\n\nEvery route but /health and /metrics needs \`Authorization: Bearer <token>\` (see the README's roles).`,
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  // Every write takes an Idempotency-Key (IdempotentWrites); creates declare theirs themselves.
  for (const operations of service.eventStore ? Object.values(document.paths) : []) {
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const operation = operations[method];
      if (!operation) continue;
      const parameters = (operation.parameters ??= []);
      if (!parameters.some((p) => 'name' in p && p.name === IDEMPOTENT_WRITE_HEADER.name)) {
        parameters.push({ in: 'header', ...IDEMPOTENT_WRITE_HEADER, schema: { type: 'string' } });
      }
    }
  }
  return document;
}

/** OpenAPI at /docs (JSON at /docs-json). */
export function mountApiDocs(app: INestApplication, service: ServiceDescriptor): void {
  SwaggerModule.setup('docs', app, buildApiDocument(app, service), { jsonDocumentUrl: 'docs-json' });
}

/** Shared HTTP settings, used by `main.ts` and by tests that boot the app in-process. */
export function configureApp(app: INestApplication, service: ServiceDescriptor): void {
  app.useLogger(app.get(Logger));
  // First, so that every request is traced and timed, also one that a later step refuses.
  app.use(httpTelemetry(app.get(Metrics)));
  // Security headers: a strict content security policy (scripts and data from this origin only; the
  // API docs and the dashboard need nothing else), no sniffing, no framing, HSTS.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
        },
      },
    }),
  );
  const { CORS_ORIGINS } = app.get(ServiceEnvironment);
  if (CORS_ORIGINS.length > 0)
    app.enableCors({ origin: CORS_ORIGINS, exposedHeaders: ['ETag', 'Location', 'x-request-id'] });
  // JSON only: any other request body is a 415 before it is read (after CORS, so that a browser can
  // read the answer). What passes is parsed as JSON, the `+json` types too (Nest's own parser reads
  // application/json only); the form parser Nest adds by default never sees a body.
  app.use(jsonBodiesOnly());
  (app as NestExpressApplication).useBodyParser('json', { type: parsesAsJson });
  // Nothing in a response should advertise the framework to a scanner.
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  mountApiDocs(app, service);
}

/**
 * Starts a service. A bad environment stops it with one line per bad variable and exit code 78
 * (EX_CONFIG), before anything connects; any other start-up failure is logged as JSON.
 */
export async function runService(service: ServiceDescriptor, module: Type<unknown>): Promise<void> {
  let env: ServiceEnvironment;
  try {
    env = loadEnvironment(process.env, { PORT: String(service.defaultPort), DB_SCHEMA: service.defaultSchema });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service.name}: ${error.message}\n`);
    process.exit(78);
  }

  const app = await NestFactory.create(module, { bufferLogs: true });
  configureApp(app, service);
  const logger = app.get(Logger);

  // Graceful shutdown: app.close() stops accepting connections and lets in-flight requests finish
  // (idle keep-alive sockets are closed), then runs the shutdown hooks that disconnect Kafka and
  // close the database pool. If that hangs, exit after SHUTDOWN_TIMEOUT_MS rather than ignore the
  // orchestrator's SIGTERM.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining`);
    setTimeout(() => {
      logger.error(`shutdown took longer than ${env.SHUTDOWN_TIMEOUT_MS} ms; exiting`);
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS).unref();
    app.close().then(
      () => {
        logger.log('stopped: requests drained, Kafka and Postgres disconnected');
        process.exit(0);
      },
      (error: Error) => {
        logger.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await app.listen(env.PORT, env.HOST);
  logger.log(`${service.name} listening on port ${env.PORT}; OpenAPI at /docs`);
}
