import {
  ROOT_CONTEXT,
  SpanKind,
  TraceFlags,
  isSpanContextValid,
  propagation,
  trace,
  type Span,
} from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { startTracing, traceExporterOf, tracerProviderFor } from './tracing';

describe('traceExporterOf: the OpenTelemetry variables that turn exporting on', () => {
  it.each([
    [{}, 'none'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'otlp'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, 'otlp'],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, 'otlp'],
    [{ OTEL_TRACES_EXPORTER: 'console' }, 'console'],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'none'],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' }, 'none'],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'none'],
  ])('%j → %s', (env, exporter) => {
    expect(traceExporterOf(env)).toBe(exporter);
  });
});

describe('without an exporter, a span records nothing but still carries the trace', () => {
  const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpanId = '00f067aa0ba902b7';
  const caller = (flags: string, tracestate?: string) =>
    propagation.extract(ROOT_CONTEXT, {
      traceparent: `00-${callerTraceId}-${callerSpanId}-${flags}`,
      ...(tracestate && { tracestate }),
    });
  const traceparentOf = (span: Span) => {
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
    return carrier.traceparent;
  };

  // As a service sets it up: registered globally, with nothing exported.
  beforeAll(() => startTracing('tracing-spec', {}));
  const tracer = () => trace.getTracer('@accord/test');

  it('gives a request a valid trace and span id, sampled as before, without recording it', () => {
    const span = tracer().startSpan('POST', { kind: SpanKind.SERVER });
    expect(span.isRecording()).toBe(false);
    const { traceId, spanId, traceFlags } = span.spanContext();
    expect(isSpanContextValid(span.spanContext())).toBe(true);
    expect(traceFlags).toBe(TraceFlags.SAMPLED);
    expect(traceparentOf(span)).toBe(`00-${traceId}-${spanId}-01`);
    span.end();
  });

  it("continues a caller's traceparent: its trace id, a span id of its own, the caller's sampled flag", () => {
    for (const flags of ['01', '00']) {
      const span = tracer().startSpan('POST', { kind: SpanKind.SERVER }, caller(flags));
      expect(span.isRecording()).toBe(false);
      expect(span.spanContext()).toMatchObject({ traceId: callerTraceId, traceFlags: Number(flags) });
      expect(span.spanContext().spanId).not.toBe(callerSpanId);
      expect(traceparentOf(span)).toMatch(new RegExp(`^00-${callerTraceId}-[0-9a-f]{16}-${flags}$`));
    }
  });

  it('keeps the active span across awaits, and makes children in its trace', async () => {
    await tracer().startActiveSpan('process accord.agreements', {}, caller('01'), async (message) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(trace.getActiveSpan()).toBe(message);
      await tracer().startActiveSpan('command Activate', async (command) => {
        await Promise.resolve();
        expect(trace.getActiveSpan()).toBe(command);
        expect(command.isRecording()).toBe(false);
        expect(command.spanContext()).toMatchObject({ traceId: callerTraceId, traceFlags: TraceFlags.SAMPLED });
        expect(command.spanContext().spanId).not.toBe(message.spanContext().spanId);
        command.end();
      });
      message.end();
    });
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it.each([
    [{}, 'no caller', ROOT_CONTEXT],
    [{}, 'a sampled caller', 'sampled'],
    [{}, 'an unsampled caller', 'unsampled'],
    [{ OTEL_TRACES_SAMPLER: 'always_off' }, 'no caller', ROOT_CONTEXT],
    [{ OTEL_TRACES_SAMPLER: 'always_off' }, 'a sampled caller', 'sampled'],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, 'no caller', ROOT_CONTEXT],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, 'a sampled caller', 'sampled'],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, 'no caller', ROOT_CONTEXT],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, 'a sampled caller', 'sampled'],
  ] as const)('makes the span context the SDK would: %j, %s', (env, _, parent) => {
    const parentContext =
      parent === 'sampled' ? caller('01', 'vendor=x') : parent === 'unsampled' ? caller('00') : ROOT_CONTEXT;
    const ours = tracerProviderFor('tracing-spec', env).getTracer('t').startSpan('s', {}, parentContext);
    const previous = process.env;
    process.env = { ...previous, ...env };
    const sdks = new NodeTracerProvider().getTracer('t').startSpan('s', {}, parentContext);
    process.env = previous;
    expect(ours.isRecording()).toBe(false);
    expect(isSpanContextValid(ours.spanContext())).toBe(true);
    const { traceId, traceFlags, traceState } = sdks.spanContext();
    expect(ours.spanContext()).toMatchObject({ traceFlags, traceState });
    if (parent !== ROOT_CONTEXT) expect(ours.spanContext().traceId).toBe(traceId);
  });

  it('records spans as before when an exporter is set', async () => {
    const exporting = tracerProviderFor('tracing-spec', { OTEL_TRACES_EXPORTER: 'console' });
    const span = exporting.getTracer('t').startSpan('s', {}, caller('01'));
    expect(span.isRecording()).toBe(true);
    expect(span.spanContext().traceId).toBe(callerTraceId);
    await exporting.shutdown();
  });
});
