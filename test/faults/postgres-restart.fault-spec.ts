import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { STATE_DIR } from '../../scripts/infra/state';
import { bearer } from '../support/auth';
import { eventually } from '../support/eventually';
import { freePort, launchService, ready, type ServiceProcess } from '../support/processes';
import { recordFigures, seconds } from './support/figures';
import { privatePostgres, type PrivatePostgres } from './support/private-postgres';

const CLIENTS = 8;
const LOAD_MS = 24_000;
const OUTAGE_AT_MS = 6_000;
const OUTAGE_MS = 6_000;
/** A request that takes longer than this is a hang, not an answer. */
const HANG_MS = 15_000;

interface Answer {
  status: number | 'network_error' | 'hang';
  ms: number;
}

/**
 * Postgres crashes (SIGKILL to the server and its backends) while alliance managers register partners
 * and add contacts, and is started again, recovering from its write-ahead log. The service must answer
 * every request in bounded time: what it could not do is a 503 and changed nothing. A write whose
 * COMMIT reached Postgres while its answer was lost is the case to catch: adding a contact is not
 * idempotent by nature (each one adds another), so a client retrying it with its Idempotency-Key
 * must find it applied once, the retry answered with the original (`Idempotent-Replayed`). When
 * Postgres is back the service carries on by itself (pools, the outbox relay's LISTEN connection,
 * consumers).
 */
