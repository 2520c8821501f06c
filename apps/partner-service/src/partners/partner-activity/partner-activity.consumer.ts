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

/**
 * What an agreement message does to the partners' view, in one statement:
 * - `stored`: the newest version of the agreement this service holds, and its status;
 * - a message stating the parties in full (drafted, fully executed, parties revised) and newer than
 *   that replaces the agreement's rows: parties revised away go (`removed`), the others are upserted
 *   (`stated`); a party added by a revision takes the agreement's status, a revision in negotiation
 *   states none. Older news changes nothing: a draft replayed from the dead-letter topic after a
 *   revision of its parties must not bring back the party revised away (nor drop the one added);
 * - a message that only moves the status updates the rows it is newer than (`moved`);
 * - the partners the agreement now has (`partners`: all of the CTEs read one snapshot, so a change
 *   made here is known from the message, not read back) have their last activity moved forward in
 *   business time, when the message is an activity at all (`$5`).
 * $1 agreement, $2 parties stated (NULL: none), $3 status (NULL: none), $4 version, $5 activity
 * time (NULL: no activity), $6 what it was.
 */
const ON_AGREEMENT = `
  WITH stored AS MATERIALIZED (
    SELECT coalesce(max(version) < $4, true) AS newer, (array_agg(status ORDER BY version DESC))[1] AS status
      FROM partner_agreements WHERE agreement_id = $1
  ),
  restated AS MATERIALIZED (SELECT $2::uuid[] IS NOT NULL AND newer AS yes, status FROM stored),
  removed AS (
    DELETE FROM partner_agreements
     WHERE (SELECT yes FROM restated) AND agreement_id = $1 AND NOT (partner_id = ANY($2::uuid[]))
  ),
  stated AS (
    INSERT INTO partner_agreements (agreement_id, partner_id, status, version)
    SELECT $1, unnest($2::uuid[]), coalesce($3, restated.status, 'draft'), $4 FROM restated WHERE restated.yes
    ON CONFLICT (agreement_id, partner_id) DO UPDATE SET status = coalesce($3, partner_agreements.status), version = $4
     WHERE partner_agreements.version < $4
  ),
  moved AS (
    UPDATE partner_agreements SET status = $3, version = $4
     WHERE $2::uuid[] IS NULL AND $3::text IS NOT NULL AND agreement_id = $1 AND version < $4
  ),
  partners AS (
    SELECT CASE WHEN (SELECT yes FROM restated) THEN $2::uuid[]
                ELSE (SELECT coalesce(array_agg(partner_id), $2::uuid[], '{}') FROM partner_agreements WHERE agreement_id = $1)
           END AS ids
  )
  INSERT INTO partner_activity (partner_id, last_activity_at, last_activity)
  SELECT unnest(ids), $5, $6 FROM partners WHERE $5::timestamptz IS NOT NULL
  ON CONFLICT (partner_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at, last_activity = EXCLUDED.last_activity
   WHERE partner_activity.last_activity_at < EXCLUDED.last_activity_at`;

async function onAgreement(message: ReceivedMessage, tx: EntityManager): Promise<void> {
  const established = message.type === MESSAGE_TYPES.partnershipEstablished;
  const m = requirePayload<Message>(
    message,
    established ? { ...AGREEMENT_FIELDS, partnerIds: 'uuid[]' } : AGREEMENT_FIELDS,
    READ,
  );
  await tx.query(ON_AGREEMENT, [
    m.agreementId,
    m.partnerIds ?? m.changes?.partyIds ?? null,
    m.status ?? null,
    m.version,
    activityAt(message, m.occurredAt),
    messageTypeInWords(message.type ?? ''),
  ]);
}

/**
 * What a project message does, in one statement like ON_AGREEMENT: a proposal (it names the lead
 * partners) adds the project's rows, anything else moves their stage and status if newer; the
 * project's partners, those named included, have their last activity moved forward.
 * $1 project, $2 lead partners (NULL: none named), $3 stage, $4 status (NULL: unchanged), $5
 * version, $6 activity time (NULL: no activity), $7 what it was.
 */
const ON_PROJECT = `
  WITH proposed AS (
    INSERT INTO partner_projects (project_id, partner_id, stage, status, version)
    SELECT $1, unnest($2::uuid[]), coalesce($3, 'generate'), coalesce($4, 'active'), $5
    ON CONFLICT (project_id, partner_id) DO NOTHING
  ),
  moved AS (
    UPDATE partner_projects SET stage = coalesce($3, stage), status = coalesce($4, status), version = $5
     WHERE $2::uuid[] IS NULL AND project_id = $1 AND version < $5
  )
  INSERT INTO partner_activity (partner_id, last_activity_at, last_activity)
  SELECT partner_id, $6, $7
    FROM (SELECT partner_id FROM partner_projects WHERE project_id = $1 UNION SELECT unnest($2::uuid[])) AS partners
   WHERE $6::timestamptz IS NOT NULL
  ON CONFLICT (partner_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at, last_activity = EXCLUDED.last_activity
   WHERE partner_activity.last_activity_at < EXCLUDED.last_activity_at`;

async function onProject(message: ReceivedMessage, tx: EntityManager): Promise<void> {
  const m = requirePayload<Message>(message, PROJECT_FIELDS, READ);
  await tx.query(ON_PROJECT, [
    m.projectId,
    m.leadPartnerIds ?? null,
    m.stage ?? null,
    m.status ?? null,
    m.version,
    activityAt(message, m.occurredAt),
    messageTypeInWords(message.type ?? ''),
  ]);
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
