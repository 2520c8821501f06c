import { useEffect, useSyncExternalStore } from 'react';
import { getPartnerItem, type PartnerItem } from './api';

/**
 * Partners by id, for the pages that hold only ids (an agreement's parties, a project's leads): each
 * partner is read once per visit and shared by every component that names it. A partner that cannot
 * be read (removed, no connection) shows its id.
 */
const known = new Map<string, PartnerItem | 'loading' | 'failed'>();
const listeners = new Set<() => void>();
let version = 0;

function notify(): void {
  version++;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Puts partners already read (a search result) into the shared cache. */
export function rememberPartners(items: PartnerItem[]): void {
  for (const item of items) known.set(item.id, item);
  if (items.length) notify();
}

function load(id: string): void {
  if (known.has(id)) return;
  known.set(id, 'loading');
  getPartnerItem(id).then(
    (item) => {
      known.set(id, item);
      notify();
    },
    () => {
      known.set(id, 'failed');
      notify();
    },
  );
}

export function usePartners(ids: readonly string[]): Record<string, PartnerItem | undefined> {
  useSyncExternalStore(subscribe, () => version);
  const key = ids.join(',');
  useEffect(() => {
    for (const id of ids) load(id);
    // The ids, joined, stand for the list.
  }, [key]);
  const result: Record<string, PartnerItem | undefined> = {};
  for (const id of ids) {
    const entry = known.get(id);
    result[id] = entry && typeof entry === 'object' ? entry : undefined;
  }
  return result;
}

/** The party's name; "Our company" for our own side; a short id while loading or unknown. */
export function partyName(id: string, partners: Record<string, PartnerItem | undefined>): string {
  if (id === 'company') return 'Our company';
  return partners[id]?.name ?? `Partner ${id.slice(0, 8)}…`;
}
