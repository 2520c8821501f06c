import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@accord/event-store';

/** What every store under test stores: a partner's registration, as partner-service records it. */
export const EVENT_TYPE = 'PartnerRegistered';

export const payload = (i: number) => ({
  partnerId: `partner-${i}`,
  name: 'University of Tokyo',
  type: 'university',
  country: 'JP',
  website: 'https://www.u-tokyo.ac.jp',
  technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics'],
  tier: 'strategic',
});

export const PAYLOAD_SQL = `'${JSON.stringify(payload(0))}'::jsonb`;

/** The same metadata, field for field, in SQL: what Accord stores beside each event. */
export const METADATA_SQL = `jsonb_build_object('eventId', gen_random_uuid(), 'correlationId', gen_random_uuid(),
  'causationId', gen_random_uuid(), 'actor', 'user:bench', 'occurredAt', now(), 'schemaVersion', 1)`;

export const context = (): CommandContext & { now: Date } => ({
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: 'user:bench',
  now: new Date(),
});
