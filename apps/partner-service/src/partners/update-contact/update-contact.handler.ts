import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PostgresEventStore, type CommandContext } from '@accord/event-store';
import { contactKey, seal } from '../contact-vault';
import { ExecutePartnerCommand, type PartnerWriteResult } from '../partner-command.handler';
import type { UpdateContactRequest } from './update-contact.request';

export class UpdateContactCommand extends Command<PartnerWriteResult> {
  constructor(
    readonly partnerId: string,
    readonly contactId: string,
    readonly request: UpdateContactRequest,
    readonly context: CommandContext,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@CommandHandler(UpdateContactCommand)
export class UpdateContactHandler implements ICommandHandler<UpdateContactCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly commands: CommandBus,
  ) {}

  async execute({ partnerId, contactId, request, context, expectedVersion }: UpdateContactCommand) {
    const key = await contactKey(this.store.dataSource.manager, contactId);
    return this.commands.execute(
      new ExecutePartnerCommand(
        partnerId,
        {
          type: 'UpdateContact',
          contactId,
          changes: request,
          // No key: the contact is unknown or erased, and the decider refuses before sealing anything.
          seal: (plaintext) => {
            if (!key) throw new Error(`contact ${contactId} has no key`);
            return seal(key, plaintext);
          },
        },
        context,
        expectedVersion,
      ),
    );
  }
}
