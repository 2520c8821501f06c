import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normaliseTechnologyAreas } from '@accord/contracts';
import { PostgresEventStore, type CommandContext } from '@accord/event-store';
import { Clock, StreamWriter, type WriteResult } from '@accord/platform';
import { checkAgreements } from '../agreements/known-agreements';
import { flagIfAgreementsEnded, holdIfNoAgreementValid } from '../reactions/agreement-ended.reaction';
import { projectStream, type ProjectEvent, type ProjectState } from './project';
import { projectDecider, type ProjectCommand } from './project.decide';
import type { ProposeProjectRequest } from './propose-project/propose-project.request';

/** The write path every project use case ends in: read, decide, append (`StreamWriter`). */
@Injectable()
export class ProjectWriter extends StreamWriter<ProjectState, ProjectCommand, ProjectEvent> {
  constructor(store: PostgresEventStore) {
    // A proposal's id was chosen by the server for it.
    super(store, { ...projectDecider, stream: projectStream, create: 'ProposeProject' });
  }
}

export class ProposeProjectCommand extends Command<WriteResult> {
  constructor(
    /** Chosen by the caller, so that a retried create (Idempotency-Key) lands on the same id. */
    readonly projectId: string,
    readonly request: ProposeProjectRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Looks the agreements up in this service's copy (fed by the agreement topic), then proposes. */
@CommandHandler(ProposeProjectCommand)
export class ProposeProjectHandler implements ICommandHandler<ProposeProjectCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly projects: ProjectWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ projectId, request, context }: ProposeProjectCommand) {
    const db = this.store.dataSource.manager;
    const agreementIds = request.agreementIds;
    const parties = await db.query<{ partner_id: string }[]>(
      'SELECT DISTINCT unnest(partner_ids) AS partner_id FROM known_agreements WHERE agreement_id = ANY($1::uuid[])',
      [agreementIds],
    );
    const result = await this.projects.write(
      projectId,
      {
        type: 'ProposeProject',
        projectId,
        title: request.title,
        agreementIds,
        leadPartnerIds: request.leadPartnerIds,
        technologyAreas: normaliseTechnologyAreas(request.technologyAreas ?? []),
        budget: { amount: request.budget.amount, currency: request.budget.currency.toUpperCase() },
        team: request.team ?? [],
        proposedOn: request.proposedOn,
        today: this.clock.today(),
        agreements: await checkAgreements(db, agreementIds),
        agreementParties: parties.map((p) => p.partner_id),
        gateDecisions: request.gateDecisions?.map(({ decision, gatekeepers, criteria, notes, decidedOn }) => ({
          decision,
          gatekeepers,
          criteria,
          notes: notes ?? null,
          decidedOn,
        })),
      },
      { context },
    );
    // An agreement may have ended between the check above and the append (see flagIfAgreementsEnded).
    await flagIfAgreementsEnded(this.store, projectId, agreementIds, context);
    return result;
  }
}

export class ResumeProjectCommand extends Command<WriteResult> {
  constructor(
    readonly projectId: string,
    readonly resumedOn: string | undefined,
    readonly context: CommandContext,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(ResumeProjectCommand)
export class ResumeProjectHandler implements ICommandHandler<ResumeProjectCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly projects: ProjectWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ projectId, resumedOn, context, expectedVersion }: ResumeProjectCommand) {
    const db = this.store.dataSource.manager;
    const [project] = await db.query<{ agreement_ids: string[] }[]>(
      'SELECT agreement_ids FROM project_register WHERE project_id = $1',
      [projectId],
    );
    const agreementIds = project?.agreement_ids ?? [];
    const agreements = await checkAgreements(db, agreementIds);
    const result = await this.projects.write(
      projectId,
      { type: 'ResumeProject', agreements, resumedOn, today: this.clock.today() },
      { context, expectedVersion },
    );
    // Its agreements may have ended between the check above and the append (see holdIfNoAgreementValid).
    await holdIfNoAgreementValid(this.store, projectId, agreementIds, context);
    return result;
  }
}
