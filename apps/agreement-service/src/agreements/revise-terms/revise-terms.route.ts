import { Body, Controller, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IF_MATCH_HEADER, Roles, Write, WriteResult, uuid, type WriteRequest } from '@accord/platform';
import { ReviseTermsCommand } from './revise-terms.handler';
import { ReviseTermsRequest } from './revise-terms.request';

@ApiTags('agreements')
@Controller('agreements')
export class ReviseTermsController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':id')
  @Roles('alliance_manager')
  @ApiOperation({
    operationId: 'AgreementsController_revise',
    summary: 'Revise the terms of a draft or an agreement in negotiation',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async revise(@Param('id', uuid('id')) id: string, @Body() request: ReviseTermsRequest, @Write() write: WriteRequest) {
    return write.answer(
      await this.commands.execute(new ReviseTermsCommand(id, request, write.context, write.expectedVersion)),
    );
  }
}
