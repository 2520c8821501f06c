import { SERVICES } from './cluster';
import type { CommandOutcome } from './load';
import type { Stage } from './scenario';
import { TOPICS, readTopics, type TopicMessage } from './topics';
import {
  acceptedButMissing,
  compareCopies,
  compareInboxesWithTopics,
  compareOutboxWithTopics,
  compareReactions,
  storeFigures,
} from './verify';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Everything a scenario checks once the services have settled, from the client's side to the last
 * consumer: accepted commands against the stores, the stores against their outboxes, the outboxes
 * against the topics, the topics against every consumer's inbox, and the services' copies of each
 * other's data and reactions against the stores they came from.
 */
export async function checkDelivery(stage: Stage, outcomes: CommandOutcome[]) {
  const { db } = stage;
  const messages: TopicMessage[] = await readTopics(stage.kafka, TOPICS);
  const stores = await storeFigures(db);
  const topics = await compareOutboxWithTopics(db, messages);
  const inboxes = await compareInboxesWithTopics(db, stage.groupPrefix, messages);
  const copies = await compareCopies(db);
  const reactions = await compareReactions(db);
  const missing = await acceptedButMissing(db, outcomes);
  return {
    eventsStored: sum(Object.values(stores).map((s) => s.events)),
    outboxMessages: sum(Object.values(stores).map((s) => s.outbox)),
    publishedDistinct: sum(Object.values(topics).map((t) => t.published)),
    /** Copies on the topics beyond the first: at-least-once delivery, absorbed by the inboxes. */
    republishedCopies: sum(Object.values(topics).map((t) => t.republished)),
    /** Accepted but not stored, stored but not published, published but not applied. */
    lost: missing + sum(Object.values(topics).map((t) => t.lost)) + sum(Object.values(inboxes).map((i) => i.missing)),
    /** Applied more than once: an inbox id that no topic has, a reaction that happened twice. */
    duplicatedEffects:
      sum(Object.values(inboxes).map((i) => i.extra)) +
      reactions.partnersActivatedTwice +
      reactions.projectsFlaggedTwice,
    /** Rows of the services' copies of each other's data that differ from the stores they came from. */
    copiesDiffering: sum(Object.values(copies)),
    acceptedButMissing: missing,
    stores,
    topics,
    inboxes,
    copies,
    reactions,
  };
}

export type Delivery = Awaited<ReturnType<typeof checkDelivery>>;

const zeros = (record: Record<string, number>) => Object.fromEntries(Object.keys(record).map((key) => [key, 0]));

/** The assertions behind "lost: 0, duplicated effects: 0", each separately so a failure says which. */
export function expectNothingLostOrDoubled(delivery: Delivery): void {
  const { stores, topics, inboxes, copies, reactions } = delivery;
  // Every accepted command is stored; every stored event is announced by one outbox message...
  expect(delivery.acceptedButMissing).toBe(0);
  for (const name of SERVICES) expect(stores[name]).toMatchObject({ outbox: stores[name].events, unpublished: 0 });
  // ...which is on its topic, in order per key; nothing is on a topic that no service stored.
  for (const name of SERVICES) expect(topics[name]).toMatchObject({ lost: 0, foreign: 0, outOfOrderKeys: 0 });
  // Every consumer applied every message of its topics, once (its inbox holds each id once).
  for (const inbox of Object.values(inboxes)) expect(inbox).toMatchObject({ missing: 0, extra: 0 });
  // The copies converged on what the stores say, and each reaction happened once.
  expect(copies).toEqual(zeros(copies));
  expect(reactions).toEqual(zeros(reactions));
  expect(delivery.lost).toBe(0);
  expect(delivery.duplicatedEffects).toBe(0);
}
