import { writeRow, type InlineProjection, type NewEvent, type StoredEvent } from '@accord/event-store';
import type { AgreementEvent, AgreementStatus } from './agreement';
import { dayOfAct } from './business-time';
import { AgreementAmendmentView } from './get-agreement/agreement-amendment.entity';
import { AgreementObligationView } from './get-agreement/agreement-obligation.entity';
import { AgreementRegisterEntry } from './list-agreements/agreement-register.entity';

const STATUS_AFTER: Partial<Record<AgreementEvent['type'], AgreementStatus>> = {
  AgreementNegotiationStarted: 'in_negotiation',
  AgreementSubmittedForReview: 'in_review',
  AgreementApproved: 'approved',
  AgreementFullyExecuted: 'signed',
  AgreementActivated: 'active',
  AgreementExpired: 'expired',
  AgreementTerminated: 'terminated',
};

/** The register's column for the business date of each act that moves the status. */
const DATED_AS: Partial<Record<AgreementEvent['type'], 'approvedOn' | 'executedOn' | 'activatedOn' | 'endedOn'>> = {
  AgreementApproved: 'approvedOn',
  AgreementFullyExecuted: 'executedOn',
  AgreementActivated: 'activatedOn',
  AgreementExpired: 'endedOn',
  AgreementTerminated: 'endedOn',
};

/** The day of a recorded time: the business date of an act stored before acts carried their own. */
const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** A draft's register entry: all a draft does to these views. */
function drafted(event: Extract<NewEvent<AgreementEvent>, { type: 'AgreementDrafted' }>) {
  const { agreementId, draftedOn, ...terms } = event.data;
  const at = new Date(event.metadata.occurredAt);
  const values: Partial<AgreementRegisterEntry> = {
    agreementId,
    ...terms,
    draftedOn: draftedOn ?? null,
    status: 'draft',
    signatures: {},
    amendments: 0,
    renewals: 0,
    draftedAt: at,
    version: event.streamVersion,
    updatedAt: at,
  };
  return { entity: AgreementRegisterEntry, values };
}

/**
 * What an act that only moves the register does to it (a status, its date, revised terms, a renewal,
 * and each act's version and time): the one row it sets. Undefined for the acts that do more.
 */
function moved(event: NewEvent<AgreementEvent>) {
  const at = new Date(event.metadata.occurredAt);
  const touch = { version: event.streamVersion, updatedAt: at };
  const where = { agreementId: event.data.agreementId };
  switch (event.type) {
    case 'AgreementDrafted':
    case 'AgreementSignedByParty':
    case 'AgreementAmended':
    case 'ObligationAdded':
    case 'ObligationMet':
    case 'ObligationWaived':
    case 'ObligationOverdue':
      return undefined;
    case 'AgreementTermsRevised':
      return { entity: AgreementRegisterEntry, where, values: { ...event.data.changes, ...touch } };
    case 'AgreementRenewed':
      return {
        entity: AgreementRegisterEntry,
        where,
        values: { expiryDate: event.data.newExpiryDate, renewals: event.data.renewal, ...touch },
      };
    default: {
      const status = STATUS_AFTER[event.type];
      const column = DATED_AS[event.type];
      const dated = column ? { [column]: dayOfAct(event) ?? dayOf(at) } : {};
      return { entity: AgreementRegisterEntry, where, values: status ? { status, ...dated, ...touch } : touch };
    }
  }
}

/** The register, obligations and amendments, updated in the append's transaction. */
export const agreementViewsProjection: InlineProjection = {
  name: 'agreement-views',
  tables: ['agreement_register', 'agreement_obligations', 'agreement_amendments'],
  handles: [
    'AgreementDrafted',
    'AgreementTermsRevised',
    'AgreementNegotiationStarted',
    'AgreementSubmittedForReview',
    'AgreementApproved',
    'AgreementSignedByParty',
    'AgreementFullyExecuted',
    'AgreementActivated',
    'AgreementAmended',
    'AgreementRenewalWindowOpened',
    'AgreementRenewed',
    'AgreementExpired',
    'AgreementTerminated',
    'ObligationAdded',
    'ObligationMet',
    'ObligationWaived',
    'ObligationOverdue',
  ],
  row(recorded) {
    const event = recorded as NewEvent<AgreementEvent>;
    return event.type === 'AgreementDrafted' ? drafted(event) : moved(event);
  },
  async apply(tx, stored) {
    const event = stored as StoredEvent<AgreementEvent>;
    const register = tx.getRepository(AgreementRegisterEntry);
    const obligations = tx.getRepository(AgreementObligationView);
    const at = new Date(stored.metadata.occurredAt);
    const { agreementId } = event.data;
    const touch = { version: stored.streamVersion, updatedAt: at };

    switch (event.type) {
      case 'AgreementDrafted':
        return writeRow(tx, drafted(event));
      case 'AgreementSignedByParty': {
        // jsonb || merges the new signature in without reading the row first.
        await tx.query(
          `UPDATE agreement_register SET signatures = signatures || jsonb_build_object($2::text, $3::text), version = $4, updated_at = $5
            WHERE agreement_id = $1`,
          [agreementId, event.data.partyId, event.data.signedOn, stored.streamVersion, at],
        );
        return;
      }
      case 'AgreementAmended': {
        const { amendment, summary, changes, effectiveOn } = event.data;
        await register.update({ agreementId }, { ...changes, amendments: amendment, ...touch });
        await tx
          .getRepository(AgreementAmendmentView)
          .insert({ agreementId, amendment, summary, changes, amendedAt: at, effectiveOn: effectiveOn ?? dayOf(at) });
        return;
      }
      case 'ObligationAdded': {
        const { obligationId, kind, description, dueDate } = event.data;
        await obligations.insert({
          obligationId,
          agreementId,
          kind,
          description,
          dueDate,
          status: 'open',
          updatedAt: at,
        });
        await register.update({ agreementId }, touch);
        return;
      }
      case 'ObligationMet':
      case 'ObligationWaived':
      case 'ObligationOverdue': {
        const status = ({ ObligationMet: 'met', ObligationWaived: 'waived', ObligationOverdue: 'overdue' } as const)[
          event.type
        ];
        // Met or waived closes it on that day; overdue leaves it open.
        const closed = event.type === 'ObligationOverdue' ? {} : { closedOn: dayOfAct(event) ?? dayOf(at) };
        await obligations.update({ obligationId: event.data.obligationId }, { status, ...closed, updatedAt: at });
        await register.update({ agreementId }, touch);
        return;
      }
      default: {
        const row = moved(event);
        if (row) await writeRow(tx, row);
      }
    }
  },
};
