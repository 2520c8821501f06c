import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@accord/event-store';
import {
  Clock,
  Context,
  CurrentUser,
  HistoryEntry,
  IdempotentCreate,
  IF_MATCH_HEADER,
  IdempotentCreates,
  Roles,
  TimeAxesRequest,
  Write,
  WriteResult,
  created,
  seesPersonalData,
  setVersion,
  uuid,
  type AuthenticatedUser,
  type WriteRequest,
} from '@accord/platform';
import { AddContactCommand } from './add-contact/add-contact.handler';
import { AddContactRequest } from './add-contact/add-contact.request';
import {
  ArchivePartnerRequest,
  MarkPartnerDormantRequest,
  RestorePartnerRequest,
} from './change-status/change-status.requests';
import { GetPartnerQuery } from './get-partner/get-partner.query';
import { PartnerView, withoutPersonalData } from './get-partner/partner.view';
import { ListPartnersQuery, PartnerPage } from './list-partners/list-partners.query';
import { ListPartnersRequest } from './list-partners/list-partners.request';
import { PartnerWriter } from './partner-command.handler';
import { partnerStream } from './partner';
import { PartnerHistoryQuery } from './partner-history/partner-history.query';
import { RegisterPartnerRequest } from './register-partner/register-partner.request';
import { UpdateContactCommand } from './update-contact/update-contact.handler';
import { UpdateContactRequest } from './update-contact/update-contact.request';
import { UpdatePartnerRequest } from './update-partner/update-partner.request';

class ContactWriteResult extends WriteResult {
  @ApiProperty({ format: 'uuid' }) contactId!: string;
}

