import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '@accord/platform';

export class RenewAgreementRequest {
  @ApiProperty({ example: '2031-09-04', description: 'The new expiry date, after the current one' })
  @IsCalendarDate()
  newExpiryDate!: string;
}
