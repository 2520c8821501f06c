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
 * Sets tracing up for the process, once (apps booted side by side in one test process share it).
 *
 * The tracer provider is registered even when nothing is exported: it is what gives each request,
 * command and message its span ids, what keeps the active span across awaits (AsyncLocalStorage),
 * and what reads and writes W3C `traceparent` headers. So trace ids always reach the events'
 * metadata, the Kafka headers and the logs; an exporter only adds shipping the spans. Without one,
 * a finished span is dropped at once. The OTLP exporter reads its own variables (endpoint, headers,
 * timeout), and the sampler `OTEL_TRACES_SAMPLER` (default: parent-based, always on).
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
  const exporter = traceExporterOf(env);
  const spanProcessors: SpanProcessor[] =
    exporter === 'otlp'
      ? [new BatchSpanProcessor(new OTLPTraceExporter())]
      : exporter === 'console'
        ? [new SimpleSpanProcessor(new ConsoleSpanExporter())]
        : [];
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors,
  });
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
