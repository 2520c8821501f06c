import { randomUUID } from 'node:crypto';
import { Module, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { eventStoreMigrations } from '@accord/event-store';
import { KafkaClient } from '@accord/messaging';
import { PlatformModule, type ServiceDescriptor } from '@accord/platform';
import { AgreementServiceModule } from '../apps/agreement-service/src/app.module';
import { agreementService } from '../apps/agreement-service/src/service';
import { PartnerServiceModule } from '../apps/partner-service/src/app.module';
import { partnerService } from '../apps/partner-service/src/service';
import { api } from './support/auth';
import { createTestDatabase, type TestDatabase } from './support/database';
import { eventually } from './support/eventually';
import { startAtTheEnd } from './support/kafka';
import { readScrape, type Scrape } from './support/metrics';
import { bootService } from './support/service';

/**
 * `GET /metrics` as Prometheus scrapes it (no token), before and after a small load on the partner
 * service, with the agreement service consuming what it publishes: every family of the operators'
 * metrics is there and moves. A third app, whose one consumer cannot apply anything, reads a topic of
 * this test's own (poison on the shared topics would reach every other suite's consumers) and shows
 * the dead-letter counter moving.
 */
const run = randomUUID().slice(0, 8);
const probeTopic = `test.metrics-probe.${run}`;

const probeService: ServiceDescriptor = {
  name: 'metrics-probe',
  title: 'A consumer that fails',
  description: 'Dead-letters every message it receives.',
  defaultPort: 1,
  defaultSchema: 'probe',
  migrations: [...eventStoreMigrations],
  entities: [],
  consumers: [
    {
      name: 'probe',
      topics: [{ topic: probeTopic, numPartitions: 1 }],
      handle: () => Promise.reject(new Error('this consumer applies nothing')),
    },
  ],
};

@Module({ imports: [PlatformModule.forService(probeService)] })
class ProbeModule {}

describe('GET /metrics', () => {
  let db: TestDatabase;
  let partners: INestApplication;
  let agreements: INestApplication;
  let probe: INestApplication;
  const kafka = new KafkaClient({ clientId: `metrics-${run}`, brokers: (process.env.KAFKA_BROKERS ?? '').split(',') });

  const metricsOf = async (app: INestApplication): Promise<Scrape> => {
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return readScrape(response.text);
  };

  beforeAll(async () => {
    const prefix = `metrics-${run}`;
    await startAtTheEnd({
      [`${prefix}.partner-service.partner-activity`]: ['accord.agreements', 'accord.projects'],
      [`${prefix}.agreement-service.known-partners`]: ['accord.partners'],
    });
    db = await createTestDatabase('metrics');
    const env = { DATABASE_URL: db.url, KAFKA_GROUP_PREFIX: prefix };
    [partners, agreements, probe] = await Promise.all([
      bootService(partnerService, PartnerServiceModule, env),
      bootService(agreementService, AgreementServiceModule, env),
      bootService(probeService, ProbeModule, env),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([partners, agreements, probe].map((app) => app?.close()));
    await kafka.onApplicationShutdown();
    await db?.drop();
  }, 30_000);

  it('shows requests, commands, conflicts, events, the outbox, lag and dead letters moving under a small load', async () => {
    const before = await metricsOf(partners);
    expect(before.value('accord_commands_total', { command: 'RegisterPartner' })).toBe(0);

    // The load: three registrations, a read, a stale edit and a request without a token.
    const ids: string[] = [];
    for (const name of ['Osaka University', 'NICT', 'Transgene']) {
      const body = { name: `${name} ${run}`, type: 'university', country: 'JP', technologyAreas: ['ai'], tier: 'key' };
      ids.push(((await api(partners).post('/partners').send(body).expect(201)).body as { id: string }).id);
    }
    await api(partners).get(`/partners/${ids[0]}`).expect(200);
    await api(partners).patch(`/partners/${ids[0]}`).set('If-Match', '"7"').send({ tier: 'strategic' }).expect(412);
    await request(partners.getHttpServer()).get('/partners').expect(401);

    // The agreement service hears of all three (and of other suites' partners: the topic is shared).
    await eventually(
      () =>
        db.query<{ n: number }>('SELECT count(*)::int AS n FROM agreement.known_partners WHERE partner_id = ANY($1)', [
          ids,
        ]),
      ([{ n }]) => n === 3,
    );
    const after = await eventually(
      () => metricsOf(partners),
      (m) => m.value('accord_outbox_published_total', { topic: 'accord.partners' }) >= 3,
    );

    // HTTP: latency histograms by route template and status, refused requests included.
    const http = 'accord_http_request_duration_seconds_count';
    expect(after.value(http, { method: 'POST', route: '/partners', status: '201', service: 'partner-service' })).toBe(
      3,
    );
    expect(after.value(http, { method: 'GET', route: '/partners/:id', status: '200' })).toBe(1);
    expect(after.value(http, { method: 'PATCH', route: '/partners/:id', status: '412' })).toBe(1);
    expect(after.value(http, { method: 'GET', route: '/partners', status: '401' })).toBe(1);
    expect(after.text).not.toContain(ids[0]);
    // Commands by type and outcome; the stale edit as a conflict; the events it appended.
    expect(after.value('accord_commands_total', { command: 'RegisterPartner', outcome: 'accepted' })).toBe(3);
    expect(after.value('accord_commands_total', { command: 'UpdatePartnerProfile', outcome: 'conflict' })).toBe(1);
    expect(
      after.value('accord_concurrency_conflicts_total', { command: 'UpdatePartnerProfile', resolution: 'rejected' }),
    ).toBe(1);
    expect(after.value('accord_command_duration_seconds_count', { command: 'RegisterPartner' })).toBe(3);
    expect(after.value('accord_events_appended_total', { event: 'PartnerRegistered' })).toBe(3);
    // The outbox: published, how long that took, nothing left waiting, and this instance publishing.
    expect(after.value('accord_outbox_publish_latency_seconds_count', { topic: 'accord.partners' })).toBe(3);
    expect(after.value('accord_outbox_backlog')).toBe(0);
    expect(after.has('accord_outbox_oldest_pending_seconds')).toBe(true);
    expect(after.value('accord_outbox_relay_leader')).toBe(1);
    // Process metrics come along.
    expect(after.has('process_cpu_seconds_total')).toBe(true);

    // The consumer side: messages applied, lag per topic and partition, and the read model's lag.
    const consumer = await eventually(
      () => metricsOf(agreements),
      (m) => m.has('accord_consumer_lag') && m.value('accord_projection_lag', { projection: 'known-partners' }) === 0,
    );
    expect(
      consumer.value('accord_messages_consumed_total', {
        consumer: 'known-partners',
        topic: 'accord.partners',
        outcome: 'applied',
      }),
    ).toBeGreaterThanOrEqual(3);
    for (let partition = 0; partition < 6; partition++) {
      expect(
        consumer.has('accord_consumer_lag', {
          consumer: 'known-partners',
          topic: 'accord.partners',
          partition: String(partition),
        }),
      ).toBe(true);
    }
    expect(consumer.value('accord_dead_letters_total', { consumer: 'known-partners', topic: 'accord.partners' })).toBe(
      0,
    );

    // Dead letters: zero from the start, one once a message could not be applied.
    expect((await metricsOf(probe)).value('accord_dead_letters_total', { consumer: 'probe', topic: probeTopic })).toBe(
      0,
    );
    const producer = kafka.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: probeTopic,
      messages: [{ value: '{}', headers: { ce_id: randomUUID(), ce_type: 'test.poison.v1' } }],
    });
    await producer.disconnect();
    await eventually(
      () => metricsOf(probe),
      (m) => m.value('accord_dead_letters_total', { consumer: 'probe', topic: probeTopic }) === 1,
      30_000,
    );
  }, 90_000);
});
