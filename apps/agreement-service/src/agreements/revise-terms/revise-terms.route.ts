import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Write, WriteRoute, uuid, type WriteRequest } from '@accord/platform';
import { ReviseTermsCommand } from './revise-terms.handler';
import { ReviseTermsRequest } from './revise-terms.request';

@ApiTags('agreements')
@Controller('agreements')
export class ReviseTermsController {
  constructor(private readonly commands: CommandBus) {}

  @WriteRoute('PATCH', ':id', {
    roles: ['alliance_manager'],
    operationId: 'AgreementsController_revise',
    summary: 'Revise the terms of a draft or an agreement in negotiation',
  })
  async revise(@Param('id', uuid('id')) id: string, @Body() request: ReviseTermsRequest, @Write() write: WriteRequest) {
    return write.answer(
      await this.commands.execute(new ReviseTermsCommand(id, request, write.context, write.expectedVersion)),
    );
  }
}
