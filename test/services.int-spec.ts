import type { INestApplication, Type } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IdempotentConsumer, KafkaClient, silentLogger } from '@accord/messaging';
import { ConsumerRegistry, PLATFORM_MIGRATIONS, type ServiceDescriptor } from '@accord/platform';
import { DataSource } from 'typeorm';
import { AgreementServiceModule } from '../apps/agreement-service/src/app.module';
import { agreementService } from '../apps/agreement-service/src/service';
import { PartnerServiceModule } from '../apps/partner-service/src/app.module';
import { partnerService } from '../apps/partner-service/src/service';
import { ProjectServiceModule } from '../apps/project-service/src/app.module';
import { projectService } from '../apps/project-service/src/service';
import { createTestDatabase, type TestDatabase } from './support/database';
import { bootService } from './support/service';
import { api } from './support/auth';

const services: { name: string; service: ServiceDescriptor; module: Type<unknown> }[] = [
  { name: partnerService.name, service: partnerService, module: PartnerServiceModule },
  { name: agreementService.name, service: agreementService, module: AgreementServiceModule },
  { name: projectService.name, service: projectService, module: ProjectServiceModule },
];

describe.each(services)('$name on real Postgres and Kafka', ({ service, module }) => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase(service.defaultSchema);
    app = await bootService(service, module, { DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('is live', async () => {
    await api(app).get('/health').expect(200, { status: 'ok' });
  });

  it('is ready: Postgres and Kafka both answer', async () => {
    const response = await api(app).get('/health/ready').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, kafka: { status: 'up', brokers: 1 } },
    });
  });

  it('migrated its own schema at start-up, and only its own', async () => {
    const tables = await db.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_name`,
    );
    expect(new Set(tables.map((t) => t.table_schema))).toEqual(new Set([service.defaultSchema]));
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['events', 'inbox', 'migrations', 'outbox']),
    );
    const [{ pending }] = await db.query<{ pending: number }>(
      `SELECT $1::int - count(*)::int AS pending FROM ${service.defaultSchema}.migrations`,
      [service.migrations.length + PLATFORM_MIGRATIONS.length],
    );
    expect(pending).toBe(0);
  });

  it('serves its OpenAPI document at /docs', async () => {
    const json = await api(app).get('/docs-json').expect(200);
    expect(json.body.info.title).toBe(service.title);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready']));
    const page = await api(app).get('/docs/').expect(200);
    expect(page.text).toContain('swagger-ui');
  });

  it('answers an unknown route with problem details, not an HTML page', async () => {
    const response = await api(app).get('/no-such-thing').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'not_found', instance: '/no-such-thing' });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers malformed JSON with a 400 problem, not a 500 or a stack trace', async () => {
    const response = await api(app)
      .post('/health')
      .set('content-type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(response.body).toMatchObject({ status: 400, code: 'bad_request' });
    expect(JSON.stringify(response.body)).not.toMatch(/\bat \S+ \(/);
  });
});

describe('a service whose Kafka is unreachable', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase('nokafka');
    // Port 1 on loopback: nothing listens there, so every connection is refused at once.
    app = await bootService(partnerService, PartnerServiceModule, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: '127.0.0.1:1',
      // Every refused connection is logged as an error; here that is the expected outcome.
      LOG_LEVEL: 'fatal',
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('stays live but reports not ready, naming Kafka', async () => {
    await api(app).get('/health').expect(200);
    const response = await api(app).get('/health/ready').expect(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 503,
      code: 'not_ready',
      detail: 'unreachable: kafka',
      checks: { kafka: { status: 'down' }, postgres: { status: 'up' } },
    });
  });
});

describe("a service's lag", () => {
  it('shows the outbox backlog and, per registered consumer, the messages it has still to apply', async () => {
    const db = await createTestDatabase('lag');
    const app = await bootService(projectService, ProjectServiceModule, { DATABASE_URL: db.url });
    const topic = `test.lag.${randomUUID()}`;
    const kafka = app.get(KafkaClient);
    try {
      await kafka.ensureTopics([{ topic, numPartitions: 1 }]);
      const producer = kafka.kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [1, 2, 3].map((n) => ({ key: 'k', value: JSON.stringify({ n }) })) });
      await producer.disconnect();
      const consumer = new IdempotentConsumer({
        logger: silentLogger,
        client: kafka,
        dataSource: app.get(DataSource),
        name: `lag-test-${randomUUID()}`,
        topics: [topic],
        handler: () => Promise.resolve(),
      });
      app.get(ConsumerRegistry).register('lag-test', consumer);

      const response = await api(app).get('/health/consumers').expect(200);
      expect(response.body.outboxBacklog).toBe(0);
      // The service's own consumers are listed too; this one has three messages still to apply.
      expect(response.body.consumers).toContainEqual(
        expect.objectContaining({
          name: 'lag-test',
          totalLag: 3,
          partitions: [{ topic, partition: 0, committedOffset: null, endOffset: 3, lag: 3 }],
        }),
      );
    } finally {
      await app.close();
      await db.drop();
    }
  });
});

describe('a service facing the internet', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase('hardening');
    app = await bootService(partnerService, PartnerServiceModule, {
      DATABASE_URL: db.url,
      WRITE_RATE_LIMIT_PER_MINUTE: '3',
      CORS_ORIGINS: 'https://portal.example.com',
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('sends security headers with every answer', async () => {
    const response = await api(app).get('/health').expect(200);
    expect(response.headers).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
    });
  });

  it('lets only the configured browser origins call it', async () => {
    const allowed = await api(app).get('/partners').set('Origin', 'https://portal.example.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example.com');
    const other = await api(app).get('/partners').set('Origin', 'https://evil.example.net');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a body over 100 kB with a 413 problem, and writes nothing', async () => {
    const response = await api(app)
      .post('/partners')
      .send({ name: 'x'.repeat(1_000_000), type: 'university', country: 'JP' })
      .expect(413);
    expect(response.body).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect((await api(app).get('/partners').expect(200)).body.total).toBe(0);
  });

  it('limits writes per client and minute (429), but not reads', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (
          await api(app)
            .post('/partners')
            .send({ name: `Limited ${i}`, type: 'startup', country: 'JP' })
        ).status,
      );
    }
    // The 413 above counted as a write too.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    const limited = await api(app)
      .post('/partners')
      .send({ name: 'One more', type: 'startup', country: 'JP' })
      .expect(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'too_many_requests' });
    for (let i = 0; i < 10; i++) await api(app).get('/partners').expect(200);
  });
});

describe('closing a service', () => {
  it('leaves no database connection behind', async () => {
    const db = await createTestDatabase('shutdown');
    try {
      const app = await bootService(projectService, ProjectServiceModule, { DATABASE_URL: db.url });
      await api(app).get('/health/ready').expect(200);
      const connections = () =>
        db.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
          [db.name, projectService.name],
        );
      expect(Number((await connections())[0].n)).toBeGreaterThan(0);
      await app.close();
      expect(Number((await connections())[0].n)).toBe(0);
    } finally {
      await db.drop();
    }
  });
});
