import { randomUUID } from 'node:crypto';
import { AGREEMENT_MESSAGE_TYPES, AGREEMENT_TOPIC_CONFIG, type PartnershipEstablishedV1 } from '@accord/contracts';
import { handleCommand, NotFoundError } from '@accord/event-store';
import type { ConsumerDescriptor } from '@accord/platform';
import { partnerStream } from '../partner';
import { partnerDecider } from '../partner.decide';

/**
 * A partner becomes active when its first partnership is established (the agreement service's
 * `partnership.established`). The decider activates a prospect or a dormant partner and decides
 * nothing otherwise, so a redelivered message, or a second partnership, changes nothing.
 */
export const partnershipEstablishedReaction: ConsumerDescriptor = {
  name: 'partnership-established',
  topics: [AGREEMENT_TOPIC_CONFIG],
  async handle(message, _tx, store) {
    if (message.type !== AGREEMENT_MESSAGE_TYPES.AgreementFullyExecuted) return;
    const { agreementId, partnerIds } = message.payload as PartnershipEstablishedV1;
    const correlation = message.headers.correlation_id ?? randomUUID();
    for (const partnerId of partnerIds) {
      try {
        await handleCommand(
          store,
          partnerDecider,
          partnerStream(partnerId),
          { type: 'ActivatePartner', agreementId },
          {
            context: {
              correlationId: correlation,
              causationId: message.id,
              actor: 'system:partnership-established',
              now: new Date(),
            },
          },
        );
      } catch (error) {
        // A partner this registry never had (another deployment's) is not ours to activate.
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
  },
};
