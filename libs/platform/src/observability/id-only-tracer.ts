import {
  INVALID_SPAN_CONTEXT,
  SpanKind,
  TraceFlags,
  context,
  isSpanContextValid,
  trace,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  NodeTracerProvider,
  ParentBasedSampler,
  RandomIdGenerator,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type NodeTracerConfig,
  type Sampler,
} from '@opentelemetry/sdk-trace-node';

/**
 * The sampler `OTEL_TRACES_SAMPLER` (and `OTEL_TRACES_SAMPLER_ARG`) names, as the SDK reads them; by
 * default parent-based, always on. (A value the SDK does not know it reports itself, when the provider
 * is made; it falls back to the default, as here.)
 */
export function samplerOf(env: NodeJS.ProcessEnv): Sampler {
  const named = env.OTEL_TRACES_SAMPLER;
  const ratio = () => {
    const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim() ? Number(env.OTEL_TRACES_SAMPLER_ARG) : NaN;
    return Number.isNaN(arg) || arg < 0 || arg > 1 ? 1 : arg;
  };
  switch (named) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio());
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * A tracer whose spans carry ids and nothing else, for a service that exports no spans. The SDK's
 * tracer would record each span (its name, attributes, times, status) only to drop it when it ends;
 * and its own way of not recording, a sampler that says NOT_RECORD, also clears the span's sampled
 * flag, which would change the `traceparent` this service passes on (a service downstream that
 * exports would then drop the trace). This one makes the same span context the SDK would: the
 * parent's trace id (or a new one), a new span id, the sampled flag and trace state the sampler
 * decides; the span itself is a non-recording one, as `trace.wrapSpanContext` makes.
 */
export class IdOnlyTracer implements Tracer {
  private readonly ids = new RandomIdGenerator();

  constructor(private readonly sampler: Sampler) {}

  startSpan(name: string, options: SpanOptions = {}, parentContext: Context = context.active()): Span {
    const parent = options.root ? trace.deleteSpan(parentContext) : parentContext;
    if (isTracingSuppressed(parent)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const parentSpanContext = trace.getSpanContext(parent);
    const continued = parentSpanContext && isSpanContextValid(parentSpanContext) ? parentSpanContext : undefined;
    const traceId = continued?.traceId ?? this.ids.generateTraceId();
    const sampling = this.sampler.shouldSample(
      parent,
      traceId,
      name,
      options.kind ?? SpanKind.INTERNAL,
      options.attributes ?? {},
      options.links ?? [],
    );
    return trace.wrapSpanContext({
      traceId,
      spanId: this.ids.generateSpanId(),
      traceFlags: sampling.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
      traceState: sampling.traceState ?? continued?.traceState,
    });
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    parentContext: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as (span: Span) => ReturnType<F>;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : undefined;
    const parentContext = rest.length > 2 ? (rest[1] as Context) : context.active();
    const span = this.startSpan(name, options, parentContext);
    return context.with(trace.setSpan(parentContext, span), fn, undefined, span);
  }
}

/**
 * The SDK's Node provider (so `register()` sets up the same context manager and propagators) whose
 * tracers are id-only: nothing is recorded, nothing is processed, nothing is exported.
 */
export class IdOnlyTracerProvider extends NodeTracerProvider {
  private readonly tracer: IdOnlyTracer;

  constructor(config: NodeTracerConfig, sampler: Sampler) {
    super(config);
    this.tracer = new IdOnlyTracer(sampler);
  }

  override getTracer(): Tracer {
    return this.tracer;
  }
}
