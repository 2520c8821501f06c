import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normaliseTechnologyAreas } from '@accord/contracts';
import { PostgresEventStore, handleCommand, type CommandContext } from '@accord/event-store';
import { Clock } from '@accord/platform';
import { checkAgreements, flagIfAgreementsEnded, holdIfNoAgreementValid } from '../agreements/known-agreements';
import { projectStream } from './project';
import { projectDecider, type ProjectCommand } from './project.decide';
import type { ProposeProjectRequest } from './propose-project/propose-project.request';

export interface ProjectWriteResult {
  projectId: string;
  version: number;
}

/** Runs one decider command on one project: the write path every project use case ends in. */
export class ExecuteProjectCommand extends Command<ProjectWriteResult> {
  constructor(
    readonly projectId: string,
    readonly command: ProjectCommand,
    readonly context: CommandContext,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(ExecuteProjectCommand)
export class ExecuteProjectCommandHandler implements ICommandHandler<ExecuteProjectCommand> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ projectId, command, context, expectedVersion }: ExecuteProjectCommand) {
    const { version } = await handleCommand(this.store, projectDecider, projectStream(projectId), command, {
      context,
      expectedVersion,
      // A proposal's id was chosen by the server for it.
      expectNew: command.type === 'ProposeProject',
    });
    return { projectId, version };
  }
}

export class ProposeProjectCommand extends Command<ProjectWriteResult> {
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
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  async execute({ projectId, request, context }: ProposeProjectCommand) {
    const db = this.store.dataSource.manager;
    const agreementIds = request.agreementIds;
    const parties = await db.query<{ partner_id: string }[]>(
      'SELECT DISTINCT unnest(partner_ids) AS partner_id FROM known_agreements WHERE agreement_id = ANY($1::uuid[])',
      [agreementIds],
    );
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
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
        context,
      ),
    );
    // An agreement may have ended between the check above and the append (see flagIfAgreementsEnded).
    await flagIfAgreementsEnded(this.store, projectId, agreementIds, context);
    return result;
  }
}

export class ResumeProjectCommand extends Command<ProjectWriteResult> {
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
    private readonly commands: CommandBus,
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
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        projectId,
        { type: 'ResumeProject', agreements, resumedOn, today: this.clock.today() },
        context,
        expectedVersion,
      ),
    );
    // Its agreements may have ended between the check above and the append (see holdIfNoAgreementValid).
    await holdIfNoAgreementValid(this.store, projectId, agreementIds, context);
    return result;
  }
}
