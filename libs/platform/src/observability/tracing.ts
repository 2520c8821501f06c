import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { withTimeout } from '@accord/messaging';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { IdOnlyTracerProvider, samplerOf } from './id-only-tracer';

export type TraceExporter = 'otlp' | 'console' | 'none';

/**
 * Where spans go, from the OpenTelemetry SDK's usual variables: nowhere unless asked.
 * `OTEL_TRACES_EXPORTER=otlp` (or `console`) asks; so does an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) on its own;
 * `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turns it off.
 */
export function traceExporterOf(env: NodeJS.ProcessEnv): TraceExporter {
  if (env.OTEL_SDK_DISABLED === 'true') return 'none';
  const named = env.OTEL_TRACES_EXPORTER?.split(',')[0].trim();
  if (named === 'otlp' || named === 'console' || named === 'none') return named;
  if (named) diag.warn(`OTEL_TRACES_EXPORTER=${named} is not supported (otlp, console, none): not exporting`);
  if (named) return 'none';
  return env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : 'none';
}

let provider: NodeTracerProvider | undefined;

/**
 * The tracer provider for a service, not yet registered. With an exporter, the SDK's own: every span
 * is recorded and shipped. Without one, an id-only provider: its spans record nothing (a recorded span
 * would be dropped the moment it ends), but each still has a fresh span id in its parent's trace (or a
 * new trace), and the sampled flag the configured sampler (`OTEL_TRACES_SAMPLER`, by default
 * parent-based, always on) gives it, exactly as the SDK would: so the `traceparent` written into
 * events and Kafka headers, and the trace and span ids in the logs, are what they were.
 */
export function tracerProviderFor(serviceName: string, env: NodeJS.ProcessEnv = process.env): NodeTracerProvider {
  const resource = resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName });
  const exporter = traceExporterOf(env);
  if (exporter === 'none') return new IdOnlyTracerProvider({ resource }, samplerOf(env));
  const spanProcessors: SpanProcessor[] =
    exporter === 'otlp'
      ? [new BatchSpanProcessor(new OTLPTraceExporter())]
      : [new SimpleSpanProcessor(new ConsoleSpanExporter())];
  return new NodeTracerProvider({ resource, spanProcessors });
}

/**
 * Sets tracing up for the process, once (apps booted side by side in one test process share it).
 *
 * The tracer provider is registered even when nothing is exported: it is what gives each request,
 * command and message its span ids, what keeps the active span across awaits (AsyncLocalStorage),
 * and what reads and writes W3C `traceparent` headers. So trace ids always reach the events'
 * metadata, the Kafka headers and the logs; an exporter only adds recording and shipping the spans.
 * Without one, spans are not recorded at all (see `tracerProviderFor`). The OTLP exporter reads its
 * own variables (endpoint, headers, timeout), and the sampler `OTEL_TRACES_SAMPLER` (default:
 * parent-based, always on).
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): NodeTracerProvider {
  if (provider) return provider;
  // The SDK reports its own trouble (a bad variable; a collector that does not answer) through `diag`
  // and its error handler, which say nothing unless given a logger. Tracing trouble is never the
  // service's failure: it is a warning in the service's log.
  const logger = new Logger('OpenTelemetry');
  const ignore = () => undefined;
  const warn = (message: string) => logger.warn(message);
  diag.setLogger({ error: warn, warn, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);
  setGlobalErrorHandler((error) =>
    logger.warn(
      `could not export spans: ${typeof error === 'string' ? error : (error.message ?? error.name ?? error.code)}`,
    ),
  );
  provider = tracerProviderFor(serviceName, env);
  // The global tracer provider, the AsyncLocalStorage context manager, and the W3C trace-context
  // and baggage propagators.
  provider.register();
  return provider;
}

/**
 * Sends the spans still buffered (on shutdown): a batch exporter would otherwise lose the last ones.
 * For a second at most, and never failing: an absent collector must not hold up or fail a shutdown.
 */
export async function flushTraces(): Promise<void> {
  if (!provider) return;
  await withTimeout(provider.forceFlush(), 1_000, 'spans not flushed within a second').catch(() => undefined);
}

/** Tracing for as long as the app runs: set up when the app is created, flushed when it stops. */
export class Tracing implements OnApplicationShutdown {
  constructor(serviceName: string) {
    startTracing(serviceName);
  }

  onApplicationShutdown(): Promise<void> {
    return flushTraces();
  }
}
