/**
 * The services' enumerations, taken from their OpenAPI documents (`npm run web:types` exports each
 * enum's values): a value added or renamed in a service changes these lists, and every form, filter
 * and chart offering them follows, or stops compiling where it named the old value.
 */
import {
  addObligationRequestKindValues,
  agreementViewStatusValues,
  draftAgreementRequestTypeValues,
  fundingRequestDirectionValues,
  ipTermsRequestForegroundOwnershipValues,
} from './generated/agreement-service';
import {
  addContactRequestRoleValues,
  partnerViewStatusValues,
  registerPartnerRequestTierValues,
  registerPartnerRequestTypeValues,
} from './generated/partner-service';
import {
  gateReviewRequestDecisionValues,
  projectViewStageValues,
  projectViewStatusValues,
  recordOutcomeRequestKindValues,
} from './generated/project-service';

export const PARTNER_TYPES = registerPartnerRequestTypeValues;
export const PARTNER_STATUSES = partnerViewStatusValues;
export const PARTNER_TIERS = registerPartnerRequestTierValues;
export const CONTACT_ROLES = addContactRequestRoleValues;

export const AGREEMENT_TYPES = draftAgreementRequestTypeValues;
export const AGREEMENT_STATUSES = agreementViewStatusValues;
export const FUNDING_DIRECTIONS = fundingRequestDirectionValues;
export const FOREGROUND_OWNERSHIP = ipTermsRequestForegroundOwnershipValues;
export const OBLIGATION_KINDS = addObligationRequestKindValues;

export const STAGES = projectViewStageValues;
export const PROJECT_STATUSES = projectViewStatusValues;
export const GATE_DECISIONS = gateReviewRequestDecisionValues;
export const OUTCOME_KINDS = recordOutcomeRequestKindValues;
