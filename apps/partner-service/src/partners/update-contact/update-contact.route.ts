import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { Write, WriteRoute, uuid, type WriteRequest } from '@accord/platform';
import { CONTACT_ROLES, type ContactRole } from '../partner';
import { UpdateContactCommand } from './update-contact.handler';

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

@ApiTags('partners')
@Controller('partners')
export class UpdateContactRoute {
  constructor(private readonly commands: CommandBus) {}

  @WriteRoute('PATCH', ':id/contacts/:contactId', {
    roles: ['alliance_manager'],
    operationId: 'PartnersController_updateContact',
    summary: 'Update a contact',
  })
  async updateContact(
    @Param('id', uuid('id')) id: string,
    @Param('contactId', uuid('contactId')) contactId: string,
    @Body() request: UpdateContactRequest,
    @Write() write: WriteRequest,
  ) {
    return write.answer(
      await this.commands.execute(
        new UpdateContactCommand(id, contactId, request, write.context, write.expectedVersion),
      ),
    );
  }
}
