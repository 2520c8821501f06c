import { AGREEMENT_TOPIC_CONFIG, PARTNER_TOPIC_CONFIG, PROJECT_TOPIC_CONFIG } from '@accord/contracts';
import type { ReceivedMessage } from '@accord/messaging';
import type { ConsumerDescriptor } from '@accord/platform';
import type { EntityManager } from 'typeorm';
import { changeOf } from './change';

/**
 * Records every message on the three topics in `change_log`, once: the platform's consumer puts
 * the message id in the inbox in this same transaction. A message that cannot be placed (no type,
 * key or time) throws, and after the consumer's retries goes to the dead-letter topic: an audit
 * trail should not drop entries silently, and a dead letter can be looked at and replayed.
 */
async function record(message: ReceivedMessage, tx: EntityManager): Promise<void> {
  const change = changeOf(message);
  // The inbox already skips redeliveries; the key also keeps a replay into an emptied inbox harmless.
  await tx.query(
    `INSERT INTO change_log (event_id, topic, type, aggregate_id, actor, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
    [change.eventId, change.topic, change.type, change.aggregateId, change.actor, change.occurredAt],
  );
}

/**
 * One consumer group per deployment (`<prefix>.dashboard.change-log`), shared by its instances: they
 * write the same table. A new group starts at the beginning of the topics, so the log holds all the
 * history the broker still keeps.
 *
 * The log may be a tenth of a second behind (live updates poll it every 100 ms anyway): fetches
 * wait that long for more messages, so that under load one fetch and one transaction record many.
 */
export const changeLogConsumer: ConsumerDescriptor = {
  name: 'change-log',
  topics: [PARTNER_TOPIC_CONFIG, AGREEMENT_TOPIC_CONFIG, PROJECT_TOPIC_CONFIG],
  handle: record,
  fetchWaitMs: 100,
};
