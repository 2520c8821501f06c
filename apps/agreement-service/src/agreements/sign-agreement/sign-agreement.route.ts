import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import {
  Clock,
  CurrentUser,
  IsCalendarDate,
  Write,
  WriteRoute,
  Writer,
  requireRole,
  uuid,
  type AuthenticatedUser,
  type WriteRequest,
} from '@accord/platform';
import { agreementDecider } from '../agreement.decide';
import { rolesSigningFor } from './sign-agreement.decide';

/** A partner id, or `company` for our own side. */
export const PARTY_ID = /^(company|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export class SignAgreementRequest {
  @ApiProperty({
    example: 'company',
    description: 'The party signing: a partner id on the agreement, or `company` for our own side',
  })
  @IsString()
  @Matches(PARTY_ID, { message: 'partyId must be a partner id (UUID) or "company"' })
  partyId!: string;

  @ApiPropertyOptional({
    example: '2016-09-05',
    description:
      'The day it signed (YYYY-MM-DD; default today): not in the future, nor before the approval or the draft',
  })
  @IsOptional()
  @IsCalendarDate()
  signedOn?: string;
}

@ApiTags('agreements')
@Controller('agreements')
export class SignAgreementController {
  constructor(
    private readonly writer: Writer,
    private readonly clock: Clock,
  ) {}

  @WriteRoute('POST', ':id/sign', {
    roles: ['alliance_manager', 'legal'],
    operationId: 'AgreementsController_sign',
    summary: 'Record one party’s signature',
    description:
      'When every party (and `company`) has signed, the agreement is fully executed, `partnership.established` is published, and it becomes active if its effective date has come.',
  })
  async sign(
    @Param('id', uuid('id')) id: string,
    @Body() { partyId, signedOn }: SignAgreementRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Write() write: WriteRequest,
  ) {
    const party = partyId.toLowerCase();
    requireRole(user, rolesSigningFor(party), 'Only legal signs on behalf of the company');
    const today = this.clock.today();
    const command = { type: 'Sign', partyId: party, signedOn: signedOn ?? today, today } as const;
    return write.answer(await this.writer.write(agreementDecider, id, command, write));
  }
}
