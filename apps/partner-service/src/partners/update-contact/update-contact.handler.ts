import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PostgresEventStore, type CommandContext } from '@accord/event-store';
import { Writer, type WriteResult } from '@accord/platform';
import { contactKey, seal } from '../contact-vault';
import { partnerWrites } from '../partner.writes';
import type { UpdateContact } from './update-contact.decide';

export class UpdateContactCommand extends Command<WriteResult> {
  constructor(
    readonly partnerId: string,
    readonly contactId: string,
    readonly request: UpdateContact['changes'],
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
    private readonly writer: Writer,
  ) {}

  async execute({ partnerId, contactId, request, context, expectedVersion }: UpdateContactCommand) {
    const key = await contactKey(this.store.dataSource.manager, contactId);
    return this.writer.write(
      partnerWrites,
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
