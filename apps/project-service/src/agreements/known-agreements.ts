import { MESSAGE_TYPES } from '@accord/contracts';
import { requirePayload, type FieldCheck, type ReceivedMessage } from '@accord/messaging';
import type { EntityManager } from 'typeorm';
import type { AgreementCheck } from '../projects/project.decide';

/**
 * The project service's copy of the agreements, from the agreement service's events: what a
 * proposal or a resumption checks its agreements against. The reaction to an agreement's end is in
 * reactions/agreement-ended.reaction.ts; the consumer that runs both, in known-agreements.consumer.ts.
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

export const VALIDITY: Record<string, AgreementCheck[string]> = {
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
  const drafted = message.type === MESSAGE_TYPES.agreementDrafted;
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
export async function recordAgreement(message: ReceivedMessage, tx: EntityManager): Promise<void> {
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
  if (message.type === MESSAGE_TYPES.agreementDrafted) {
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

/**
 * The agreements' statuses, read FOR SHARE: a consumer transaction updating one of them is waited
 * for, so what it writes is what is read.
 */
export function statusesOnceWritten(db: EntityManager, agreementIds: string[]) {
  return db.query<{ agreement_id: string; status: string }[]>(
    'SELECT agreement_id, status FROM known_agreements WHERE agreement_id = ANY($1::uuid[]) FOR SHARE',
    [agreementIds],
  );
}