describe('Postgres crashes under load', () => {
  let pg: PrivatePostgres;
  let partners: ServiceProcess;
  const answers: Answer[] = [];
  const readiness: number[] = [];
  const user = bearer(['alliance_manager'], { subject: 'fault-pg' });

  beforeAll(async () => {
    pg = await privatePostgres();
    partners = launchService('partner-service', await freePort(), {
      DATABASE_URL: pg.url,
      KAFKA_GROUP_PREFIX: `fault-pg-${randomUUID()}`,
      WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    if (!(await ready(partners.port))) throw new Error(`partner-service did not start:\n${partners.output()}`);
  }, 120_000);

  afterAll(async () => {
    await partners?.stop();
    pg?.destroy();
  }, 60_000);

  async function call(
    method: string,
    path: string,
    body: object,
    headers: Record<string, string> = {},
  ): Promise<{
    status: Answer['status'];
    body: Record<string, unknown>;
    retryAfter: string | null;
    replayed: boolean;
  }> {
    const began = Date.now();
    try {
      const response = await fetch(`http://127.0.0.1:${partners.port}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...user, ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(HANG_MS),
      });
      const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      answers.push({ status: response.status, ms: Date.now() - began });
      return {
        status: response.status,
        body: json,
        retryAfter: response.headers.get('retry-after'),
        replayed: response.headers.get('idempotent-replayed') === 'true',
      };
    } catch (error) {
      const hang = (error as Error).name === 'TimeoutError';
      answers.push({ status: hang ? 'hang' : 'network_error', ms: Date.now() - began });
      return { status: hang ? 'hang' : 'network_error', body: {}, retryAfter: null, replayed: false };
    }
  }

  /** What a well-behaved client does: retry a 503 or a dropped connection, with the same key. */
  async function untilAnswered(method: string, path: string, body: object, headers: Record<string, string> = {}) {
    for (let failed = false; ; failed = true) {
      const result = await call(method, path, body, headers);
      if (result.status !== 503 && result.status !== 'network_error') {
        // An attempt failed, yet the retry found the write done: it had committed behind the failure.
        if (failed && result.replayed) committedBehindFailures.push(`${method} ${path}`);
        return result;
      }
      await sleep(result.retryAfter ? 500 : 200);
    }
  }
  const committedBehindFailures: string[] = [];

  it('answers 503 (never a hang, never a 500) while it is down, and applies each write once', async () => {
    const created = new Map<string, string>();
    const contacts = new Map<string, number>();
    const started = Date.now();
    let outage = { began: 0, ended: 0 };

    const chaos = (async () => {
      await sleep(OUTAGE_AT_MS);
      outage.began = Date.now();
      pg.kill();
      for (let waited = 0; waited < OUTAGE_MS; waited += 1_000) {
        const response = await fetch(`http://127.0.0.1:${partners.port}/health/ready`).catch(() => null);
        readiness.push(response?.status ?? 0);
        await sleep(1_000);
      }
      pg.start();
      outage = { ...outage, ended: Date.now() };
    })();

    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; Date.now() - started < LOAD_MS; i++) {
          const key = `fault-pg-${client}-${i}`;
          const registered = await untilAnswered(
            'POST',
            '/partners',
            { name: `Fault University ${client}-${i}`, type: 'university', country: 'FI' },
            { 'Idempotency-Key': key },
          );
          expect(registered.status).toBe(201);
          const id = registered.body.id as string;
          created.set(key, id);
          const added = await untilAnswered(
            'POST',
            `/partners/${id}/contacts`,
            {
              name: `Liaison ${client}-${i}`,
              email: `liaison-${client}-${i}@fault.fi`,
              role: 'other',
              internal: false,
            },
            { 'Idempotency-Key': `${key}-contact` },
          );
          expect(added.status).toBe(201);
          contacts.set(id, (contacts.get(id) ?? 0) + 1);
        }
      }),
    );
    await chaos;

    // Back to normal by itself.
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${partners.port}/health/ready`)).status,
      (status) => status === 200,
      30_000,
    );

    const db = new Client({ connectionString: pg.url });
    await db.connect();
    try {
      const ids = [...created.values()];
      const streams = await db.query<{ stream_id: string; events: number; version: number }>(
        `SELECT stream_id, count(*)::int AS events, max(stream_version)::int AS version
           FROM partner.events WHERE stream_id LIKE 'partner-%' GROUP BY stream_id`,
      );
      const directory = await db.query<{ partner_id: string; version: number; contact_count: number }>(
        'SELECT partner_id, version, contact_count FROM partner.partner_directory',
      );
      const backlog = await eventually(
        async () =>
          (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM partner.outbox WHERE published_at IS NULL'))
            .rows[0].n,
        (n) => n === 0,
        30_000,
      ).catch((error: Error) => {
        const log = join(STATE_DIR, 'faults', 'postgres-restart.log');
        mkdirSync(dirname(log), { recursive: true });
        writeFileSync(log, partners.output());
        throw new Error(`the outbox did not drain (${error.message}); service log in ${log}`);
      });
      const figures = {
        clients: CLIENTS,
        outageMs: outage.ended - outage.began,
        requests: answers.length,
        byStatus: answers.reduce<Record<string, number>>((counts, { status }) => {
          counts[status] = (counts[status] ?? 0) + 1;
          return counts;
        }, {}),
        slowestAnswerMs: Math.max(...answers.map((a) => a.ms)),
        partnersCreated: ids.length,
        streams: streams.rowCount,
        directoryRows: directory.rowCount,
        contactsAdded: [...contacts.values()].reduce((sum, n) => sum + n, 0),
        committedBehindFailures: committedBehindFailures.length,
        outboxBacklog: backlog,
        readinessDuringOutage: readiness,
      };
      recordFigures(
        'postgres-restart',
        `${figures.requests} requests from ${CLIENTS} clients, Postgres down ${seconds(figures.outageMs)} s: ${JSON.stringify(figures.byStatus)}, slowest answer ${figures.slowestAnswerMs} ms; ${figures.partnersCreated} partners created, ${figures.contactsAdded} contacts added, ${figures.committedBehindFailures} writes found committed behind a 503 or a dropped connection and answered by replay, ${figures.streams} streams, ${figures.directoryRows} read-model rows, outbox backlog ${figures.outboxBacklog}`,
        figures,
      );

      // It really went down under load, and readiness said so.
      expect(figures.byStatus['503'] ?? 0).toBeGreaterThan(0);
      expect(readiness.some((status) => status === 503)).toBe(true);
      // Every request was answered in bounded time, and none with an error of ours.
      expect(figures.byStatus.hang ?? 0).toBe(0);
      expect(Object.keys(figures.byStatus).filter((status) => status.startsWith('5') && status !== '503')).toEqual([]);
      // Each key made exactly one partner: one stream each, no stray stream, no duplicate.
      expect(new Set(ids).size).toBe(ids.length);
      expect(streams.rows.map((row) => row.stream_id).sort()).toEqual(ids.map((id) => `partner-${id}`).sort());
      // No half-write and no doubled write: every stream has its read-model row at the same version,
      // with one event per accepted command (the registration and one contact), and one contact.
      const rows = new Map(directory.rows.map((row) => [row.partner_id, row]));
      for (const stream of streams.rows) {
        const id = stream.stream_id.slice('partner-'.length);
        const row = rows.get(id);
        expect({ id, events: stream.events, version: row?.version, contacts: row?.contact_count }).toEqual({
          id,
          events: 1 + (contacts.get(id) ?? 0),
          version: stream.version,
          contacts: contacts.get(id) ?? 0,
        });
      }
    } finally {
      await db.end();
    }
  }, 180_000);
});
