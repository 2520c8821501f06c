import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CONTACT_ROLES, type ContactRole } from '../partner';

export class AddContactRequest {
  @ApiProperty({ example: 'Kazuyuki Aihara', description: 'Personal data: stored encrypted, erasable' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'k.aihara@example.ac.jp', description: 'Personal data: stored encrypted, erasable' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: CONTACT_ROLES, example: 'principal_investigator' })
  @IsIn(CONTACT_ROLES)
  role!: ContactRole;

  @ApiProperty({ example: false, description: 'true for people on our side of the partnership' })
  @IsBoolean()
  internal!: boolean;
}
