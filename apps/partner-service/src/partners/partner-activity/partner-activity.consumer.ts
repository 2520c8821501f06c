import {
  AGREEMENT_TOPIC_CONFIG,
  BUSINESS_DATE_FIELDS,
  MESSAGE_TYPES,
  PROJECT_TOPIC_CONFIG,
  messageTypeInWords,
} from '@accord/contracts';
import { requirePayload, type FieldCheck, type ReceivedMessage } from '@accord/messaging';
import type { ConsumerDescriptor } from '@accord/platform';
import type { EntityManager } from 'typeorm';
import { activateOnPartnership } from '../../reactions/partnership-established.reaction';

/**
 * The partner service's view of what its partners do elsewhere: their agreements (by status) and
 * projects (by stage), and their last activity, from the agreement and project topics. Every row
 * keeps the version it was written at, so a replayed or redelivered message changes nothing.
 *
 * Last activity follows business dates: a signature logged today for 2016 happened in 2016, and
 * must not hide that nothing has happened since.
 */
interface Message {
  agreementId?: string;
  projectId?: string;
  version: number;
  occurredAt: string;
  status?: string;
  stage?: string;
  partnerIds?: string[];
  leadPartnerIds?: string[];
  changes?: { partyIds?: string[] };
}

/**
 * Changes that are no act with the partner: paperwork on our side, plans, and what the scheduler or
 * the system notes (a window opening, a deadline passing, a flag). They carry no business date
 * either, so counting them would date the partner's last activity on the day a history was typed in.
 */
const NOT_ACTIVITY = new Set<string>([
  MESSAGE_TYPES.agreementSubmittedForReview,
  MESSAGE_TYPES.agreementObligationAdded,
  MESSAGE_TYPES.agreementObligationOverdue,
  MESSAGE_TYPES.agreementRenewalWindowOpened,
  MESSAGE_TYPES.projectMilestonePlanned,
  MESSAGE_TYPES.projectFlagged,
]);

/**
 * When the act a message announces happened: its business date at 00:00 UTC, so that the stored
 * timestamps compare as days; without one (an older message, or a type that has none), when it
 * was recorded; null for a change that is no activity with the partner.
 */
export function activityAt(message: ReceivedMessage, occurredAt: string): string | null {
  if (NOT_ACTIVITY.has(message.type ?? '')) return null;
  const field = BUSINESS_DATE_FIELDS[message.type as keyof typeof BUSINESS_DATE_FIELDS];
  const value = field === undefined ? undefined : (message.payload as Record<string, unknown>)[field];
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return occurredAt;
  const at = new Date(`${value}T00:00:00.000Z`);
  // 2016-02-30 is no day: such a date is not trusted over the recorded time.
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(value) ? at.toISOString() : occurredAt;
}

/** The partners' last activity moves only forward in business time: older news changes nothing. */
async function touch(tx: EntityManager, partnerIds: string[], at: string | null, what: string): Promise<void> {
  if (partnerIds.length === 0 || at === null) return;
  await tx.query(
    `INSERT INTO partner_activity (partner_id, last_activity_at, last_activity)
     SELECT unnest($1::uuid[]), $2, $3
     ON CONFLICT (partner_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at, last_activity = EXCLUDED.last_activity
      WHERE partner_activity.last_activity_at < EXCLUDED.last_activity_at`,
    [partnerIds, at, what],
  );
}

/**
 * The payloads, checked: a malformed one is dead-lettered, not skipped unseen. A type this service
 * does not know yet is applied by what every message of its topic carries (version, status, stage,
 * parties), so a new type moves the activity without a new release of this service.
 */
const AGREEMENT_FIELDS: Record<string, FieldCheck> = {
  agreementId: 'uuid',
  version: 'version',
  occurredAt: 'timestamp',
};
const PROJECT_FIELDS: Record<string, FieldCheck> = { projectId: 'uuid', version: 'version', occurredAt: 'timestamp' };
const READ: Record<string, FieldCheck> = {
  status: 'string',
  stage: 'string',
  partnerIds: 'uuid[]',
  leadPartnerIds: 'uuid[]',
  'changes.partyIds': 'uuid[]',
};

