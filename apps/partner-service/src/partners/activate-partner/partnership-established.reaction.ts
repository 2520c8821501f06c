import { randomUUID } from 'node:crypto';
import type { PartnershipEstablishedV1 } from '@accord/contracts';
import { handleCommand, NotFoundError, type PostgresEventStore } from '@accord/event-store';
import type { ReceivedMessage } from '@accord/messaging';
import { partnerStream } from '../partner';
import { partnerDecider } from '../partner.decide';

/**
 * A partner becomes active when its first partnership is established (the agreement service's
 * `partnership.established`). The decider activates a prospect or a dormant partner and decides
 * nothing otherwise, so a redelivered message, or a second partnership, changes nothing.
 */
export async function activateOnPartnership(message: ReceivedMessage, store: PostgresEventStore): Promise<void> {
  const { agreementId, partnerIds } = message.payload as PartnershipEstablishedV1;
  const correlationId = message.headers.correlation_id ?? randomUUID();
  for (const partnerId of partnerIds) {
    try {
      await handleCommand(
        store,
        partnerDecider,
        partnerStream(partnerId),
        { type: 'ActivatePartner', agreementId },
        {
          context: { correlationId, causationId: message.id, actor: 'system:partnership-established', now: new Date() },
        },
      );
    } catch (error) {
      // A partner this registry never had (another deployment's) is not ours to activate.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
}
