import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { PostgresEventStore, rebuildProjection } from '@accord/event-store';
import { api } from '../../../test/support/auth';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { PartnerServiceModule } from '../src/app.module';
import { seal, unseal } from '../src/partners/contact-vault';
import { partnerViewsProjection } from '../src/partners/partner-views.projection';
import { partnerService } from '../src/service';
import { migratePartnerSchema, migrationsBefore } from './migrate-partner-schema';

const ROOT = join(__dirname, '..', '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A contact's name and e-mail must not be kept anywhere in clear: not in the read model (whose
 * WAL, dead rows and backups outlive any erasure), nor in a rebuild's copies, even one killed
 * half-way. Only the contact's key opens them, and erasing deletes it.
 */
describe('partner-service: contacts’ personal data at rest', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const http = () => api(app);

  beforeAll(async () => {
    db = await createTestDatabase('partner_contact_data');
    app = await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** Every row of every table but the event store and the key vault, as text. */
  async function storedText(): Promise<string> {
    const rows = await db.query<{ row: string }>(
      `SELECT c::text AS row FROM partner.partner_contacts c
       UNION ALL SELECT d::text FROM partner.partner_directory d`,
    );
    return rows.map((r) => r.row).join('\n');
  }

  async function partnerWithContacts(label: string) {
    const { id } = (
      await http()
        .post('/partners')
        .send({ name: `Tohoku University ${label}`, type: 'university', country: 'JP', technologyAreas: ['ai'] })
        .expect(201)
    ).body as { id: string };
    const add = async (name: string, email: string) =>
      (
        (
          await http()
            .post(`/partners/${id}/contacts`)
            .send({ name, email, role: 'principal_investigator', internal: false })
            .expect(201)
        ).body as { contactId: string }
      ).contactId;
    const kept = await add(`Hideo Ohno ${label}`, `ohno.${label}@example.ac.jp`);
    const erased = await add(`Makoto Ishikawa ${label}`, `ishikawa.${label}@example.ac.jp`);
    await http()
      .patch(`/partners/${id}/contacts/${kept}`)
      .send({ email: `h.ohno.${label}@example.ac.jp` })
      .expect(200);
    await http().post(`/partners/${id}/contacts/${erased}/erase`).expect(200);
    return { id, kept, erased };
  }

  function expectOpened(partner: { contacts: object[] }, label: string, kept: string, erased: string) {
    expect(partner.contacts).toEqual([
      expect.objectContaining({
        id: kept,
        name: `Hideo Ohno ${label}`,
        email: `h.ohno.${label}@example.ac.jp`,
        status: 'current',
      }),
      expect.objectContaining({ id: erased, name: null, email: null, status: 'erased' }),
    ]);
  }

  it('keeps names and e-mails sealed in the read model, opened with the contact’s key on read', async () => {
    const { id, kept, erased } = await partnerWithContacts('a');
    const stored = await storedText();
    for (const clear of ['Ohno', 'ohno.a@', 'Ishikawa', 'ishikawa.a@']) expect(stored).not.toContain(clear);
    expectOpened((await http().get(`/partners/${id}`).expect(200)).body, 'a', kept, erased);
    // A past view replays the same projection: the same opening on read.
    const past = await http()
      .get(`/partners/${id}?asOf=${encodeURIComponent(new Date().toISOString())}`)
      .expect(200);
    expectOpened(past.body, 'a', kept, erased);
    const [erasedRow] = await db.query(
      'SELECT sealed_name, sealed_email FROM partner.partner_contacts WHERE contact_id = $1',
      [erased],
    );
    expect(erasedRow).toEqual({ sealed_name: null, sealed_email: null });
  });

  it('a rebuild writes sealed rows too, and drops copies an earlier rebuild left behind', async () => {
    const { id, kept, erased } = await partnerWithContacts('b');
    // What a rebuild killed half-way used to leave: a schema of copies, names in clear.
    await db.query('CREATE SCHEMA partner_rebuild_contacts');
    await db.query(`CREATE TABLE partner_rebuild_contacts.partner_contacts (contact_id uuid, name text)`);
    await db.query(`INSERT INTO partner_rebuild_contacts.partner_contacts VALUES ($1, 'Hideo Ohno b')`, [kept]);

    const contactRows = () => db.query('SELECT * FROM partner.partner_contacts ORDER BY contact_id');
    const before = await contactRows();
    await rebuildProjection(app.get(PostgresEventStore), partnerViewsProjection);
    // The same sealed values as the events carry: a rebuild ends with the very rows appends wrote.
    expect(await contactRows()).toEqual(before);

    expect(await db.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'partner\\_rebuild\\_%'`)).toEqual([]);
    const stored = await storedText();
    for (const clear of ['Ohno', 'ohno.b@', 'Ishikawa']) expect(stored).not.toContain(clear);
    expectOpened((await http().get(`/partners/${id}`).expect(200)).body, 'b', kept, erased);
  }, 60_000);

  it('a rebuild killed half-way leaves no copy of the read model', async () => {
    // Enough events that the rebuild is still replaying when it is killed: written straight to the
    // event store, with keys, as if thousands of contacts had been added.
    const partnerId = randomUUID();
    const key = randomBytes(32);
    const count = 8_000;
    const contactId = (n: string) => `('00000000-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;
    await db.query(
      `INSERT INTO partner.events (event_id, stream_id, stream_version, event_type, data, metadata)
       VALUES ($1, 'partner-' || $2, 1, 'PartnerRegistered', $3, '{"occurredAt": "2026-01-05T09:00:00.000Z"}')`,
      [
        randomUUID(),
        partnerId,
        {
          partnerId,
          name: 'Keio University',
          type: 'university',
          country: 'JP',
          website: null,
          technologyAreas: [],
          tier: 'standard',
        },
      ],
    );
    await db.query(
      `INSERT INTO partner.events (event_id, stream_id, stream_version, event_type, data, metadata)
       SELECT gen_random_uuid(), 'partner-' || $1, n + 1, 'ContactAdded',
              jsonb_build_object('partnerId', $1::text, 'contactId', ${contactId('n')}, 'name', $2::text,
                                 'email', $3::text, 'role', 'legal', 'internal', false),
              '{"occurredAt": "2026-01-06T09:00:00.000Z"}'
         FROM generate_series(1, ${count}) n`,
      [partnerId, seal(key, 'Yukio Fujimoto'), seal(key, 'fujimoto@example.ac.jp')],
    );
    await db.query(
      `INSERT INTO partner.contact_keys (contact_id, key) SELECT ${contactId('n')}, $1 FROM generate_series(1, ${count}) n`,
      [key],
    );

    const child = spawn(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/rebuild.ts', 'partner-service', 'partner-views'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url, DB_SCHEMA: 'partner' },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const copies = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
            WHERE c.relname = 'partner_contacts' AND s.nspname <> 'partner'`,
        )
      )[0].n;
    try {
      for (let waited = 0; (await copies()) === 0; waited += 50) {
        if (waited > 30_000 || child.exitCode !== null) throw new Error(`the rebuild made no copy: ${output}`);
        await sleep(50);
      }
      await sleep(300);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
    await exited;
    expect(output).not.toContain('rebuilt from');

    // The killed rebuild's session ends a moment later; what it made must go with it.
    for (let waited = 0; (await copies()) > 0 && waited < 10_000; waited += 100) await sleep(100);
    expect(await copies()).toBe(0);
    expect(await db.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'partner\\_rebuild\\_%'`)).toEqual([]);
  }, 90_000);
});

/** The migration that seals the read model's names and e-mails seals the rows already there. */
describe('migration: contacts’ personal data sealed in the read model', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('partner_seal_contacts');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('seals names and e-mails with each contact’s key, and keeps erased ones empty', async () => {
    await migratePartnerSchema(db.url, migrationsBefore('SealContactsInReadModel'));
    const partnerId = randomUUID();
    const [current, erased, removed] = [randomUUID(), randomUUID(), randomUUID()];
    const keys = { [current]: randomBytes(32), [removed]: randomBytes(32) };
    for (const [contactId, key] of Object.entries(keys)) {
      await db.query('INSERT INTO partner.contact_keys (contact_id, key) VALUES ($1, $2)', [contactId, key]);
    }
    const contact = (contactId: string, name: string | null, email: string | null, status: string) =>
      db.query(
        `INSERT INTO partner.partner_contacts (contact_id, partner_id, name, email, role, internal, status, added_at, updated_at)
         VALUES ($1, $2, $3, $4, 'legal', true, $5, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')`,
        [contactId, partnerId, name, email, status],
      );
    await contact(current, 'Ryoji Noyori', 'noyori@example.ac.jp', 'current');
    await contact(erased, null, null, 'erased');
    await contact(removed, 'Shinya Yamanaka', 'yamanaka@example.ac.jp', 'removed');

    await migratePartnerSchema(db.url, partnerService.migrations);

    const rows = await db.query<Record<string, unknown>>(
      'SELECT c.*, c::text AS text FROM partner.partner_contacts c ORDER BY status',
    );
    const text = rows.map((row) => row.text).join('\n');
    for (const clear of ['Noyori', 'noyori@', 'Yamanaka', 'yamanaka@']) expect(text).not.toContain(clear);
    const opened = Object.fromEntries(
      rows.map((row) => {
        const key = keys[row.contact_id as string] ?? null;
        return [
          row.contact_id,
          {
            name: row.sealed_name === null ? null : unseal(key, row.sealed_name as string),
            email: row.sealed_email === null ? null : unseal(key, row.sealed_email as string),
            status: row.status,
            role: row.role,
          },
        ];
      }),
    );
    expect(opened).toEqual({
      [current]: { name: 'Ryoji Noyori', email: 'noyori@example.ac.jp', status: 'current', role: 'legal' },
      [erased]: { name: null, email: null, status: 'erased', role: 'legal' },
      [removed]: { name: 'Shinya Yamanaka', email: 'yamanaka@example.ac.jp', status: 'removed', role: 'legal' },
    });
    // The table keeps its key and index.
    const indexes = await db.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'partner' AND tablename = 'partner_contacts' ORDER BY 1`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual(['partner_contacts_partner', 'partner_contacts_pkey']);
  }, 60_000);
});
