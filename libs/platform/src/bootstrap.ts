import 'reflect-metadata';
import { NestFactory, type AbstractHttpAdapter } from '@nestjs/core';
import type { INestApplication, Type } from '@nestjs/common';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ConfigError, ServiceEnvironment, loadEnvironment } from './config/environment';
import { IDEMPOTENT_WRITE_HEADER } from './http/idempotency/idempotent-writes';
import { ProblemDetailsFilter } from './http/problem-details';
import { jsonBodiesOnly, nonJsonBody, parseJsonBody, parsesAsJson } from './http/json-bodies';
import { fastifyHttpTelemetry, httpTelemetry } from './observability/http-telemetry';
import { requestIdOf } from './logging/logging';
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

/**
 * A strict content security policy (scripts and data from this origin only; the API docs and the
 * dashboard need nothing else), no sniffing, no framing, HSTS: helmet's defaults with this policy.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
    },
  },
};

/**
 * helmet's own middleware, made once: @fastify/helmet would make it again on every request, parsing
 * the content security policy each time (9 % of a `/health` answer).
 */
const securityHeaders = helmet(SECURITY_HEADERS);

/** Answers what Fastify refuses before Nest sees it, as Nest's filter answers the rest. */
const FRAMEWORK_ERRORS = new ProblemDetailsFilter();

/** The largest request body: Express's body-parser default (`100kb`), which the services always had. */
const BODY_LIMIT = 100 * 1024;

/** Which browser origins may call the service, and the headers their scripts may read. */
interface Cors {
  origin: string[];
  methods: string;
  exposedHeaders: string;
}

/**
 * The HTTP server a service runs on: Fastify for the three services, whose requests it serves with
 * less of the framework's own work; Express for the dashboard, whose sessions, proxy and web app are
 * Express middleware (`ServiceDescriptor.http`).
 */
export function httpAdapterFor(service: ServiceDescriptor): AbstractHttpAdapter {
  if (service.http !== 'fastify') return new ExpressAdapter();
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    genReqId: requestIdOf,
    // A path that is not validly percent-encoded is refused by Fastify's router before any hook
    // runs: answered here as every other bad request is, a problem document with the security headers.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      securityHeaders(request.raw, reply.raw, () => {
        reply.header('x-request-id', request.id);
        FRAMEWORK_ERRORS.answer(error, request, reply);
      }),
    // Routes match as they did on Express: with or without a trailing slash, in any case.
    // Any length of path parameter reaches its pipe, which names the bad id in a 400 (Fastify's own
    // limit of 100 characters would answer a 414); Node refuses a request line over 16 KiB anyway.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 16 * 1024 },
  });
}

/**
 * Shared HTTP settings, used by `main.ts` and by tests that boot the app in-process (on the adapter
 * of `httpAdapterFor`).
 */
export function configureApp(app: INestApplication, service: ServiceDescriptor): void {
  app.useLogger(app.get(Logger));
  const { CORS_ORIGINS } = app.get(ServiceEnvironment);
  const cors: Cors | undefined =
    CORS_ORIGINS.length > 0
      ? {
          origin: CORS_ORIGINS,
          // As strings, so that both adapters send the same headers (@fastify/cors would join a list
          // with ', ' and allow fewer methods by default than Express's cors).
          methods: 'GET,HEAD,PUT,PATCH,POST,DELETE',
          exposedHeaders: 'ETag,Location,x-request-id',
        }
      : undefined;
  if (service.http === 'fastify') configureFastify(app as NestFastifyApplication, app.get(Metrics), cors);
  else configureExpress(app as NestExpressApplication, app.get(Metrics), cors);
  mountApiDocs(app, service);
}

function configureExpress(app: NestExpressApplication, metrics: Metrics, cors: Cors | undefined): void {
  // First, so that every request is traced and timed, also one that a later step refuses.
  app.use(httpTelemetry(metrics));
  app.use(helmet(SECURITY_HEADERS));
  if (cors) app.enableCors(cors);
  // JSON only: any other request body is a 415 before it is read (after CORS, so that a browser can
  // read the answer). What passes is parsed as JSON, the `+json` types too (Nest's own parser reads
  // application/json only); the form parser Nest adds by default never sees a body.
  app.use(jsonBodiesOnly());
  app.useBodyParser('json', { type: parsesAsJson });
  // Nothing in a response should advertise the framework to a scanner.
  app.disable('x-powered-by');
}

/** The same settings on Fastify, which sends no `x-powered-by` of its own. */
function configureFastify(app: NestFastifyApplication, metrics: Metrics, cors: Cors | undefined): void {
  const adapter = app.getHttpAdapter() as FastifyAdapter;
  // Nest's adapter runs this hook first of all (before CORS and middleware), so that every request is
  // traced and timed, also one that a later step refuses.
  adapter.setOnRequestHook(fastifyHttpTelemetry(metrics));
  // The adapter answers CORS, preflights included, in its own hook, before the ones below.
  if (cors) app.enableCors(cors);
  adapter
    .getInstance()
    .addHook('onRequest', (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
    );
  // The request's id (`requestIdOf`, as pino-http's on Express) goes back to the caller.
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader('x-request-id', request.id);
    done();
  });
  // JSON only, after helmet so that a 415 carries the security headers too.
  adapter.getInstance().addHook('onRequest', (request, _reply, done) => done(nonJsonBody(request.raw)));
  // What passes is JSON (of any JSON type) or no body at all, so one parser reads every type; it
  // replaces Fastify's own (which would read text/plain) and Nest's (which would read forms).
  adapter.getInstance().removeAllContentTypeParsers();
  app.useBodyParser('*', { bodyLimit: BODY_LIMIT }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
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

  const app = await NestFactory.create(module, httpAdapterFor(service), { bufferLogs: true });
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
