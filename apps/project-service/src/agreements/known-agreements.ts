import { randomUUID } from 'node:crypto';
import { AGREEMENT_MESSAGE_TYPES, AGREEMENT_TOPIC_CONFIG } from '@accord/contracts';
import { handleCommand, type PostgresEventStore } from '@accord/event-store';
import { requirePayload, type FieldCheck, type ReceivedMessage } from '@accord/messaging';
import type { ConsumerDescriptor } from '@accord/platform';
import type { EntityManager } from 'typeorm';
import { projectStream } from '../projects/project';
import { projectDecider, type AgreementCheck } from '../projects/project.decide';

/**
 * The project service's copy of the agreements, from the agreement service's events, and the
 * reaction to an agreement ending: its projects are flagged, and put on hold when no other valid
 * agreement covers them.
 */
interface AgreementMessage {
  agreementId: string;
  version: number;
  occurredAt: string;
  status?: string;
  title?: string;
  partnerIds?: string[];
  changes?: { title?: string; partyIds?: string[] };
  agreement?: { title?: string; status?: string; partnerIds?: string[] };
}

const VALIDITY: Record<string, AgreementCheck[string]> = {
  signed: 'valid',
  active: 'valid',
  draft: 'pending',
  in_negotiation: 'pending',
  in_review: 'pending',
  approved: 'pending',
  expired: 'ended',
  terminated: 'ended',
  superseded: 'ended',
};

export async function checkAgreements(db: EntityManager, ids: string[]): Promise<AgreementCheck> {
  const rows = await db.query<{ agreement_id: string; status: string }[]>(
    'SELECT agreement_id, status FROM known_agreements WHERE agreement_id = ANY($1::uuid[])',
    [ids],
  );
  const found = new Map(rows.map((row) => [row.agreement_id, VALIDITY[row.status] ?? 'pending']));
  return Object.fromEntries(ids.map((id) => [id, found.get(id) ?? 'unknown']));
}

/** What every agreement message carries, and what this consumer reads of the rest. */
const ENVELOPE: Record<string, FieldCheck> = { agreementId: 'uuid', version: 'version', occurredAt: 'timestamp' };
const READ: Record<string, FieldCheck> = {
  status: 'string',
  title: 'string',
  partnerIds: 'uuid[]',
  'changes.title': 'string',
  'changes.partyIds': 'uuid[]',
  'agreement.title': 'string',
  'agreement.status': 'string',
  'agreement.partnerIds': 'uuid[]',
};

/**
 * The payload, checked: a malformed one is dead-lettered. A type this service does not know yet is
 * applied by what every agreement message carries (the version, and a status, title or parties).
 */
function payloadOf(message: ReceivedMessage): AgreementMessage {
  const drafted = message.type === AGREEMENT_MESSAGE_TYPES.AgreementDrafted;
  return requirePayload<AgreementMessage>(
    message,
    drafted ? { ...ENVELOPE, title: 'string', partnerIds: 'uuid[]' } : ENVELOPE,
    READ,
  );
}

/**
 * The copy of one agreement. A message carries the agreement whole (`agreement`), which the copy
 * takes when the message is newer than the row: so the copy is right whatever order messages come
 * in, a dead letter replayed after newer ones included (it is older, and changes nothing), and a
 * message whose predecessors are still missing (it holds everything they said).
 */
async function record(message: ReceivedMessage, tx: EntityManager): Promise<void> {
  const { agreement: whole, ...m } = payloadOf(message);
  if (whole?.title !== undefined && whole.status !== undefined && whole.partnerIds !== undefined) {
    await tx.query(
      `INSERT INTO known_agreements (agreement_id, title, status, partner_ids, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (agreement_id) DO UPDATE
         SET title = excluded.title, status = excluded.status, partner_ids = excluded.partner_ids,
             version = excluded.version, updated_at = excluded.updated_at
       WHERE known_agreements.version < excluded.version`,
      [m.agreementId, whole.title, whole.status, whole.partnerIds, m.version, m.occurredAt],
    );
    return;
  }
  // A message published before messages carried the agreement whole: applied as the change it
  // names, when it is newer than the row. Such messages must come in order (they did, when new).
  if (message.type === AGREEMENT_MESSAGE_TYPES.AgreementDrafted) {
    await tx.query(
      `INSERT INTO known_agreements (agreement_id, title, status, partner_ids, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (agreement_id) DO NOTHING`,
      [m.agreementId, m.title, m.status ?? 'draft', m.partnerIds ?? [], m.version, m.occurredAt],
    );
    return;
  }
  // Anything else moves the version; some carry a new status, title or parties. Older than what is
  // stored (a replay) changes nothing.
  await tx.query(
    `UPDATE known_agreements
        SET status = coalesce($2, status), title = coalesce($3, title), partner_ids = coalesce($4, partner_ids),
            version = $5, updated_at = $6
      WHERE agreement_id = $1 AND version < $5`,
    [
      m.agreementId,
      m.status ?? null,
      m.title ?? m.changes?.title ?? null,
      m.partnerIds ?? m.changes?.partyIds ?? null,
      m.version,
      m.occurredAt,
    ],
  );
}

