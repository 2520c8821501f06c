import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class SignAgreementRequest {
  @ApiProperty({
    example: 'company',
    description: 'The party signing: a partner id on the agreement, or `company` for our own side',
  })
  @IsString()
  @Matches(/^(company|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'partyId must be a partner id (UUID) or "company"',
  })
  partyId!: string;
}
