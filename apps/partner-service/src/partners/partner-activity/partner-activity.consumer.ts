import { AGREEMENT_MESSAGE_TYPES, AGREEMENT_TOPIC_CONFIG, PROJECT_TOPIC_CONFIG } from '@accord/contracts';
import type { ReceivedMessage } from '@accord/messaging';
import type { ConsumerDescriptor } from '@accord/platform';
import type { EntityManager } from 'typeorm';
import { activateOnPartnership } from '../activate-partner/partnership-established.reaction';

/**
 * The partner service's view of what its partners do elsewhere: their agreements (by status) and
 * projects (by stage), and their last activity, from the agreement and project topics. Every row
 * keeps the version it was written at, so a replayed or redelivered message changes nothing.
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

/** "accord.agreement.signed-by-party.v1" → "agreement signed by party". */
const describe = (type: string) =>
  type
    .replace(/^accord\./, '')
    .replace(/\.v\d+$/, '')
    .replace(/[.-]/g, ' ');

async function touch(tx: EntityManager, partnerIds: string[], at: string, what: string): Promise<void> {
  if (partnerIds.length === 0) return;
  await tx.query(
    `INSERT INTO partner_activity (partner_id, last_activity_at, last_activity)
     SELECT unnest($1::uuid[]), $2, $3
     ON CONFLICT (partner_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at, last_activity = EXCLUDED.last_activity
      WHERE partner_activity.last_activity_at < EXCLUDED.last_activity_at`,
    [partnerIds, at, what],
  );
}

async function onAgreement(message: ReceivedMessage, tx: EntityManager): Promise<void> {
  const m = message.payload as Message;
  const parties = m.partnerIds ?? m.changes?.partyIds;
  if (parties) {
    // Drafted, fully executed, or parties revised: the parties are stated in full.
    await tx.query('DELETE FROM partner_agreements WHERE agreement_id = $1 AND NOT (partner_id = ANY($2::uuid[]))', [
      m.agreementId,
      parties,
    ]);
    await tx.query(
      `INSERT INTO partner_agreements (agreement_id, partner_id, status, version)
       SELECT $1, unnest($2::uuid[]), coalesce($3, 'draft'), $4
       ON CONFLICT (agreement_id, partner_id) DO UPDATE SET status = coalesce($3, partner_agreements.status), version = $4
        WHERE partner_agreements.version < $4`,
      [m.agreementId, parties, m.status ?? null, m.version],
    );
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
  await touch(tx, partners, m.occurredAt, describe(message.type ?? ''));
}

async function onProject(message: ReceivedMessage, tx: EntityManager): Promise<void> {
  const m = message.payload as Message;
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
    m.occurredAt,
    describe(message.type ?? ''),
  );
}

export const partnerActivityConsumer: ConsumerDescriptor = {
  name: 'partner-activity',
  topics: [AGREEMENT_TOPIC_CONFIG, PROJECT_TOPIC_CONFIG],
  async handle(message, tx, store) {
    if (message.topic === PROJECT_TOPIC_CONFIG.topic) return onProject(message, tx);
    await onAgreement(message, tx);
    if (message.type === AGREEMENT_MESSAGE_TYPES.AgreementFullyExecuted) await activateOnPartnership(message, store);
  },
};