type FlagReason = 'agreement_terminated' | 'agreement_expired';

/** Flags one project for one ended agreement; the decider flags once, so a repeat changes nothing. */
async function flagProject(
  store: PostgresEventStore,
  db: EntityManager,
  project: { project_id: string; agreement_ids: string[] },
  agreementId: string,
  reason: FlagReason,
  context: { correlationId: string; causationId: string },
): Promise<void> {
  await handleCommand(
    store,
    projectDecider,
    projectStream(project.project_id),
    { type: 'FlagProject', agreementId, reason, agreements: await checkAgreements(db, project.agreement_ids) },
    { context: { ...context, actor: `system:${reason.replace('_', '-')}`, now: new Date() } },
  );
}

/**
 * The agreements' statuses, read FOR SHARE: a consumer transaction updating one of them is waited
 * for, so what it writes is what is read.
 */
function statusesOnceWritten(db: EntityManager, agreementIds: string[]) {
  return db.query<{ agreement_id: string; status: string }[]>(
    'SELECT agreement_id, status FROM known_agreements WHERE agreement_id = ANY($1::uuid[]) FOR SHARE',
    [agreementIds],
  );
}

/**
 * The other half of flagProjects below, for a project proposed while one of its agreements ended.
 * A proposal checks its agreements, then appends: two steps. The consumer may record the end of an
 * agreement and search for its open projects in between, before the new project exists, and so never
 * flag it: a project would run under an ended agreement, neither flagged nor on hold (the fault
 * suite's Kafka outage found one). So once the project is stored, its agreements are read again, FOR
 * SHARE, which waits for a consumer transaction that is updating one of them to commit. Whichever
 * of the two comes second sees the other's write: the consumer's search finds the project, or this
 * read finds the agreement ended and flags the project here, as the consumer would have.
 */
export async function flagIfAgreementsEnded(
  store: PostgresEventStore,
  projectId: string,
  agreementIds: string[],
  context: { correlationId: string; causationId: string },
): Promise<void> {
  const db = store.dataSource.manager;
  const rows = await statusesOnceWritten(db, agreementIds);
  for (const { agreement_id: agreementId, status } of rows) {
    const reason = ENDED[status];
    if (reason)
      await flagProject(
        store,
        db,
        { project_id: projectId, agreement_ids: agreementIds },
        agreementId,
        reason,
        context,
      );
  }
}

/**
 * The same race for a resumption: a project on hold is resumed because one of its agreements reads as
 * valid, while the consumer is recording that agreement's end (and flagging the project, still on
 * hold, which therefore stays as it is). Once the resumption is stored, its agreements are read
 * again FOR SHARE; if none is valid now, the project goes back on hold.
 */
export async function holdIfNoAgreementValid(
  store: PostgresEventStore,
  projectId: string,
  agreementIds: string[],
  context: { correlationId: string; causationId: string },
): Promise<void> {
  const db = store.dataSource.manager;
  const rows = await statusesOnceWritten(db, agreementIds);
  const agreements: AgreementCheck = Object.fromEntries(
    rows.map((row) => [row.agreement_id, VALIDITY[row.status] ?? 'pending']),
  );
  if (agreementIds.some((id) => agreements[id] === 'valid')) return;
  await handleCommand(
    store,
    projectDecider,
    projectStream(projectId),
    { type: 'RecheckAgreements', agreements },
    { context: { ...context, actor: 'system:agreement-ended', now: new Date() } },
  );
}

const ENDED: Record<string, FlagReason | undefined> = {
  terminated: 'agreement_terminated',
  expired: 'agreement_expired',
};

async function flagProjects(message: ReceivedMessage, tx: EntityManager, store: PostgresEventStore): Promise<void> {
  const reason: FlagReason | null =
    message.type === AGREEMENT_MESSAGE_TYPES.AgreementTerminated
      ? 'agreement_terminated'
      : message.type === AGREEMENT_MESSAGE_TYPES.AgreementExpired
        ? 'agreement_expired'
        : null;
  if (!reason) return;
  const { agreementId } = message.payload as AgreementMessage;
  const projects = await tx.query<{ project_id: string; agreement_ids: string[] }[]>(
    `SELECT project_id, agreement_ids FROM project_register
      WHERE $1 = ANY(agreement_ids) AND status NOT IN ('completed', 'killed', 'spun_out')`,
    [agreementId],
  );
  const correlationId = message.headers.correlation_id ?? randomUUID();
  for (const project of projects) {
    // In the inbox's transaction (store is within it): the flag commits with the copy that says the
    // agreement ended, or neither does. The decider flags once, so a redelivery changes nothing.
    await flagProject(store, tx, project, agreementId, reason, { correlationId, causationId: message.id });
  }
}

export const knownAgreementsConsumer: ConsumerDescriptor = {
  name: 'known-agreements',
  topics: [AGREEMENT_TOPIC_CONFIG],
  async handle(message, tx, store) {
    await record(message, tx);
    await flagProjects(message, tx, store);
  },
};
