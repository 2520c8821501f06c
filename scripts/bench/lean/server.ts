/**
 * The lean limit: what a registration costs with nothing between the socket and Postgres. A bare
 * `node:http` server and a `pg` pool (as large as a service's) that, for `POST /partners` with the
 * body the HTTP benchmark sends, makes the same three writes as partner-service in one transaction
 * (the event, the directory row, the outbox row with its NOTIFY; fsync and synchronous commit as
 * the server has them) and answers 201 with `{ id, version }`; and `GET /health`, answering 200.
 *
 * No framework, no authentication, no logging, no tracing, no metrics, no rate limit, a few lines
 * of validation: the floor under which no service of this design can go on this machine. Run by
 * the HTTP benchmark as a process of its own (`LEAN_DATABASE_URL`, `LEAN_SCHEMA`, `PORT`), on tables
 * shaped like partner-service's (see lean/lean.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'pg';

const url = process.env.LEAN_DATABASE_URL;
if (!url) throw new Error('LEAN_DATABASE_URL is not set');
const schema = process.env.LEAN_SCHEMA ?? 'lean';
if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`LEAN_SCHEMA ${schema} is not a plain identifier`);
const port = Number(process.env.PORT ?? 4199);
/** The services' pool: `max: 10` (libs/platform/src/database/database.ts). */
const pool = new Pool({ connectionString: url, max: Number(process.env.LEAN_POOL ?? 10), application_name: 'lean' });

// Named statements: planned once per connection, as the event store's append is.
const INSERT_EVENT = {
  name: 'lean_event',
  text: `INSERT INTO ${schema}.events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata)
         VALUES ($1, $2, 1, 'PartnerRegistered', 1, $3, $4) RETURNING stream_version`,
};
const INSERT_DIRECTORY = {
  name: 'lean_directory',
  text: `INSERT INTO ${schema}.partner_directory (partner_id, name, normalised_name, type, country, website,
           technology_areas, tier, status, status_since, contact_count, version, registered_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'prospect', $9, 0, 1, $10, $10)`,
};
// The NOTIFY in the insert's statement, as the event store sends it: wakes a relay on commit.
// LEAN_NOTIFY=0 leaves it out (for measuring what it costs; the bench keeps it).
const INSERT_OUTBOX = {
  name: 'lean_outbox',
  text:
    process.env.LEAN_NOTIFY === '0'
      ? `INSERT INTO ${schema}.outbox (message_id, topic, message_key, payload, headers)
           VALUES ($1, 'accord.partners', $2, $3, $4)`
      : `WITH queued AS (INSERT INTO ${schema}.outbox (message_id, topic, message_key, payload, headers)
           VALUES ($1, 'accord.partners', $2, $3, $4))
         SELECT pg_notify('${schema}_outbox', '')`,
};

const TYPES = new Set([
  'university',
  'research_institute',
  'startup',
  'venture_capital',
  'corporate',
  'government',
  'consortium',
  'nonprofit',
]);
const TIERS = new Set(['strategic', 'key', 'standard']);

interface Registration {
  name: string;
  type: string;
  country: string;
  website: string | null;
  technologyAreas: string[];
  tier: string;
}

/** The fields' shape, each bad one named; a few lines where the service uses class-validator. */
function validate(body: unknown): Registration | string[] {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const bad: string[] = [];
  if (typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > 200) bad.push('name');
  if (typeof b.type !== 'string' || !TYPES.has(b.type)) bad.push('type');
  if (typeof b.country !== 'string' || !/^[A-Z]{2}$/.test(b.country)) bad.push('country');
  if (b.website !== undefined && b.website !== null && typeof b.website !== 'string') bad.push('website');
  const areas = b.technologyAreas ?? [];
  if (!Array.isArray(areas) || areas.some((a) => typeof a !== 'string' || a.length > 60)) bad.push('technologyAreas');
  const tier = b.tier ?? 'standard';
  if (typeof tier !== 'string' || !TIERS.has(tier)) bad.push('tier');
  if (bad.length > 0) return bad;
  return {
    name: b.name as string,
    type: b.type as string,
    country: b.country as string,
    website: (b.website as string | undefined) ?? null,
    technologyAreas: areas as string[],
    tier: tier as string,
  };
}

const normalised = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

async function register(r: Registration): Promise<{ id: string; version: number }> {
  const id = randomUUID();
  const now = new Date();
  const occurredAt = now.toISOString();
  const eventId = randomUUID();
  const correlationId = randomUUID();
  const data = { partnerId: id, ...r };
  const metadata = {
    eventId,
    correlationId,
    causationId: correlationId,
    actor: 'user:bench',
    occurredAt,
    schemaVersion: 1,
  };
  const messageId = randomUUID();
  const headers = {
    ce_specversion: '1.0',
    ce_id: messageId,
    ce_type: 'accord.partner.registered.v1',
    ce_source: 'lean',
    ce_subject: id,
    ce_time: occurredAt,
    'content-type': 'application/json',
    correlation_id: correlationId,
    causation_id: eventId,
    actor: 'user:bench',
  };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ stream_version: number }>({
      ...INSERT_EVENT,
      values: [eventId, `partner-${id}`, JSON.stringify(data), JSON.stringify(metadata)],
    });
    await client.query({
      ...INSERT_DIRECTORY,
      values: [
        id,
        r.name,
        normalised(r.name),
        r.type,
        r.country,
        r.website,
        r.technologyAreas,
        r.tier,
        occurredAt.slice(0, 10),
        now,
      ],
    });
    const payload = { partnerId: id, version: 1, occurredAt, ...r, status: 'prospect' };
    await client.query({ ...INSERT_OUTBOX, values: [messageId, id, JSON.stringify(payload), JSON.stringify(headers)] });
    await client.query('COMMIT');
    return { id, version: rows[0].stream_version };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function send(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && (req.url === '/health' || req.url === '/health/ready')) {
    return send(res, 200, { status: 'ok' });
  }
  if (req.method === 'POST' && req.url === '/partners') {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      return send(res, 400, { message: 'the body is not JSON' });
    }
    const checked = validate(body);
    if (Array.isArray(checked)) return send(res, 400, { message: checked.map((field) => `${field} is invalid`) });
    try {
      return send(res, 201, await register(checked));
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return send(res, 409, { message: 'already registered' });
      return send(res, 500, { message: (error as Error).message });
    }
  }
  send(res, 404, { message: 'not found' });
}

const server = createServer((req, res) => {
  void handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
});