async function onAgreement(message: ReceivedMessage, tx: EntityManager): Promise<void> {
  const established = message.type === MESSAGE_TYPES.partnershipEstablished;
  const m = requirePayload<Message>(
    message,
    established ? { ...AGREEMENT_FIELDS, partnerIds: 'uuid[]' } : AGREEMENT_FIELDS,
    READ,
  );
  const parties = m.partnerIds ?? m.changes?.partyIds;
  if (parties) {
    // Drafted, fully executed, or parties revised: the parties are stated in full. Older news than
    // what is stored changes nothing: a draft replayed from the dead-letter topic after a revision
    // of its parties must not bring back the party revised away (nor drop the one added).
    const [stored] = await tx.query<{ version: number | null; status: string | null }[]>(
      `SELECT max(version)::int AS version, (array_agg(status ORDER BY version DESC))[1] AS status
         FROM partner_agreements WHERE agreement_id = $1`,
      [m.agreementId],
    );
    if (stored.version === null || stored.version < m.version) {
      await tx.query('DELETE FROM partner_agreements WHERE agreement_id = $1 AND NOT (partner_id = ANY($2::uuid[]))', [
        m.agreementId,
        parties,
      ]);
      // A party added by a revision takes the agreement's status (a revision in negotiation states none).
      await tx.query(
        `INSERT INTO partner_agreements (agreement_id, partner_id, status, version)
         SELECT $1, unnest($2::uuid[]), coalesce($3, $5, 'draft'), $4
         ON CONFLICT (agreement_id, partner_id) DO UPDATE SET status = coalesce($3, partner_agreements.status), version = $4
          WHERE partner_agreements.version < $4`,
        [m.agreementId, parties, m.status ?? null, m.version, stored.status],
      );
    }
  } else if (m.status) {
    await tx.query('UPDATE partner_agreements SET status = $2, version = $3 WHERE agreement_id = $1 AND version < $3', [
      m.agreementId,
      m.status,
      m.version,
    ]);
  }
  const [{ partners }] = await tx.query<{ partners: string[] }[]>(
    'SELECT coalesce(array_agg(partner_id), $2::uuid[]) AS partners FROM partner_agreements WHERE agreement_id = $1',
    [m.agreementId, parties ?? []],
  );
  await touch(tx, partners, activityAt(message, m.occurredAt), messageTypeInWords(message.type ?? ''));
}

async function onProject(message: ReceivedMessage, tx: EntityManager): Promise<void> {
  const m = requirePayload<Message>(message, PROJECT_FIELDS, READ);
  if (m.leadPartnerIds) {
    await tx.query(
      `INSERT INTO partner_projects (project_id, partner_id, stage, status, version)
       SELECT $1, unnest($2::uuid[]), $3, $4, $5 ON CONFLICT (project_id, partner_id) DO NOTHING`,
      [m.projectId, m.leadPartnerIds, m.stage ?? 'generate', m.status ?? 'active', m.version],
    );
  } else {
    await tx.query(
      'UPDATE partner_projects SET stage = coalesce($2, stage), status = coalesce($3, status), version = $4 WHERE project_id = $1 AND version < $4',
      [m.projectId, m.stage ?? null, m.status ?? null, m.version],
    );
  }
  const rows = await tx.query<{ partner_id: string }[]>(
    'SELECT partner_id FROM partner_projects WHERE project_id = $1',
    [m.projectId],
  );
  await touch(
    tx,
    rows.map((row) => row.partner_id),
    activityAt(message, m.occurredAt),
    messageTypeInWords(message.type ?? ''),
  );
}

export const partnerActivityConsumer: ConsumerDescriptor = {
  name: 'partner-activity',
  topics: [AGREEMENT_TOPIC_CONFIG, PROJECT_TOPIC_CONFIG],
  async handle(message, tx, store) {
    if (message.topic === PROJECT_TOPIC_CONFIG.topic) return onProject(message, tx);
    await onAgreement(message, tx);
    if (message.type === MESSAGE_TYPES.partnershipEstablished) await activateOnPartnership(message, store);
  },
};
