import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { CONTACT_ROLES, type ContactRole } from '../partner';

export class UpdateContactRequest {
  @ApiPropertyOptional({ example: 'Kazuyuki Aihara' })
  @ValidateIf((request: UpdateContactRequest) => request.name !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'aihara@example.ac.jp' })
  @ValidateIf((request: UpdateContactRequest) => request.email !== undefined)
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: CONTACT_ROLES })
  @ValidateIf((request: UpdateContactRequest) => request.role !== undefined)
  @IsIn(CONTACT_ROLES)
  role?: ContactRole;

  @ApiPropertyOptional()
  @ValidateIf((request: UpdateContactRequest) => request.internal !== undefined)
  @IsBoolean()
  internal?: boolean;
}
