import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { bearer } from './support/auth';
import { createTestDatabase, type TestDatabase } from './support/database';
import { eventually, onceKnown } from './support/eventually';
import { startAtTheEnd } from './support/kafka';
import { freePort, launchService, ready, type ServiceProcess } from './support/processes';

/**
 * One trace id, followed from an HTTP request to the agreement service (the last signature of a
 * partnership, sent with a W3C `traceparent`) through the events it recorded, their Kafka headers and
 * into the partner service's consumer, which logs the handling under that trace id and records it on
 * the event its reaction appends (the partner's activation). The agreement service exports its spans
 * over OTLP to a collector this test runs; the partner service exports nothing (the default) and
 * still carries the trace on.
 */
const run = randomUUID().slice(0, 8);
const traceId = randomBytes(16).toString('hex');
const callerSpanId = randomBytes(8).toString('hex');
const correlationId = `trace-test-${run}`;
const ada = bearer(['alliance_manager'], { subject: 'ada' });
const lee = bearer(['legal'], { subject: 'lee' });

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

interface OtlpRequest {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

describe('a trace from an HTTP request in one service to the consumer in another', () => {
  let db: TestDatabase;
  let collector: Server;
  const exported: { service: string; span: OtlpSpan }[] = [];
  const ports = { partner: 0, agreement: 0 };
  const services: ServiceProcess[] = [];

  const call = async (port: number, method: string, path: string, body?: object, headers: object = ada) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const ok = async (port: number, method: string, path: string, body?: object, headers: object = ada) => {
    const answer = await call(port, method, path, body, headers);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  beforeAll(async () => {
    // An OTLP/HTTP collector: what the agreement service exports arrives here as JSON.
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        for (const { resource, scopeSpans } of (JSON.parse(body) as OtlpRequest).resourceSpans) {
          const service = resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const { spans } of scopeSpans) exported.push(...spans.map((span) => ({ service, span })));
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    const collectorPort = await freePort();
    await new Promise<void>((resolve) => collector.listen(collectorPort, '127.0.0.1', resolve));

    const prefix = `trace-${run}`;
    await startAtTheEnd({
      [`${prefix}.partner-service.partner-activity`]: ['accord.agreements', 'accord.projects'],
      [`${prefix}.agreement-service.known-partners`]: ['accord.partners'],
    });
    db = await createTestDatabase('tracing');
    ports.partner = await freePort();
    ports.agreement = await freePort();
    const env = { DATABASE_URL: db.url, KAFKA_GROUP_PREFIX: prefix };
    services.push(
      // Debug: the consumer logs each message it applies.
      launchService('partner-service', ports.partner, { ...env, LOG_LEVEL: 'debug' }),
      launchService('agreement-service', ports.agreement, {
        ...env,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
        OTEL_BSP_SCHEDULE_DELAY: '100',
      }),
    );
    for (const [i, port] of [ports.partner, ports.agreement].entries()) {
      if (!(await ready(port, 60_000))) throw new Error(`did not become ready:\n${services[i].output()}`);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await new Promise((resolve) => collector?.close(resolve));
    await db?.drop();
  }, 60_000);

  it('carries the trace id of the request into the event metadata, the Kafka headers and the other service', async () => {
    const partnerId = (
      await ok(ports.partner, 'POST', '/partners', {
        name: `Tracing Institute ${run}`,
        type: 'research_institute',
        country: 'JP',
        technologyAreas: ['ai'],
        tier: 'key',
      })
    ).id as string;
    const drafted = await onceKnown(() =>
      call(ports.agreement, 'POST', '/agreements', {
        type: 'joint_research',
        title: 'Traced joint research',
        partyIds: [partnerId],
        ownerId: 'alliance-tracing',
        technologyAreas: ['ai'],
        effectiveDate: '2024-01-01',
      }),
    );
    const agreement = `/agreements/${drafted.body.id as string}`;
    await ok(ports.agreement, 'POST', `${agreement}/submit-for-review`);
    await ok(ports.agreement, 'POST', `${agreement}/approve`, undefined, lee);
    await ok(ports.agreement, 'POST', `${agreement}/sign`, { partyId: 'company' }, lee);

    // The traced request: the last signature, which establishes the partnership.
    await ok(
      ports.agreement,
      'POST',
      `${agreement}/sign`,
      { partyId: partnerId },
      { ...ada, traceparent: `00-${traceId}-${callerSpanId}-01`, 'x-correlation-id': correlationId },
    );

    // 1. The events it recorded, and the message the outbox sends to Kafka, carry the trace.
    const traced = new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`);
    const events = await db.query<{ type: string; traceparent: string }>(
      `SELECT event_type AS type, metadata->>'traceparent' AS traceparent FROM agreement.events
        WHERE stream_id = (SELECT stream_id FROM agreement.events WHERE data->>'agreementId' = $1 LIMIT 1)
        ORDER BY stream_version DESC LIMIT 3`,
      [drafted.body.id],
    );
    expect(events.map((e) => e.type).sort()).toEqual([
      'AgreementActivated',
      'AgreementFullyExecuted',
      'AgreementSignedByParty',
    ]);
    for (const event of events) expect(event.traceparent).toMatch(traced);
    const [established] = await db.query<{ traceparent: string; id: string }>(
      `SELECT headers->>'traceparent' AS traceparent, message_id::text AS id FROM agreement.outbox
        WHERE headers->>'ce_type' = 'accord.partnership.established.v1' AND message_key = $1`,
      [drafted.body.id],
    );
    expect(established.traceparent).toMatch(traced);

    // 2. The partner service consumed it from Kafka in the same trace, with the caller's correlation id.
    const handled = await eventually(
      () =>
        Promise.resolve(
          services[0]
            .output()
            .split('\n')
            .filter((line) => line.includes(`accord.partnership.established.v1 ${established.id} applied`)),
        ),
      (lines) => lines.length > 0,
      30_000,
    );
    expect(JSON.parse(handled[0])).toMatchObject({
      level: 'debug',
      service: 'partner-service',
      trace_id: traceId,
      correlation_id: correlationId,
    });
    // ...and its reaction, the partner's activation, was recorded in that trace too.
    const [activation] = await eventually(
      () =>
        db.query<{ traceparent: string }>(
          `SELECT metadata->>'traceparent' AS traceparent FROM partner.events
            WHERE event_type = 'PartnerActivated' AND data->>'partnerId' = $1`,
          [partnerId],
        ),
      (rows) => rows.length === 1,
    );
    expect(activation.traceparent).toMatch(traced);

    // 3. The agreement service exported the request's spans: the server span, a child of the
    // caller's, and the command's span under it.
    const spans = await eventually(
      () => Promise.resolve(exported.filter(({ span }) => span.traceId === traceId)),
      (found) => found.some(({ span }) => span.name === 'command Sign'),
      10_000,
    );
    const server = spans.find(({ span }) => span.name === 'POST /agreements/:id/sign')?.span;
    expect(server).toMatchObject({ parentSpanId: callerSpanId });
    expect(spans.find(({ span }) => span.name === 'command Sign')).toMatchObject({
      service: 'agreement-service',
      span: { parentSpanId: server?.spanId },
    });
  }, 120_000);
});
