import { agreementApi, partnerApi, unwrap, unwrapVersioned } from '../../api/client';
import type { components, operations } from '../../api/generated/agreement-service';
import type { components as PartnerComponents } from '../../api/generated/partner-service';

type Schemas = components['schemas'];

export type AgreementType = Schemas['AgreementView']['type'];
export type AgreementStatus = Schemas['AgreementView']['status'];
export type FundingDirection = Schemas['FundingRequest']['direction'];
export type ForegroundOwnership = Schemas['IpTermsRequest']['foregroundOwnership'];
export type ObligationKind = Schemas['ObligationView']['kind'];

export type Funding = Schemas['FundingView'];
export type IpTerms = Schemas['IpTermsView'];
export type Signature = Schemas['SignatureView'];
export type Obligation = Schemas['ObligationView'];
export type Amendment = Schemas['AmendmentView'];
export type AgreementSummary = Schemas['AgreementSummary'];
export type Agreement = Schemas['AgreementView'];
export type AgreementPage = Schemas['AgreementPage'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type ListQuery = NonNullable<operations['AgreementsController_list']['parameters']['query']>;

/*
 * The request bodies. `autoRenew` and `noticePeriodDays` have defaults, which the generated types
 * make required (openapi-typescript's `defaultNonNullable`); the service fills in what a body leaves
 * out, so here they stay optional and the calls below assert the generated type.
 */
type Defaulted = 'autoRenew' | 'noticePeriodDays';
type WithDefaults<T extends Record<Defaulted, unknown>> = Omit<T, Defaulted> & Partial<Pick<T, Defaulted>>;
/** What a draft (and a logged, signed agreement) sends. */
export type DraftBody = WithDefaults<Schemas['DraftAgreementRequest']>;
export type ReviseBody = WithDefaults<Schemas['ReviseTermsRequest']>;
export interface AmendBody {
  summary: string;
  effectiveOn?: string;
  changes: WithDefaults<Schemas['AmendableTermsRequest']>;
}

/** Our own side, as the service names it among the signatures. */
export const COMPANY = 'company';

/** Cache keys: a write to an agreement invalidates `agreementKey(id)`, its history and the lists. */
export const AGREEMENTS_KEY = 'agreement:';
export const agreementKey = (id: string) => `agreement:${id}`;
export const agreementHistoryKey = (id: string) => `agreement:${id}:history`;

export async function listAgreements(query: ListQuery, signal?: AbortSignal): Promise<AgreementPage> {
  return await unwrap(agreementApi.GET('/agreements', { params: { query }, signal }));
}

export async function getAgreement(id: string, signal?: AbortSignal): Promise<{ agreement: Agreement; etag: string }> {
  const { data: agreement, etag } = await unwrapVersioned(
    agreementApi.GET('/agreements/{id}', { params: { path: { id } }, signal }),
  );
  return { agreement, etag: etag ?? `"${agreement.version}"` };
}

export async function getAgreementHistory(id: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
  return await unwrap(agreementApi.GET('/agreements/{id}/history', { params: { path: { id } }, signal }));
}

/** The create sends an Idempotency-Key (api/client.ts's middleware): a retried submission records once. */
export function draftAgreement(body: DraftBody) {
  return unwrap(agreementApi.POST('/agreements', { body: body as Schemas['DraftAgreementRequest'] }));
}

const ifMatch = (etag: string) => ({ 'If-Match': etag });
const path = (id: string) => ({ path: { id } });

export function reviseAgreement(id: string, etag: string, body: ReviseBody) {
  return unwrap(
    agreementApi.PATCH('/agreements/{id}', {
      params: { ...path(id), header: ifMatch(etag) },
      body: body as Schemas['ReviseTermsRequest'],
    }),
  );
}

export function startNegotiation(id: string, etag: string, startedOn: string) {
  return unwrap(
    agreementApi.POST('/agreements/{id}/start-negotiation', {
      params: { ...path(id), header: ifMatch(etag) },
      body: { startedOn },
    }),
  );
}

export function submitForReview(id: string, etag: string, submittedOn: string) {
  return unwrap(
    agreementApi.POST('/agreements/{id}/submit-for-review', {
      params: { ...path(id), header: ifMatch(etag) },
      body: { submittedOn },
    }),
  );
}

export function approveAgreement(id: string, etag: string, approvedOn: string) {
  return unwrap(
    agreementApi.POST('/agreements/{id}/approve', {
      params: { ...path(id), header: ifMatch(etag) },
      body: { approvedOn },
    }),
  );
}

export function signAgreement(id: string, etag: string, partyId: string, signedOn: string) {
  return unwrap(
    agreementApi.POST('/agreements/{id}/sign', {
      params: { ...path(id), header: ifMatch(etag) },
      body: { partyId, signedOn },
    }),
  );
}

export function amendAgreement(id: string, etag: string, body: AmendBody) {
  return unwrap(
    agreementApi.POST('/agreements/{id}/amend', {
      params: { ...path(id), header: ifMatch(etag) },
      body: body as Schemas['AmendAgreementRequest'],
    }),
  );
}

export function renewAgreement(id: string, etag: string, newExpiryDate: string, renewedOn: string) {
  return unwrap(
    agreementApi.POST('/agreements/{id}/renew', {
      params: { ...path(id), header: ifMatch(etag) },
      body: { newExpiryDate, renewedOn },
    }),
  );
}

export function terminateAgreement(id: string, etag: string, reason: string, effectiveOn: string) {
  return unwrap(
    agreementApi.POST('/agreements/{id}/terminate', {
      params: { ...path(id), header: ifMatch(etag) },
      body: { reason, effectiveOn },
    }),
  );
}

export function addObligation(id: string, etag: string, body: Schemas['AddObligationRequest']) {
  return unwrap(
    agreementApi.POST('/agreements/{id}/obligations', { params: { ...path(id), header: ifMatch(etag) }, body }),
  );
}

export function meetObligation(id: string, obligationId: string, etag: string, metOn: string) {
  return unwrap(
    agreementApi.POST('/agreements/{id}/obligations/{obligationId}/meet', {
      params: { path: { id, obligationId }, header: ifMatch(etag) },
      body: { metOn },
    }),
  );
}

export function waiveObligation(id: string, obligationId: string, etag: string, reason: string, waivedOn: string) {
  return unwrap(
    agreementApi.POST('/agreements/{id}/obligations/{obligationId}/waive', {
      params: { path: { id, obligationId }, header: ifMatch(etag) },
      body: { reason, waivedOn },
    }),
  );
}

/** Who changed the agreement after `version` ("ada, ben"), from its history; empty when unknown. */
export async function agreementChangedSince(id: string, version: number): Promise<string[]> {
  try {
    const history = await getAgreementHistory(id);
    const actors = history.filter((entry) => entry.version > version).map((entry) => entry.actor.replace(/^user:/, ''));
    return [...new Set(actors)];
  } catch {
    return [];
  }
}

/* Partners, as the party picker and the party cards need them (partner-service). */

export type PartnerItem = Pick<
  PartnerComponents['schemas']['PartnerListItem'],
  'id' | 'name' | 'type' | 'country' | 'status'
>;

export async function searchPartners(q: string, signal?: AbortSignal): Promise<PartnerItem[]> {
  const page = await unwrap(
    partnerApi.GET('/partners', { params: { query: { q, pageSize: 10, sort: 'name' } }, signal }),
  );
  return page.items;
}

export async function getPartnerItem(id: string, signal?: AbortSignal): Promise<PartnerItem> {
  return await unwrap(partnerApi.GET('/partners/{id}', { params: { path: { id } }, signal }));
}