/** Every route of the partner aggregate. Writes go through the CommandBus, reads through the QueryBus. */
@ApiTags('partners')
@Controller('partners')
export class PartnersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly partners: PartnerWriter,
    private readonly creates: IdempotentCreates,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('alliance_manager')
  @ApiOperation({
    summary: 'Register a partner',
    description:
      'A new partner starts as a prospect. The same name in the same country is a 409 naming the existing partner.',
  })
  @IdempotentCreate()
  @ApiCreatedResponse({ type: WriteResult })
  async register(
    @Body() request: RegisterPartnerRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Context() context: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { tier = 'standard', website = null, technologyAreas = [], ...profile } = request;
    const outcome = await this.creates.create(
      { key, scope: 'POST /partners', context, body: request, stream: partnerStream },
      (partnerId) =>
        this.partners.write(
          partnerId,
          { type: 'RegisterPartner', partnerId, tier, profile: { ...profile, website, technologyAreas } },
          { context },
        ),
    );
    return created(response, `/partners/${outcome.result.id}`, outcome);
  }

  @Get()
  @ApiOperation({
    summary: 'Find partners',
    description: 'Filter, search by name, sort and page through the directory.',
  })
  @ApiOkResponse({ type: PartnerPage })
  list(@Query() filters: ListPartnersRequest): Promise<PartnerPage> {
    return this.queries.execute(new ListPartnersQuery(filters));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A partner with its contacts: now, as recorded at a past time, or as it stood on a past day',
    description:
      '`asOf` (a timestamp) answers what Accord had recorded then; `validOn` (a date) what was true in the world that day, ' +
      'e.g. `?validOn=2019-06-01` shows a partner archived as of 2019-03-31 as archived even if the archive was logged only today. ' +
      'Both together: the acts recorded by `asOf` that had happened by `validOn`. A registration carries no date: it counts ' +
      'from its earliest dated act (a status or tier change), or from the day it was recorded; before that, 404. ' +
      'A past view has no activity, and shows contacts as the current view does (no name or e-mail once erased, nor for viewers).',
  })
  @ApiOkResponse({ type: PartnerView })
  async get(
    @Param('id', uuid('id')) id: string,
    @Query() { asOf, validOn }: TimeAxesRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ) {
    const view = await this.queries.execute(new GetPartnerQuery(id, asOf ? new Date(asOf) : undefined, validOn));
    setVersion(response, view.version);
    return seesPersonalData(user) ? view : withoutPersonalData(view);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Who did what to this partner, and when' })
  @ApiOkResponse({ type: [HistoryEntry] })
  history(@Param('id', uuid('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<HistoryEntry[]> {
    return this.queries.execute(new PartnerHistoryQuery(id, seesPersonalData(user)));
  }

  @Patch(':id')
  @Roles('alliance_manager')
  @ApiOperation({
    summary: "Update a partner's profile or tier",
    description:
      'Only the fields sent change; `website: null` clears it. A tier change is dated `effectiveOn` (default today; a date in the future is a 422 `date_in_future`).',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async update(
    @Param('id', uuid('id')) id: string,
    @Body() request: UpdatePartnerRequest,
    @Write() write: WriteRequest,
  ) {
    const { tier, effectiveOn, ...changes } = request;
    const command = { type: 'UpdatePartnerProfile', changes, tier, effectiveOn, today: this.clock.today() } as const;
    return write.answer(await this.partners.write(id, command, write));
  }

  @Post(':id/archive')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Archive a partner (it can be restored)',
    description: 'As of `archivedOn` (default today): a date in the future is a 422 `date_in_future`.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ type: ArchivePartnerRequest, required: false })
  @ApiOkResponse({ type: WriteResult })
  async archive(
    @Param('id', uuid('id')) id: string,
    @Body() { reason, archivedOn }: ArchivePartnerRequest,
    @Write() write: WriteRequest,
  ) {
    const command = { type: 'ArchivePartner', reason: reason ?? null, archivedOn, today: this.clock.today() } as const;
    return write.answer(await this.partners.write(id, command, write));
  }

  @Post(':id/restore')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restore an archived partner to the status it had',
    description:
      'As of `restoredOn` (default today): a date in the future is a 422 `date_in_future`, one before the archive a 422 `before_archived`.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ type: RestorePartnerRequest, required: false })
  @ApiOkResponse({ type: WriteResult })
  async restore(
    @Param('id', uuid('id')) id: string,
    @Body() { restoredOn }: RestorePartnerRequest,
    @Write() write: WriteRequest,
  ) {
    const command = { type: 'RestorePartner', restoredOn, today: this.clock.today() } as const;
    return write.answer(await this.partners.write(id, command, write));
  }

  @Post(':id/mark-dormant')
  @Roles('alliance_manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark an active partner dormant (a partnership established later activates it again)',
    description: 'As of `markedDormantOn` (default today): a date in the future is a 422 `date_in_future`.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiBody({ type: MarkPartnerDormantRequest, required: false })
  @ApiOkResponse({ type: WriteResult })
  async markDormant(
    @Param('id', uuid('id')) id: string,
    @Body() { reason, markedDormantOn }: MarkPartnerDormantRequest,
    @Write() write: WriteRequest,
  ) {
    const today = this.clock.today();
    const command = { type: 'MarkPartnerDormant', reason: reason ?? null, markedDormantOn, today } as const;
    return write.answer(await this.partners.write(id, command, write));
  }

  @Post(':id/contacts')
  @Roles('alliance_manager')
  @ApiOperation({
    summary: 'Add a contact',
    description: 'Name and e-mail are personal data: stored encrypted with a key of their own, never published.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse({ type: ContactWriteResult })
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

  @Patch(':id/contacts/:contactId')
  @Roles('alliance_manager')
  @ApiOperation({ summary: 'Update a contact' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
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

  @Delete(':id/contacts/:contactId')
  @Roles('alliance_manager')
  @ApiOperation({ summary: 'Remove a contact (their details stay in the history until erased)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async removeContact(
    @Param('id', uuid('id')) id: string,
    @Param('contactId', uuid('contactId')) contactId: string,
    @Write() write: WriteRequest,
  ) {
    return write.answer(await this.partners.write(id, { type: 'RemoveContact', contactId }, write));
  }

  @Post(':id/contacts/:contactId/erase')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a contact's personal data, everywhere and for good",
    description:
      "Deletes the contact's key: every stored copy of the name and e-mail becomes unreadable; the history keeps that a contact existed.",
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: WriteResult })
  async eraseContact(
    @Param('id', uuid('id')) id: string,
    @Param('contactId', uuid('contactId')) contactId: string,
    @Write() write: WriteRequest,
  ) {
    return write.answer(await this.partners.write(id, { type: 'EraseContact', contactId }, write));
  }
}
