import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normaliseTechnologyAreas } from '@accord/contracts';
import { PostgresEventStore, type CommandContext } from '@accord/event-store';
import { Writer, type WriteResult } from '@accord/platform';
import { checkParties } from '../../partners/known-partners';
import type { AgreementTerms } from '../agreement-terms';
import { agreementDecider } from '../agreement.decide';
import { checkParent, normaliseFunding } from '../draft-agreement/draft-agreement.handler';
import type { ReviseTermsRequest } from './revise-terms.request';

export class ReviseTermsCommand extends Command<WriteResult> {
  constructor(
    readonly agreementId: string,
    readonly request: ReviseTermsRequest,
    readonly context: CommandContext,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

/** Looks the parties and the parent up in this service's own projections, then revises. */
@CommandHandler(ReviseTermsCommand)
export class ReviseTermsHandler implements ICommandHandler<ReviseTermsCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly writer: Writer,
  ) {}

  async execute({ agreementId, request, context, expectedVersion }: ReviseTermsCommand) {
    const db = this.store.dataSource.manager;
    const changes = Object.fromEntries(
      Object.entries(request).filter(([, value]) => value !== undefined),
    ) as Partial<AgreementTerms>;
    if (changes.technologyAreas) changes.technologyAreas = normaliseTechnologyAreas(changes.technologyAreas);
    if (changes.funding) changes.funding = normaliseFunding(changes.funding);
    const [current] = await db.query<{ party_ids: string[] }[]>(
      'SELECT party_ids FROM agreement_register WHERE agreement_id = $1',
      [agreementId],
    );
    return this.writer.write(
      agreementDecider,
      agreementId,
      {
        type: 'ReviseTerms',
        changes,
        parties: await checkParties(db, changes.partyIds ?? current?.party_ids ?? []),
        parent: changes.parentAgreementId === undefined ? null : await checkParent(db, changes.parentAgreementId),
      },
      { context, expectedVersion },
    );
  }
}
