import { dashboardApi, partnerApi, unwrap, unwrapVersioned } from '../../api/client';
import type { Partner360 } from '../../api/dashboard-types';
import type { components, operations } from '../../api/generated/partner-service';

type Schemas = components['schemas'];

export type Contact = Schemas['ContactView'];
export type Partner = Schemas['PartnerView'];
export type PartnerListItem = Schemas['PartnerListItem'];
export type PartnerPage = Schemas['PartnerPage'];
export type ListQuery = NonNullable<operations['PartnersController_list']['parameters']['query']>;
export type RegisterBody = Schemas['RegisterPartnerRequest'];
export type UpdateBody = Schemas['UpdatePartnerRequest'];
export type ContactBody = Schemas['AddContactRequest'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type PartnerType = Schemas['PartnerView']['type'];
export type PartnerStatus = Schemas['PartnerView']['status'];
export type PartnerTier = Schemas['PartnerView']['tier'];
export type ContactRole = Schemas['ContactView']['role'];

/** Cache keys: a write to a partner invalidates `partnerKey(id)` and the lists. */
export const PARTNERS_KEY = 'partner:';
export const partnerKey = (id: string) => `partner:${id}`;
export const partner360Key = (id: string) => `dashboard:360:${id}`;

export async function listPartners(query: ListQuery, signal?: AbortSignal): Promise<PartnerPage> {
  return await unwrap(partnerApi.GET('/partners', { params: { query }, signal }));
}

export async function getPartner(id: string, signal?: AbortSignal): Promise<{ partner: Partner; etag: string }> {
  const { data: partner, etag } = await unwrapVersioned(
    partnerApi.GET('/partners/{id}', { params: { path: { id } }, signal }),
  );
  return { partner, etag: etag ?? `"${partner.version}"` };
}

export function getHistory(id: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
  return unwrap(partnerApi.GET('/partners/{id}/history', { params: { path: { id } }, signal }));
}

export function registerPartner(body: RegisterBody) {
  return unwrap(partnerApi.POST('/partners', { body }));
}

const ifMatch = (etag: string) => ({ 'If-Match': etag });

export function updatePartner(id: string, etag: string, body: UpdateBody) {
  return unwrap(
    partnerApi.PATCH('/partners/{id}', {
      params: { path: { id }, header: ifMatch(etag) },
      body,
    }),
  );
}

export function archivePartner(id: string, etag: string, body: Schemas['ArchivePartnerRequest']) {
  return unwrap(partnerApi.POST('/partners/{id}/archive', { params: { path: { id }, header: ifMatch(etag) }, body }));
}

export function restorePartner(id: string, etag: string, body: Schemas['RestorePartnerRequest']) {
  return unwrap(partnerApi.POST('/partners/{id}/restore', { params: { path: { id }, header: ifMatch(etag) }, body }));
}

export function markPartnerDormant(id: string, etag: string, body: Schemas['MarkPartnerDormantRequest']) {
  return unwrap(
    partnerApi.POST('/partners/{id}/mark-dormant', { params: { path: { id }, header: ifMatch(etag) }, body }),
  );
}

export function addContact(id: string, etag: string, body: ContactBody) {
  return unwrap(partnerApi.POST('/partners/{id}/contacts', { params: { path: { id }, header: ifMatch(etag) }, body }));
}

export function updateContact(id: string, contactId: string, etag: string, body: Partial<ContactBody>) {
  return unwrap(
    partnerApi.PATCH('/partners/{id}/contacts/{contactId}', {
      params: { path: { id, contactId }, header: ifMatch(etag) },
      body,
    }),
  );
}

export function removeContact(id: string, contactId: string, etag: string) {
  return unwrap(
    partnerApi.DELETE('/partners/{id}/contacts/{contactId}', {
      params: { path: { id, contactId }, header: ifMatch(etag) },
    }),
  );
}

export function eraseContact(id: string, contactId: string, etag: string) {
  return unwrap(
    partnerApi.POST('/partners/{id}/contacts/{contactId}/erase', {
      params: { path: { id, contactId }, header: ifMatch(etag) },
    }),
  );
}

export async function getPartner360(id: string, signal?: AbortSignal): Promise<Partner360> {
  // dashboard.json does not declare this response yet: see api/dashboard-types.ts.
  return (await unwrap(
    dashboardApi.GET('/api/partners/{id}/360', { params: { path: { id } }, signal }),
  )) as unknown as Partner360;
}

/** Who changed the partner after `version` ("ada, ben"), from its history; empty when unknown. */
export async function changedSince(id: string, version: number): Promise<string[]> {
  try {
    const history = await getHistory(id);
    const actors = history.filter((entry) => entry.version > version).map((entry) => entry.actor.replace(/^user:/, ''));
    return [...new Set(actors)];
  } catch {
    return [];
  }
}
