import { useEffect, useRef } from 'react';

/**
 * Live updates: one EventSource to the dashboard's `/api/events` for the whole app (the session
 * cookie authenticates it). The server sends `change` whenever a service publishes a message, with
 * its topic, its CloudEvents type and its key (the aggregate's id); components subscribe to what
 * they show and refetch. After a reconnect, everyone is told to refetch: changes may have been missed.
 */

export interface Change {
  /** `accord.partners`, `accord.agreements`, `accord.projects` */
  topic: string;
  /** `accord.partner.archived.v1`; null when the message had none */
  type: string | null;
  /** The aggregate's id */
  key: string | null;
}

export type Aggregate = 'partner' | 'agreement' | 'project';
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'off';

interface Filter {
  aggregate?: Aggregate;
  /** One aggregate only */
  id?: string;
  /** A message type, e.g. `accord.partner.archived.v1` */
  type?: string;
}

const TOPICS: Record<Aggregate, string> = {
  partner: 'accord.partners',
  agreement: 'accord.agreements',
  project: 'accord.projects',
};

/** A change that matches every subscriber: sent after a reconnect. */
const RESYNC: Change = { topic: '*', type: null, key: null };
const RECONNECT_MS = 5_000;
/** Many messages in a burst (a seed, a batch) make one refetch, not one each. */
const DEBOUNCE_MS = 300;

type Listener = (change: Change) => void;
const subscribers = new Map<Listener, Filter>();
const stateListeners = new Set<(state: LiveState) => void>();
let source: EventSource | null = null;
let retry: ReturnType<typeof setTimeout> | undefined;
let state: LiveState = 'off';
let connectedBefore = false;

function setState(next: LiveState): void {
  state = next;
  for (const listener of stateListeners) listener(next);
}

function matches(filter: Filter, change: Change): boolean {
  if (change === RESYNC) return true;
  if (filter.aggregate && change.topic !== TOPICS[filter.aggregate]) return false;
  if (filter.id && change.key !== filter.id) return false;
  if (filter.type && change.type !== filter.type) return false;
  return true;
}

function dispatch(change: Change): void {
  for (const [listener, filter] of subscribers) if (matches(filter, change)) listener(change);
}

function connect(): void {
  if (typeof EventSource === 'undefined' || source) return;
  setState(connectedBefore ? 'reconnecting' : 'connecting');
  const opened = new EventSource('/api/events', { withCredentials: true });
  source = opened;
  opened.addEventListener('ready', () => {
    setState('live');
    if (connectedBefore) dispatch(RESYNC);
    connectedBefore = true;
  });
  opened.addEventListener('change', (event) => {
    try {
      const data = JSON.parse((event as MessageEvent<string>).data) as Partial<Change>;
      dispatch({ topic: String(data.topic ?? ''), type: data.type ?? null, key: data.key ?? null });
    } catch {
      dispatch(RESYNC);
    }
  });
  opened.addEventListener('error', () => {
    if (source !== opened) return;
    setState('reconnecting');
    // The browser retries by itself unless the server refused the stream (a session that ended):
    // then try again later; a page's own calls find out about the session meanwhile.
    if (opened.readyState === EventSource.CLOSED) {
      disconnect();
      setState('reconnecting');
      retry = setTimeout(connect, RECONNECT_MS);
    }
  });
}

function disconnect(): void {
  clearTimeout(retry);
  source?.close();
  source = null;
}

/** Opens the stream (signed in) or closes it (signed out). */
export function setLiveEnabled(enabled: boolean): void {
  if (enabled) connect();
  else {
    disconnect();
    connectedBefore = false;
    setState('off');
  }
}

export function onLiveState(listener: (state: LiveState) => void): () => void {
  stateListeners.add(listener);
  listener(state);
  return () => stateListeners.delete(listener);
}

/** Calls `listener` for each change matching `filter`. */
export function subscribeChanges(filter: Filter, listener: Listener): () => void {
  subscribers.set(listener, filter);
  return () => subscribers.delete(listener);
}

/**
 * Runs `onChange` (debounced) when a matching change arrives, for as long as the component is shown.
 * `filters`: any of them matching is enough.
 */
export function useLiveChanges(filters: Filter[], onChange: () => void): void {
  const callback = useRef(onChange);
  useEffect(() => {
    callback.current = onChange;
  });
  const key = JSON.stringify(filters);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fire = () => {
      clearTimeout(timer);
      timer = setTimeout(() => callback.current(), DEBOUNCE_MS);
    };
    const parsed = JSON.parse(key) as Filter[];
    const unsubscribes = parsed.map((filter) => subscribeChanges(filter, () => fire()));
    return () => {
      clearTimeout(timer);
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, [key]);
}
