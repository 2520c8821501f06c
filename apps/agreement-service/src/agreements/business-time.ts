import type { StoredEvent } from '@accord/event-store';
import type { AgreementEvent } from './agreement';
import { addDays, type IsoDate } from './calendar';

/**
 * Business time: which of an agreement's acts had happened in the world by a given day, whatever
 * day Accord learned of them. Pure: the query replays what this keeps through the projection.
 */

/** The day an act happened, where the event says (older events and some acts carry no date). */
export function dayOfAct(event: AgreementEvent): IsoDate | null {
  switch (event.type) {
    case 'AgreementDrafted':
      return event.data.draftedOn ?? null;
    case 'AgreementNegotiationStarted':
      return event.data.startedOn ?? null;
    case 'AgreementSubmittedForReview':
      return event.data.submittedOn ?? null;
    case 'AgreementApproved':
      return event.data.approvedOn ?? null;
    case 'AgreementSignedByParty':
      return event.data.signedOn;
    case 'AgreementFullyExecuted':
      return event.data.executedOn;
    case 'AgreementActivated':
      return event.data.activatedOn;
    case 'AgreementAmended':
      return event.data.effectiveOn ?? null;
    case 'AgreementRenewed':
      // An automatic renewal happens the day the old term runs out.
      return event.data.renewedOn ?? (event.data.automatic ? addDays(event.data.previousExpiryDate, 1) : null);
    case 'AgreementRenewalWindowOpened':
      return addDays(event.data.expiryDate, -event.data.daysBeforeExpiry);
    case 'AgreementExpired':
      return event.data.expiredOn;
    case 'AgreementTerminated':
      return event.data.terminatedOn;
    case 'ObligationMet':
      return event.data.metOn;
    case 'ObligationWaived':
      return event.data.waivedOn ?? null;
    case 'ObligationOverdue':
      return addDays(event.data.dueDate, 1);
    default:
      return null;
  }
}

/**
 * The events whose acts had happened by the end of `day`, in stream order. An act without a date
 * is taken to have happened with the act recorded before it (a submission with its draft, an
 * obligation with the last act known); a draft without one, no later than its earliest dated act
 * (whatever order the acts were logged in), nor than the day it was recorded.
 */
export function happenedBy(events: StoredEvent[], day: IsoDate): StoredEvent[] {
  const acts = events as StoredEvent<AgreementEvent>[];
  const dated = acts.map(dayOfAct);
  const earliest = dated.reduce<IsoDate | null>(
    (min, date) => (date !== null && (min === null || date < min) ? date : min),
    null,
  );
  let previous: IsoDate | null = null;
  return acts.filter((event, i) => {
    const recordedOn = event.metadata.occurredAt.slice(0, 10);
    let date = dated[i];
    if (date === null && event.type === 'AgreementDrafted') {
      date = earliest !== null && earliest < recordedOn ? earliest : recordedOn;
    }
    date ??= previous ?? recordedOn;
    previous = date;
    return date <= day;
  });
}
