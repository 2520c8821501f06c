import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { PARTNER_TOPIC } from '@accord/contracts';
import { KafkaClient, OutboxRelay } from '@accord/messaging';
import { waitUntil } from '../../../scripts/infra/processes';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { PartnerServiceModule } from '../src/app.module';
import { partnerService } from '../src/service';
import { api } from '../../../test/support/auth';

/**
 * An alliance manager's first session with the partner service, end to end on real Postgres and
 * Kafka: register the University of Tokyo, lose an edit race, add a contact and erase them again,
 * and check what other services received, and that the erased person is gone for good.
 */
describe('partner-service end to end', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const kafka = new KafkaClient({
    clientId: `e2e-${randomUUID()}`,
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
  });
  const http = () => api(app);
  // Unique per run, because the topic is shared with every other run and test.
  const personName = `Kazuyuki Aihara ${randomUUID().slice(0, 8)}`;
  const personEmail = `aihara.${randomUUID().slice(0, 8)}@example.ac.jp`;

  beforeAll(async () => {
    db = await createTestDatabase('partners_e2e');
    app = await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await app?.close();
    await kafka.onApplicationShutdown();
    await db?.drop();
  });

  /** What an outside service sees: every message on the partner topic for this partner. */
  async function messagesFor(partnerId: string, expected: number): Promise<KafkaMessage[]> {
    const consumer = kafka.kafka.consumer({ groupId: `e2e-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const all: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: PARTNER_TOPIC, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          all.push(message);
          return Promise.resolve();
        },
      });
      const mine = () => all.filter((m) => m.key?.toString() === partnerId);
      await waitUntil(() => mine().length >= expected, 30_000);
      return mine();
    } finally {
      await consumer.disconnect();
    }
  }

  it('registers, refuses a stale edit, adds and erases a contact, and publishes it all without personal data', async () => {
    const registered = await http()
      .post('/partners')
      .send({
        name: 'University of Tokyo',
        type: 'university',
        country: 'JP',
        website: 'https://www.u-tokyo.ac.jp',
        technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics'],
        tier: 'strategic',
      })
      .expect(201);
    const partnerId = (registered.body as { id: string }).id;

    // Two alliance managers edit at once; the second one worked on version 1 and is told so.
    await http()
      .patch(`/partners/${partnerId}`)
      .set('If-Match', '"1"')
      .send({ tier: 'strategic', technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics', 'scholarships'] })
      .expect(200);
    await http().patch(`/partners/${partnerId}`).set('If-Match', '"1"').send({ tier: 'key' }).expect(412);

    const added = await http()
      .post(`/partners/${partnerId}/contacts`)
      .set('If-Match', '"2"')
      .send({ name: personName, email: personEmail, role: 'principal_investigator', internal: false })
      .expect(201);
    const { contactId } = added.body as { contactId: string };
    expect((await http().get(`/partners/${partnerId}`)).body.contacts[0]).toMatchObject({
      name: personName,
      email: personEmail,
    });

    await http().post(`/partners/${partnerId}/contacts/${contactId}/erase`).expect(200, { id: partnerId, version: 4 });

    // Every change reached the topic, in order, keyed by the partner, with CloudEvents headers.
    const messages = await messagesFor(partnerId, 4);
    expect(messages.map((m) => m.headers?.ce_type?.toString())).toEqual([
      'accord.partner.registered.v1',
      'accord.partner.profile-updated.v1',
      'accord.partner.contact-added.v1',
      'accord.partner.contact-erased.v1',
    ]);
    expect(messages.map((m) => (JSON.parse(m.value!.toString()) as { version: number }).version)).toEqual([1, 2, 3, 4]);
    expect(JSON.parse(messages[0].value!.toString())).toMatchObject({
      partnerId,
      name: 'University of Tokyo',
      country: 'JP',
      status: 'prospect',
    });
    await waitUntil(async () => (await app.get(OutboxRelay).backlog()) === 0, 10_000);

    // The erased person appears nowhere: not in any table (events, read models, outbox, keys)...
    const tables = await db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const table of tables) {
      const hits = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table.schema}"."${table.name}" t WHERE t::text ILIKE $1 OR t::text ILIKE $2`,
        [`%${personName}%`, `%${personEmail}%`],
      );
      expect({ table: table.name, hits: hits[0].n }).toEqual({ table: table.name, hits: 0 });
    }
    // ...nor in anything published, and the sealed copies in the events cannot be opened any more.
    for (const message of messages) {
      const text = `${message.value!.toString()} ${JSON.stringify(message.headers, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString() : v))}`;
      expect(text).not.toContain(personName);
      expect(text).not.toContain(personEmail);
    }
    const history = (await http().get(`/partners/${partnerId}/history`).expect(200)).body as {
      type: string;
      data: object;
    }[];
    expect(history.find((h) => h.type === 'ContactAdded')?.data).toMatchObject({ contactId, name: null, email: null });
    expect((await http().get(`/partners/${partnerId}`)).body.contacts).toEqual([
      { id: contactId, name: null, email: null, role: 'principal_investigator', internal: false, status: 'erased' },
    ]);
  }, 60_000);
});
