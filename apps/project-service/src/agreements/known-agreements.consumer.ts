import { AGREEMENT_TOPIC_CONFIG } from '@accord/contracts';
import type { ConsumerDescriptor } from '@accord/platform';
import { flagProjectsOfEndedAgreement } from '../reactions/agreement-ended.reaction';
import { recordAgreement } from './known-agreements';

/**
 * The agreement topic, applied once per message in the inbox's transaction: the copy of the
 * agreement, then the reaction to its end (whose events commit in that same transaction).
 */
export const knownAgreementsConsumer: ConsumerDescriptor = {
  name: 'known-agreements',
  topics: [AGREEMENT_TOPIC_CONFIG],
  async handle(message, tx, store) {
    await recordAgreement(message, tx);
    await flagProjectsOfEndedAgreement(message, tx, store);
  },
};
