import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PostgresEventStore, type CommandContext } from '@accord/event-store';
import { contactKey, seal } from '../contact-vault';
import type { WriteResult } from '@accord/platform';
import { PartnerWriter } from '../partner-command.handler';
import type { UpdateContactRequest } from './update-contact.request';

export class UpdateContactCommand extends Command<WriteResult> {
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
    private readonly partners: PartnerWriter,
  ) {}

  async execute({ partnerId, contactId, request, context, expectedVersion }: UpdateContactCommand) {
    const key = await contactKey(this.store.dataSource.manager, contactId);
    return this.partners.write(
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
      { context, expectedVersion },
    );
  }
}
