import type { StoredEvent } from '@accord/event-store';
import { businessDateOf, type IsoDate, type PartnerEvent } from './partner';

/**
 * Business time: which of a partner's acts had happened in the world by a given day, whatever day
 * Accord learned of them. Pure: the query replays what this keeps through the projection.
 */

const recordedDay = (event: StoredEvent): IsoDate => event.metadata.occurredAt.slice(0, 10);

/** A contact event after the one that added the contact. */
const contactOf = (event: PartnerEvent): string | null =>
  event.type === 'ContactUpdated' || event.type === 'ContactRemoved' || event.type === 'ContactErased'
    ? event.data.contactId
    : null;

/**
 * The day each event's act happened, in stream order. Status and tier changes carry their date (or,
 * stored before dates were kept, the day they were recorded: `businessDateOf`). Any other act is
 * taken to have happened with the act recorded before it, but a contact's update, removal or
 * erasure no earlier than the contact was added. The registration carries no date: it happened no
 * later than the earliest dated act, nor than the day it was recorded. So every act is dated on or
 * after its registration, and every change of a contact on or after its addition: a replay of the
 * acts up to any day holds together.
 */
export function daysOfActs(events: StoredEvent[]): IsoDate[] {
  const acts = events as StoredEvent<PartnerEvent>[];
  const dated = acts.map((event) => businessDateOf(event, event.metadata.occurredAt));
  const earliest = dated.reduce<IsoDate | null>(
    (min, date) => (date !== null && (min === null || date < min) ? date : min),
    null,
  );
  const addedOn = new Map<string, IsoDate>();
  let previous: IsoDate | null = null;
  return acts.map((event, i) => {
    const recordedOn = recordedDay(event);
    let date = dated[i];
    if (event.type === 'PartnerRegistered') date = earliest !== null && earliest < recordedOn ? earliest : recordedOn;
    date ??= previous ?? recordedOn;
    const contactId = contactOf(event);
    const added = contactId === null ? undefined : addedOn.get(contactId);
    if (added !== undefined && added > date) date = added;
    if (event.type === 'ContactAdded') addedOn.set(event.data.contactId, date);
    previous = date;
    return date;
  });
}

/** The events whose acts had happened by the end of `day` (see `daysOfActs`), in stream order. */
export function happenedBy(events: StoredEvent[], day: IsoDate): StoredEvent[] {
  const days = daysOfActs(events);
  return events.filter((_, i) => days[i] <= day);
}
