import { randomUUID } from 'node:crypto';
import type { PartnershipEstablishedV1 } from '@accord/contracts';
import { handleCommand, NotFoundError, type PostgresEventStore } from '@accord/event-store';
import type { ReceivedMessage } from '@accord/messaging';
import { partnerStream } from '../partners/partner';
import { partnerDecider } from '../partners/partner.decide';
import { withRecordedDates } from '../partners/partner.writes';

/**
 * A partner becomes active when its first partnership is established (the agreement service's
 * `partnership.established`), as of the day the last party signed (`executedOn`): a partnership
 * logged today may have been established in 2016. The decider activates a prospect or a dormant
 * partner and decides nothing otherwise, so a redelivered message, or a second partnership (even
 * one established earlier but logged later), changes nothing.
 */
export async function activateOnPartnership(message: ReceivedMessage, store: PostgresEventStore): Promise<void> {
  const { agreementId, partnerIds, executedOn, occurredAt } = message.payload as PartnershipEstablishedV1;
  // executedOn is required by the schema; a message without it is taken as established when recorded.
  const activatedOn = typeof executedOn === 'string' ? executedOn : occurredAt.slice(0, 10);
  const correlationId = message.headers.correlation_id ?? randomUUID();
  for (const partnerId of partnerIds) {
    try {
      await handleCommand(
        withRecordedDates(store),
        partnerDecider,
        partnerStream(partnerId),
        { type: 'ActivatePartner', agreementId, activatedOn },
        {
          context: { correlationId, causationId: message.id, actor: 'system:partnership-established' },
        },
      );
    } catch (error) {
      // A partner this registry never had (another deployment's) is not ours to activate.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
}
