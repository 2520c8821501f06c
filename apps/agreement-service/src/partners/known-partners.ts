import { MESSAGE_TYPES, PARTNER_TOPIC_CONFIG } from '@accord/contracts';
import type { ConsumerDescriptor } from '@accord/platform';
import { requirePayload, type FieldCheck, type ReceivedMessage } from '@accord/messaging';
import type { EntityManager } from 'typeorm';
import type { PartyCheck } from '../agreements/agreement.decide';

/**
 * The agreement service's copy of the partner registry, from the partner service's events (there is
 * no synchronous call between services). Each row carries the partner's version. A message carries
 * the partner whole (`partner`), which the copy takes when the message is newer than the row: so the
 * copy is right whatever order messages come in, a dead letter replayed after newer ones included
 * (it is older, and changes nothing), and a message whose predecessors are still missing (it holds
 * everything they said).
 */
interface PartnerMessage {
  partnerId: string;
  version: number;
  occurredAt: string;
  name?: string;
  status?: string;
  changes?: { name?: string };
  partner?: { name?: string; status?: string };
}

/** What every partner message carries, and what this consumer reads of the rest. */
const ENVELOPE: Record<string, FieldCheck> = { partnerId: 'uuid', version: 'version', occurredAt: 'timestamp' };
const READ: Record<string, FieldCheck> = {
  name: 'string',
  status: 'string',
  'changes.name': 'string',
  'partner.name': 'string',
  'partner.status': 'string',
};

async function handle(message: ReceivedMessage, tx: EntityManager): Promise<void> {
  const { partner, ...payload } = requirePayload<PartnerMessage>(message, ENVELOPE, READ);
  if (partner?.name !== undefined && partner.status !== undefined) {
    await tx.query(
      `INSERT INTO known_partners (partner_id, name, status, version, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (partner_id) DO UPDATE
         SET name = excluded.name, status = excluded.status, version = excluded.version, updated_at = excluded.updated_at
       WHERE known_partners.version < excluded.version`,
      [payload.partnerId, partner.name, partner.status, payload.version, payload.occurredAt],
    );
    return;
  }
  await applyChange(message, tx);
}

/**
 * A message published before messages carried the partner whole: applied as the change it names,
 * when it is newer than the row. Such messages must come in order (they did, when they were new).
 */
async function applyChange(message: ReceivedMessage, tx: EntityManager): Promise<void> {
  const registered = message.type === MESSAGE_TYPES.partnerRegistered;
  // A type this service does not know yet (the contracts add types in place) is applied by what every
  // partner message carries: its version moves, and a status or name in it is taken. A message
  // without those is malformed, and goes to the dead-letter topic rather than being skipped unseen.
  const payload = requirePayload<PartnerMessage>(
    message,
    registered ? { ...ENVELOPE, name: 'string' } : ENVELOPE,
    READ,
  );
  if (registered) {
    await tx.query(
      `INSERT INTO known_partners (partner_id, name, status, version, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (partner_id) DO NOTHING`,
      [payload.partnerId, payload.name, payload.status ?? 'prospect', payload.version, payload.occurredAt],
    );
    return;
  }
  const name = payload.changes?.name;
  const status = payload.status;
  // Contact and tier messages move the version only; profile and status messages carry changes.
  await tx.query(
    `UPDATE known_partners SET name = coalesce($2, name), status = coalesce($3, status), version = $4, updated_at = $5
      WHERE partner_id = $1 AND version < $4`,
    [payload.partnerId, name ?? null, status ?? null, payload.version, payload.occurredAt],
  );
}

export const knownPartnersConsumer: ConsumerDescriptor = {
  name: 'known-partners',
  topics: [PARTNER_TOPIC_CONFIG],
  handle,
};

/** Registered (any status but archived), archived, or unknown to this service, for each id. */
export async function checkParties(db: EntityManager, partyIds: string[]): Promise<PartyCheck> {
  const rows = await db.query<{ partner_id: string; status: string }[]>(
    'SELECT partner_id, status FROM known_partners WHERE partner_id = ANY($1::uuid[])',
    [partyIds],
  );
  const found = new Map(rows.map((row) => [row.partner_id, row.status]));
  return Object.fromEntries(
    partyIds.map((id) => {
      const status = found.get(id);
      return [id, status === undefined ? 'unknown' : status === 'archived' ? 'archived' : 'registered'];
    }),
  );
}
