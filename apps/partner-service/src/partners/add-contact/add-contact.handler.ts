import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PostgresEventStore, type CommandContext } from '@accord/event-store';
import { Writer } from '@accord/platform';
import { createContactKey, seal } from '../contact-vault';
import { partnerWrites } from '../partner.writes';
import type { AddContact } from './add-contact.decide';

export class AddContactCommand extends Command<{ contactId: string; version: number }> {
  constructor(
    readonly partnerId: string,
    readonly request: Pick<AddContact, 'name' | 'email' | 'role' | 'internal'>,
    readonly context: CommandContext,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

/**
 * The contact gets its own key before anything of theirs is stored. If the append then fails, the
 * key is left unused, which is harmless; the other order could leave data no key opens.
 */
@CommandHandler(AddContactCommand)
export class AddContactHandler implements ICommandHandler<AddContactCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly writer: Writer,
  ) {}

  async execute({ partnerId, request, context, expectedVersion }: AddContactCommand) {
    const contactId = randomUUID();
    const key = await createContactKey(this.store.dataSource.manager, contactId);
    const { version } = await this.writer.write(
      partnerWrites,
      partnerId,
      { type: 'AddContact', contactId, ...request, seal: (plaintext) => seal(key, plaintext) },
      { context, expectedVersion },
    );
    return { contactId, version };
  }
}
