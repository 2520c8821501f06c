import { traceExporterOf } from './tracing';

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
