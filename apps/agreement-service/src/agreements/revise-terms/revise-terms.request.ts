import { OmitType, PartialType } from '@nestjs/swagger';
import { DraftAgreementRequest } from '../draft-agreement/draft-agreement.request';

/** Any of the draft's terms; those left out stay. Parties and dates are checked again. */
export class ReviseTermsRequest extends PartialType(OmitType(DraftAgreementRequest, ['type'] as const)) {}

/** Terms that cannot be cleared: `null` for these is a mistake, not "remove". */
export const REQUIRED_TERMS = [
  'title',
  'partyIds',
  'ownerId',
  'technologyAreas',
  'effectiveDate',
  'autoRenew',
  'noticePeriodDays',
  'funding',
  'ipTerms',
] as const;
