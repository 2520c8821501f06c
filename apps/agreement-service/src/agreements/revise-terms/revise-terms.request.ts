import { OmitType, PartialType } from '@nestjs/swagger';
import { NonNullable } from '@accord/platform';
import { DraftAgreementRequest } from '../draft-agreement/draft-agreement.request';

/** Any of the draft's terms; those left out stay. Parties and dates are checked again. */
@NonNullable(
  'title',
  'partyIds',
  'ownerId',
  'technologyAreas',
  'effectiveDate',
  'autoRenew',
  'noticePeriodDays',
  'funding',
  'ipTerms',
)
export class ReviseTermsRequest extends PartialType(
  OmitType(DraftAgreementRequest, ['type', 'draftedOn', 'execution'] as const),
) {}
