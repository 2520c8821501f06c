import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

/**
 * Server state, small: a cache of reads by key, shared by every component that shows the same data,
 * refetched when the window regains focus or a live change names it, and invalidated by prefix after
 * a write (`invalidate('partner:')`). What TanStack Query does, cut to what these pages need.
 */

type Status = 'loading' | 'success' | 'error';

interface Entry<T = unknown> {
  status: Status;
  data?: T;
  error?: unknown;
  /** A newer fetch for the same key supersedes one in flight. */
  controller?: AbortController;
  loader?: (signal: AbortSignal) => Promise<T>;
  subscribers: number;
  stale: boolean;
}

const cache = new Map<string, Entry>();
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

function load(key: string): void {
  const entry = cache.get(key);
  if (!entry?.loader) return;
  entry.controller?.abort();
  const controller = new AbortController();
  entry.controller = controller;
  entry.stale = false;
  // Keep showing what we had while refetching: no flash of "loading" on a live refresh.
  if (entry.status === 'error') entry.status = 'loading';
  notify();
  entry.loader(controller.signal).then(
    (data) => {
      if (entry.controller !== controller) return;
      Object.assign(entry, { status: 'success', data, error: undefined, controller: undefined });
      notify();
    },
    (error: unknown) => {
      if (entry.controller !== controller || controller.signal.aborted) return;
      Object.assign(entry, { status: 'error', error, controller: undefined });
      notify();
    },
  );
}

/** Refetches every shown read whose key starts with one of the prefixes; others refetch when next shown. */
export function invalidate(...prefixes: string[]): void {
  for (const [key, entry] of cache) {
    if (!prefixes.some((prefix) => key.startsWith(prefix))) continue;
    if (entry.subscribers > 0) load(key);
    else entry.stale = true;
  }
}

/** Puts a value just read (e.g. the latest version after a 412) into the cache. */
export function prime<T>(key: string, data: T): void {
  const entry = cache.get(key);
  if (entry) Object.assign(entry, { status: 'success', data, error: undefined });
  notify();
}

if (typeof window !== 'undefined') {
  window.addEventListener('focus', () => invalidate(''));
}

export interface Resource<T> {
  status: Status;
  data: T | undefined;
  error: unknown;
  /** True while a refetch runs with data already shown. */
  refreshing: boolean;
  reload: () => void;
}

/**
 * Reads `key` with `loader`, or with whatever component loaded the same key first. `key` null: nothing
 * to read yet.
 */
export function useResource<T>(key: string | null, loader: (signal: AbortSignal) => Promise<T>): Resource<T> {
  useSyncExternalStore(subscribe, () => version);
  const [, setTick] = useState(0);

  useEffect(() => {
    if (key === null) return;
    let entry = cache.get(key);
    if (!entry) {
      entry = { status: 'loading', subscribers: 0, stale: true };
      cache.set(key, entry);
    }
    entry.loader = loader;
    entry.subscribers++;
    if (entry.stale) load(key);
    setTick((tick) => tick + 1);
    const current = entry;
    return () => {
      current.subscribers--;
      if (current.subscribers === 0) {
        current.controller?.abort();
        current.controller = undefined;
        if (current.status === 'loading') cache.delete(key);
        else current.stale = true;
      }
    };
    // The loader is a closure over the key's parameters: the key stands for it.
  }, [key]);

  const reload = useCallback(() => {
    if (key !== null) load(key);
  }, [key]);
  const entry = key === null ? undefined : (cache.get(key) as Entry<T> | undefined);
  return {
    status: entry?.status ?? 'loading',
    data: entry?.data,
    error: entry?.error,
    refreshing: entry?.status === 'success' && entry.controller !== undefined,
    reload,
  };
}
