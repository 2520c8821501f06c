import { Controller, Delete, Param } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IF_MATCH_HEADER, Roles, Write, WriteResult, Writer, uuid, type WriteRequest } from '@accord/platform';
import { partnerWrites } from '../partner.writes';

@ApiTags('partners')
@Controller('partners')
export class RemoveContactRoute {
  constructor(private readonly writer: Writer) {}

  @Delete(':id/contacts/:contactId')
  @Roles('alliance_manager')
  @ApiOperation({
    operationId: 'PartnersController_removeContact',
    summary: 'Remove a contact (their details stay in the history until erased)',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async removeContact(
    @Param('id', uuid('id')) id: string,
    @Param('contactId', uuid('contactId')) contactId: string,
    @Write() write: WriteRequest,
  ) {
    return write.answer(await this.writer.write(partnerWrites, id, { type: 'RemoveContact', contactId }, write));
  }
}
