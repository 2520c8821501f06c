import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Write, WriteResult, WriteRoute, uuid, type WriteRequest } from '@accord/platform';
import { CONTACT_ROLES, type ContactRole } from '../partner';
import { AddContactCommand } from './add-contact.handler';

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

class ContactWriteResult extends WriteResult {
  @ApiProperty({ format: 'uuid' }) contactId!: string;
}

@ApiTags('partners')
@Controller('partners')
export class AddContactRoute {
  constructor(private readonly commands: CommandBus) {}

  @WriteRoute('POST', ':id/contacts', {
    roles: ['alliance_manager'],
    operationId: 'PartnersController_addContact',
    summary: 'Add a contact',
    description: 'Name and e-mail are personal data: stored encrypted with a key of their own, never published.',
    status: 201,
    type: ContactWriteResult,
  })
  async addContact(
    @Param('id', uuid('id')) id: string,
    @Body() request: AddContactRequest,
    @Write() write: WriteRequest,
  ) {
    const { contactId, version } = await this.commands.execute(
      new AddContactCommand(id, request, write.context, write.expectedVersion),
    );
    return write.answer({ id, contactId, version });
  }
}
