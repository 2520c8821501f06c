import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IF_MATCH_HEADER, Roles, Write, WriteResult, Writer, uuid, type WriteRequest } from '@accord/platform';
import { partnerWrites } from '../partner.writes';

@ApiTags('partners')
@Controller('partners')
export class EraseContactRoute {
  constructor(private readonly writer: Writer) {}

  @Post(':id/contacts/:contactId/erase')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'PartnersController_eraseContact',
    summary: "Erase a contact's personal data, everywhere and for good",
    description:
      "Deletes the contact's key: every stored copy of the name and e-mail becomes unreadable; the history keeps that a contact existed.",
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async eraseContact(
    @Param('id', uuid('id')) id: string,
    @Param('contactId', uuid('contactId')) contactId: string,
    @Write() write: WriteRequest,
  ) {
    return write.answer(await this.writer.write(partnerWrites, id, { type: 'EraseContact', contactId }, write));
  }
}
