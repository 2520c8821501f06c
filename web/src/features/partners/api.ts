import { dashboardApi, partnerApi, unwrap, unwrapVersioned } from '../../api/client';
import type { Partner360 } from '../../api/dashboard-types';
import type { components, operations } from '../../api/generated/partner-service';

type Schemas = components['schemas'];

/*
 * partner-service documents `website`, and a contact's `name` and `email`, as `type: object`
 * (a nullable string property without an explicit `type: String` in its @ApiProperty), so the
 * generated types say `Record<string, never> | null`. These types say what the service sends; the
 * casts below go once the service's decorators say `type: String`.
 */
type Text = string | null;
export type Contact = Omit<Schemas['ContactView'], 'name' | 'email'> & { name: Text; email: Text };
export type Partner = Omit<Schemas['PartnerView'], 'website' | 'contacts'> & { website: Text; contacts: Contact[] };
export type PartnerListItem = Omit<Schemas['PartnerListItem'], 'website' | 'lastActivityAt'> & {
  website: Text;
  lastActivityAt: Text;
};
export type PartnerPage = Omit<Schemas['PartnerPage'], 'items'> & { items: PartnerListItem[] };
export type ListQuery = NonNullable<operations['PartnersController_list']['parameters']['query']>;
export type RegisterBody = Omit<Schemas['RegisterPartnerRequest'], 'website'> & { website?: Text };
export type UpdateBody = Omit<Schemas['UpdatePartnerRequest'], 'website'> & { website?: Text };
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
  return (await unwrap(partnerApi.GET('/partners', { params: { query }, signal }))) as unknown as PartnerPage;
}

export async function getPartner(id: string, signal?: AbortSignal): Promise<{ partner: Partner; etag: string }> {
  const { data, etag } = await unwrapVersioned(partnerApi.GET('/partners/{id}', { params: { path: { id } }, signal }));
  const partner = data as unknown as Partner;
  return { partner, etag: etag ?? `"${partner.version}"` };
}

export function getHistory(id: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
  return unwrap(partnerApi.GET('/partners/{id}/history', { params: { path: { id } }, signal }));
}

export function registerPartner(body: RegisterBody) {
  return unwrap(partnerApi.POST('/partners', { body: body as unknown as Schemas['RegisterPartnerRequest'] }));
}

const ifMatch = (etag: string) => ({ 'If-Match': etag });

export function updatePartner(id: string, etag: string, body: UpdateBody) {
  return unwrap(
    partnerApi.PATCH('/partners/{id}', {
      params: { path: { id }, header: ifMatch(etag) },
      body: body as unknown as Schemas['UpdatePartnerRequest'],
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
