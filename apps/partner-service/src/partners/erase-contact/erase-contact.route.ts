import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Write, WriteRoute, Writer, uuid, type WriteRequest } from '@accord/platform';
import { partnerWrites } from '../partner.writes';

@ApiTags('partners')
@Controller('partners')
export class EraseContactRoute {
  constructor(private readonly writer: Writer) {}

  @WriteRoute('POST', ':id/contacts/:contactId/erase', {
    roles: ['admin'],
    operationId: 'PartnersController_eraseContact',
    summary: "Erase a contact's personal data, everywhere and for good",
    description:
      "Deletes the contact's key: every stored copy of the name and e-mail becomes unreadable; the history keeps that a contact existed.",
  })
  async eraseContact(
    @Param('id', uuid('id')) id: string,
    @Param('contactId', uuid('contactId')) contactId: string,
    @Write() write: WriteRequest,
  ) {
    return write.answer(await this.writer.write(partnerWrites, id, { type: 'EraseContact', contactId }, write));
  }
}
