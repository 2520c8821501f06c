import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normaliseTechnologyAreas } from '@accord/contracts';
import { PostgresEventStore, type CommandContext } from '@accord/event-store';
import { Clock, Writer, type WriteResult } from '@accord/platform';
import type { EntityManager } from 'typeorm';
import { checkParties } from '../../partners/known-partners';
import type { AgreementTerms, Funding, ParentCheck } from '../agreement-terms';
import { agreementDecider } from '../agreement.decide';
import type { DraftAgreementRequest, FundingRequest } from './draft-agreement.request';

/** Currencies upper-case, a missing schedule as null: one stored shape whatever the client sent. */
export function normaliseFunding(funding: FundingRequest[]): Funding[] {
  return funding.map(({ direction, amount, currency, schedule }) => ({
    direction,
    amount,
    currency: currency.toUpperCase(),
    schedule: schedule ?? null,
  }));
}

export async function checkParent(db: EntityManager, parentId: string | null | undefined): Promise<ParentCheck | null> {
  if (!parentId) return null;
  const [parent] = await db.query<{ status: string }[]>(
    'SELECT status FROM agreement_register WHERE agreement_id = $1',
    [parentId],
  );
  if (!parent) return 'unknown';
  return ['expired', 'terminated', 'superseded'].includes(parent.status) ? 'ended' : 'valid';
}

export class DraftAgreementCommand extends Command<WriteResult> {
  constructor(
    /** Chosen by the caller, so that a retried create (Idempotency-Key) lands on the same id. */
    readonly agreementId: string,
    readonly request: DraftAgreementRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Looks the parties and the parent up in this service's own projections, then drafts. */
@CommandHandler(DraftAgreementCommand)
export class DraftAgreementHandler implements ICommandHandler<DraftAgreementCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  async execute({ agreementId, request, context }: DraftAgreementCommand) {
    const db = this.store.dataSource.manager;
    const { execution } = request;
    const terms: AgreementTerms = {
      title: request.title.trim(),
      purpose: request.purpose ?? null,
      partyIds: request.partyIds,
      ownerId: request.ownerId,
      parentAgreementId: request.parentAgreementId ?? null,
      technologyAreas: normaliseTechnologyAreas(request.technologyAreas ?? []),
      effectiveDate: request.effectiveDate,
      expiryDate: request.expiryDate ?? null,
      autoRenew: request.autoRenew ?? false,
      noticePeriodDays: request.noticePeriodDays ?? 90,
      funding: normaliseFunding(request.funding ?? []),
      ipTerms: request.ipTerms ?? {
        foregroundOwnership: 'joint',
        publicationReviewDays: 30,
        backgroundIpListed: false,
      },
    };
    return this.writer.write(
      agreementDecider,
      agreementId,
      {
        type: 'DraftAgreement',
        agreementId,
        agreementType: request.type,
        terms,
        parties: await checkParties(db, terms.partyIds),
        parent: await checkParent(db, terms.parentAgreementId),
        draftedOn: request.draftedOn ?? null,
        execution: execution
          ? {
              approvedBy: context.actor,
              // Approved, at the latest, when the first party signed.
              approvedOn: execution.approvedOn ?? execution.signatures.map((s) => s.signedOn).sort()[0],
              signatures: execution.signatures,
            }
          : null,
        today: this.clock.today(),
      },
      { context },
    );
  }
}
