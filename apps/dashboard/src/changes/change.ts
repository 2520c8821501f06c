import { messageTypeInWords } from '@accord/contracts';
import type { ReceivedMessage } from '@accord/messaging';

/** One row of the change log: who changed which aggregate, when, and how (the message type). */
export interface RecordedChange {
  /** `ce_id`: the message's identity. */
  eventId: string;
  topic: string;
  /** `ce_type`, e.g. `accord.agreement.signed-by-party.v1`. */
  type: string;
  /** The message key: the partner, agreement or project id. */
  aggregateId: string;
  /** `user:<sub>` or `system:<component>`; null if the producer did not say. */
  actor: string | null;
  /** `ce_time`: when the change happened. */
  occurredAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A message the change log cannot place on a timeline: no type, no aggregate or no time. */
export class UnplaceableMessage extends Error {}

/**
 * The change a message records, from its headers and key only: the payload is not needed, so a
 * message type the dashboard has never heard of is recorded as well as the ones it knows.
 */
export function changeOf(message: ReceivedMessage): RecordedChange {
  if (!message.type) throw new UnplaceableMessage('no ce_type header');
  if (!message.key || !UUID.test(message.key)) {
    throw new UnplaceableMessage(`the key ${JSON.stringify(message.key)} is not an aggregate id (a UUID)`);
  }
  const time = message.headers.ce_time;
  const occurredAt = new Date(time ?? Number.NaN);
  if (Number.isNaN(occurredAt.getTime())) throw new UnplaceableMessage(`no valid ce_time header: ${String(time)}`);
  return {
    eventId: message.id,
    topic: message.topic,
    type: message.type,
    aggregateId: message.key.toLowerCase(),
    actor: message.headers.actor?.trim() || null,
    occurredAt,
  };
}

/** `accord.agreement.signed-by-party.v1` → "Agreement signed by party". */
export function changeLabel(type: string): string {
  const words = messageTypeInWords(type);
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : type;
}

/** `user:ada` → "ada"; `system:scheduler` (any `system:`) → "automatic"; no actor → "unknown". */
export function actorName(actor: string | null): string {
  if (!actor) return 'unknown';
  if (actor.startsWith('system:')) return 'automatic';
  const name = actor.startsWith('user:') ? actor.slice('user:'.length) : actor;
  return name || 'unknown';
}
