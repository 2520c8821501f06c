import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PostgresEventStore, handleCommand, type CommandContext } from '@accord/event-store';
import { agreementStream } from './agreement';
import { agreementDecider, type AgreementCommand } from './agreement.decide';

export interface AgreementWriteResult {
  agreementId: string;
  /** The agreement's version after the command: its new ETag. */
  version: number;
}

/** Runs one decider command on one agreement: the write path every agreement use case ends in. */
export class ExecuteAgreementCommand extends Command<AgreementWriteResult> {
  constructor(
    readonly agreementId: string,
    readonly command: AgreementCommand,
    readonly context: CommandContext,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(ExecuteAgreementCommand)
export class ExecuteAgreementCommandHandler implements ICommandHandler<ExecuteAgreementCommand> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ agreementId, command, context, expectedVersion }: ExecuteAgreementCommand) {
    const { version } = await handleCommand(this.store, agreementDecider, agreementStream(agreementId), command, {
      context,
      expectedVersion,
      // A draft's id was chosen by the server for it.
      expectNew: command.type === 'DraftAgreement',
    });
    return { agreementId, version };
  }
}
