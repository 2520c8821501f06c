import type { TestDatabase } from '../../support/database';
import { SCHEMA, type ServiceName } from './cluster';
import type { CommandOutcome } from './load';
import type { TopicMessage } from './topics';

/** Which topic each service publishes, and which consumer groups of which service read which topics. */
export const PUBLISHES: Record<ServiceName, string> = {
  'partner-service': 'accord.partners',
  'agreement-service': 'accord.agreements',
  'project-service': 'accord.projects',
};
export const CONSUMERS: { service: ServiceName; name: string; topics: string[] }[] = [
  { service: 'agreement-service', name: 'known-partners', topics: ['accord.partners'] },
  { service: 'project-service', name: 'known-agreements', topics: ['accord.agreements'] },
  { service: 'partner-service', name: 'partner-activity', topics: ['accord.agreements', 'accord.projects'] },
];
const STREAM_PREFIX: Record<ServiceName, string> = {
  'partner-service': 'partner-',
  'agreement-service': 'agreement-',
  'project-service': 'project-',
};

export interface StoreFigures {
  events: number;
  outbox: number;
  unpublished: number;
}

/** Events and outbox messages per service: every stored event is announced by exactly one message. */
export async function storeFigures(db: TestDatabase): Promise<Record<ServiceName, StoreFigures>> {
  const entries = await Promise.all(
    (Object.keys(SCHEMA) as ServiceName[]).map(async (service) => {
      const schema = SCHEMA[service];
      const [row] = await db.query<StoreFigures>(
        `SELECT (SELECT count(*) FROM ${schema}.events)::int AS events,
                (SELECT count(*) FROM ${schema}.outbox)::int AS outbox,
                (SELECT count(*) FROM ${schema}.outbox WHERE published_at IS NULL)::int AS unpublished`,
      );
      return [service, row] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<ServiceName, StoreFigures>;
}

export interface TopicFigures {
  /** Messages in the service's outbox. */
  outbox: number;
  /** Of those, how many are on the topic (at least once). */
  published: number;
  /** Outbox messages missing from the topic. */
  lost: number;
  /** Copies beyond the first (a batch republished after a crash between send and mark). */
  republished: number;
  /** Messages on the topic that no outbox holds. */
  foreign: number;
  /** Keys whose first copies are not versions 1, 2, 3... in that order. */
  outOfOrderKeys: number;
}

/** Each outbox against its topic: every message on it, in order per key; copies counted. */
export async function compareOutboxWithTopics(
  db: TestDatabase,
  messages: TopicMessage[],
): Promise<Record<ServiceName, TopicFigures>> {
  const result = {} as Record<ServiceName, TopicFigures>;
  for (const service of Object.keys(PUBLISHES) as ServiceName[]) {
    const topic = PUBLISHES[service];
    const ids = new Set(
      (await db.query<{ id: string }>(`SELECT message_id::text AS id FROM ${SCHEMA[service]}.outbox`)).map((r) => r.id),
    );
    const copies = new Map<string, number>();
    const versions = new Map<string, number[]>();
    let foreign = 0;
    for (const message of messages.filter((m) => m.topic === topic)) {
      const id = message.headers.ce_id;
      if (!ids.has(id)) {
        foreign++;
        continue;
      }
      copies.set(id, (copies.get(id) ?? 0) + 1);
      if (copies.get(id) === 1) {
        const { version } = JSON.parse(message.value?.toString() ?? '{}') as { version?: number };
        versions.set(message.key ?? '', [...(versions.get(message.key ?? '') ?? []), version ?? -1]);
      }
    }
    const outOfOrderKeys = [...versions.values()].filter((v) => v.some((version, i) => version !== i + 1)).length;
    const total = [...copies.values()].reduce((sum, n) => sum + n, 0);
    result[service] = {
      outbox: ids.size,
      published: copies.size,
      lost: ids.size - copies.size,
      republished: total - copies.size,
      foreign,
      outOfOrderKeys,
    };
  }
  return result;
}

export interface InboxFigures {
  /** Distinct messages on the consumer's topics. */
  onTopics: number;
  /** Inbox rows of the consumer (the primary key makes each id appear once at most). */
  recorded: number;
  missing: number;
  extra: number;
}

/** Each consumer's inbox against the messages on its topics: each one recorded, none invented. */
export async function compareInboxesWithTopics(
  db: TestDatabase,
  groupPrefix: string,
  messages: TopicMessage[],
  exclude: (message: TopicMessage) => boolean = () => false,
): Promise<Record<string, InboxFigures>> {
  const result: Record<string, InboxFigures> = {};
  for (const { service, name, topics } of CONSUMERS) {
    const expected = new Set(
      messages.filter((m) => topics.includes(m.topic) && !exclude(m)).map((m) => m.headers.ce_id),
    );
    const recorded = new Set(
      (
        await db.query<{ id: string }>(`SELECT message_id AS id FROM ${SCHEMA[service]}.inbox WHERE consumer = $1`, [
          `${groupPrefix}.${service}.${name}`,
        ])
      ).map((r) => r.id),
    );
    result[`${service}/${name}`] = {
      onTopics: expected.size,
      recorded: recorded.size,
      missing: [...expected].filter((id) => !recorded.has(id)).length,
      extra: [...recorded].filter((id) => !expected.has(id)).length,
    };
  }
  return result;
}

/** Rows of `actual` that `expected` lacks and the reverse, both as sorted JSON: 0 means equal. */
async function differing(db: TestDatabase, expected: string, actual: string): Promise<number> {
  const [{ count }] = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM ((${expected} EXCEPT ${actual}) UNION ALL (${actual} EXCEPT ${expected})) d`,
  );
  return count;
}

/**
 * The services' copies of each other's data, each against the store it was copied from (through
 * their read models, which a rebuild check holds to the stores): rows that differ, 0 when converged.
 */
export async function compareCopies(db: TestDatabase): Promise<Record<string, number>> {
  return {
    // The agreement service's partners: name, status and version as the partner service has them.
    'agreement.known_partners': await differing(
      db,
      'SELECT partner_id, name, status, version FROM partner.partner_directory',
      'SELECT partner_id, name, status, version FROM agreement.known_partners',
    ),
    // The project service's agreements: title, status, parties and version.
    'project.known_agreements': await differing(
      db,
      `SELECT agreement_id, title, status, (SELECT array_agg(p ORDER BY p) FROM unnest(party_ids) p) AS parties, version
         FROM agreement.agreement_register`,
      `SELECT agreement_id, title, status, (SELECT array_agg(p ORDER BY p) FROM unnest(partner_ids) p) AS parties, version
         FROM project.known_agreements`,
    ),
    // The partner service's activity: each partner's agreements with their status...
    'partner.partner_agreements': await differing(
      db,
      'SELECT agreement_id, unnest(party_ids) AS partner_id, status FROM agreement.agreement_register',
      'SELECT agreement_id, partner_id, status FROM partner.partner_agreements',
    ),
    // ...and projects with their stage and status.
    'partner.partner_projects': await differing(
      db,
      'SELECT project_id, unnest(lead_partner_ids) AS partner_id, stage, status FROM project.project_register',
      'SELECT project_id, partner_id, stage, status FROM partner.partner_projects',
    ),
  };
}

/**
 * The reactions to other services' events, applied once each: a partner is activated once by its
 * first partnership (and is active), and an open project is flagged once per ended agreement.
 */
export async function compareReactions(db: TestDatabase): Promise<Record<string, number>> {
  const [row] = await db.query<Record<string, number>>(`
    WITH executed AS (
      SELECT DISTINCT jsonb_array_elements_text(data->'terms'->'partyIds') AS partner_id
        FROM agreement.events WHERE event_type = 'AgreementFullyExecuted'
    ), activations AS (
      SELECT data->>'partnerId' AS partner_id, count(*) AS n
        FROM partner.events WHERE event_type = 'PartnerActivated' GROUP BY 1
    ), flags AS (
      SELECT stream_id, data->>'agreementId' AS agreement_id, count(*) AS n
        FROM project.events WHERE event_type = 'ProjectFlagged' GROUP BY 1, 2
    ), ended AS (
      SELECT agreement_id FROM agreement.agreement_register WHERE status IN ('terminated', 'expired')
    )
    SELECT
      (SELECT count(*) FROM executed e LEFT JOIN activations a USING (partner_id) WHERE a.n IS NULL)::int
        AS "partnersNotActivated",
      (SELECT count(*) FROM activations WHERE n > 1)::int AS "partnersActivatedTwice",
      (SELECT count(*) FROM executed e JOIN partner.partner_directory d ON d.partner_id::text = e.partner_id
        WHERE d.status <> 'active')::int AS "executedPartnersNotActive",
      (SELECT count(*) FROM flags WHERE n > 1)::int AS "projectsFlaggedTwice",
      (SELECT count(*) FROM project.project_register p, ended e
        WHERE e.agreement_id = ANY(p.agreement_ids) AND NOT e.agreement_id = ANY(p.flagged_agreements)
          AND p.status NOT IN ('completed', 'killed', 'spun_out'))::int AS "openProjectsNotFlagged"`);
  return row;
}

/** Accepted commands whose version is not in their stream: each would be a write the client was told happened. */
export async function acceptedButMissing(db: TestDatabase, outcomes: CommandOutcome[]): Promise<number> {
  let missing = 0;
  for (const service of Object.keys(SCHEMA) as ServiceName[]) {
    const accepted = outcomes.filter((o) => o.service === service && o.id && o.version !== undefined);
    if (accepted.length === 0) continue;
    const [{ count }] = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM unnest($1::text[], $2::int[]) AS a(stream_id, version)
        WHERE NOT EXISTS (SELECT 1 FROM ${SCHEMA[service]}.events e
                           WHERE e.stream_id = a.stream_id AND e.stream_version = a.version)`,
      [accepted.map((o) => `${STREAM_PREFIX[service]}${o.id}`), accepted.map((o) => o.version)],
    );
    missing += count;
  }
  return missing;
}

/** A table's rows, as sorted JSON, to compare before and after. */
export async function snapshot(db: TestDatabase, table: string, columns = '*'): Promise<string[]> {
  const rows = await db.query<{ row: string }>(
    `SELECT to_jsonb(t)::text AS row FROM (SELECT ${columns} FROM ${table}) t`,
  );
  return rows.map((r) => r.row).sort();
}

/** Rows in one snapshot and not the other, both ways. */
export function snapshotDifference(before: string[], after: string[]): number {
  const a = new Set(before);
  const b = new Set(after);
  return [...a].filter((row) => !b.has(row)).length + [...b].filter((row) => !a.has(row)).length;
}
