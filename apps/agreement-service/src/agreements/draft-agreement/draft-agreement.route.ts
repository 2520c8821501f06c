import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateRoute,
  Create,
  CurrentUser,
  IdempotentCreates,
  requireRole,
  type AuthenticatedUser,
  type NewResource,
} from '@accord/platform';
import { agreementStream } from '../agreement';
import { DraftAgreementCommand } from './draft-agreement.handler';
import { DraftAgreementRequest } from './draft-agreement.request';

@ApiTags('agreements')
@Controller('agreements')
export class DraftAgreementController {
  constructor(
    private readonly commands: CommandBus,
    private readonly creates: IdempotentCreates,
  ) {}

  @CreateRoute({
    roles: ['alliance_manager'],
    operationId: 'AgreementsController_draft',
    summary: 'Draft an agreement, or log one already signed',
    description:
      'Parties must be partners this service knows of (from the partner topic) and not archived: otherwise 422 naming them. ' +
      'With `execution` (the approval date and every party’s signature with its date), an agreement signed in the past is ' +
      'logged in one request: its status follows its dates (active, or expired if its expiry has passed), and ' +
      '`partnership.established` carries the day the last party signed as `executedOn`.',
  })
  async draft(
    @Body() request: DraftAgreementRequest,
    @Create() create: NewResource,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    // Logging a signed agreement records legal's approval and the company's signature.
    if (request.execution) requireRole(user, ['legal'], 'Only legal records an approval and the company’s signature');
    const outcome = await this.creates.create({ ...create, body: request, stream: agreementStream }, (agreementId) =>
      this.commands.execute(new DraftAgreementCommand(agreementId, request, create.context)),
    );
    return create.answer(`/agreements/${outcome.result.id}`, outcome);
  }
}
