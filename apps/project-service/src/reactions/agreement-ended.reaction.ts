import { randomUUID } from 'node:crypto';
import { MESSAGE_TYPES } from '@accord/contracts';
import { handleCommand, type CommandContext, type PostgresEventStore } from '@accord/event-store';
import type { ReceivedMessage } from '@accord/messaging';
import type { EntityManager } from 'typeorm';
import { VALIDITY, checkAgreements, statusesOnceWritten } from '../agreements/known-agreements';
import { projectStream } from '../projects/project';
import { projectDecider, type AgreementCheck } from '../projects/project.decide';

/**
 * The reaction to an agreement ending (terminated or expired): its projects are flagged, and put on
 * hold when no other valid agreement covers them. It runs in the inbox's transaction of the message
 * that announced the end (known-agreements.consumer.ts), and again, for the two races below, after a
 * proposal or a resumption is stored.
 */
type FlagReason = 'agreement_terminated' | 'agreement_expired';

/** Flags one project for one ended agreement; the decider flags once, so a repeat changes nothing. */
async function flagProject(
  store: PostgresEventStore,
  db: EntityManager,
  project: { project_id: string; agreement_ids: string[] },
  agreementId: string,
  reason: FlagReason,
  context: { correlationId: string; causationId: string },
): Promise<void> {
  await handleCommand(
    store,
    projectDecider,
    projectStream(project.project_id),
    { type: 'FlagProject', agreementId, reason, agreements: await checkAgreements(db, project.agreement_ids) },
    { context: systemContext(context, `system:${reason.replace('_', '-')}`) },
  );
}

/**
 * The other half of flagProjects below, for a project proposed while one of its agreements ended.
 * A proposal checks its agreements, then appends: two steps. The consumer may record the end of an
 * agreement and search for its open projects in between, before the new project exists, and so never
 * flag it: a project would run under an ended agreement, neither flagged nor on hold (the fault
 * suite's Kafka outage found one). So once the project is stored, its agreements are read again, FOR
 * SHARE, which waits for a consumer transaction that is updating one of them to commit. Whichever
 * of the two comes second sees the other's write: the consumer's search finds the project, or this
 * read finds the agreement ended and flags the project here, as the consumer would have.
 */
export async function flagIfAgreementsEnded(
  store: PostgresEventStore,
  projectId: string,
  agreementIds: string[],
  context: { correlationId: string; causationId: string },
): Promise<void> {
  const db = store.dataSource.manager;
  const rows = await statusesOnceWritten(db, agreementIds);
  for (const { agreement_id: agreementId, status } of rows) {
    const reason = ENDED[status];
    if (reason)
      await flagProject(
        store,
        db,
        { project_id: projectId, agreement_ids: agreementIds },
        agreementId,
        reason,
        context,
      );
  }
}

/**
 * The same race for a resumption: a project on hold is resumed because one of its agreements reads as
 * valid, while the consumer is recording that agreement's end (and flagging the project, still on
 * hold, which therefore stays as it is). Once the resumption is stored, its agreements are read
 * again FOR SHARE; if none is valid now, the project goes back on hold.
 */
export async function holdIfNoAgreementValid(
  store: PostgresEventStore,
  projectId: string,
  agreementIds: string[],
  context: { correlationId: string; causationId: string },
): Promise<void> {
  const db = store.dataSource.manager;
  const rows = await statusesOnceWritten(db, agreementIds);
  const agreements: AgreementCheck = Object.fromEntries(
    rows.map((row) => [row.agreement_id, VALIDITY[row.status] ?? 'pending']),
  );
  if (agreementIds.some((id) => agreements[id] === 'valid')) return;
  await handleCommand(
    store,
    projectDecider,
    projectStream(projectId),
    { type: 'RecheckAgreements', agreements },
    { context: systemContext(context, 'system:agreement-ended') },
  );
}

const ENDED: Record<string, FlagReason | undefined> = {
  terminated: 'agreement_terminated',
  expired: 'agreement_expired',
};

export async function flagProjectsOfEndedAgreement(
  message: ReceivedMessage,
  tx: EntityManager,
  store: PostgresEventStore,
): Promise<void> {
  const reason: FlagReason | null =
    message.type === MESSAGE_TYPES.agreementTerminated
      ? 'agreement_terminated'
      : message.type === MESSAGE_TYPES.agreementExpired
        ? 'agreement_expired'
        : null;
  if (!reason) return;
  // The copy checked the payload first (known-agreements.consumer.ts): a malformed one never gets here.
  const { agreementId } = message.payload as { agreementId: string };
  const projects = await tx.query<{ project_id: string; agreement_ids: string[] }[]>(
    `SELECT project_id, agreement_ids FROM project_register
      WHERE $1 = ANY(agreement_ids) AND status NOT IN ('completed', 'killed', 'spun_out')`,
    [agreementId],
  );
  const correlationId = message.headers.correlation_id ?? randomUUID();
  for (const project of projects) {
    // In the inbox's transaction (store is within it): the flag commits with the copy that says the
    // agreement ended, or neither does. The decider flags once, so a redelivery changes nothing.
    await flagProject(store, tx, project, agreementId, reason, { correlationId, causationId: message.id });
  }
}

/**
 * The reaction's own context: the same correlation and cause as the request or message that set it
 * off, and nothing else of it. A request's Idempotency-Key record (`alsoCommit`) belongs to the
 * request's own write; carried into this second append, it would be recorded twice and refused.
 */
function systemContext(cause: { correlationId: string; causationId: string }, actor: string): CommandContext {
  return { correlationId: cause.correlationId, causationId: cause.causationId, actor };
}
