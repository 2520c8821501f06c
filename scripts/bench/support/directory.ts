import type { EntityManager } from 'typeorm';
import type { InlineProjection, StoredEvent } from '@accord/event-store';

/**
 * The projection the rebuild benchmark replays: a one-table directory of partners with the number
 * of events each had, an upsert per event like the services' own read models.
 */
export const DIRECTORY_TABLE = `CREATE TABLE bench_directory (
  partner_id text PRIMARY KEY, name text NOT NULL, country text NOT NULL, updated int NOT NULL)`;

interface Entry {
  partnerId: string;
  name: string;
  country: string;
}

/** Events per partner, with the first event's name and country (later ones only count). */
export function tally(entries: Entry[]): { ids: string[]; names: string[]; countries: string[]; counts: number[] } {
  const byId = new Map<string, { entry: Entry; count: number }>();
  for (const entry of entries) {
    const seen = byId.get(entry.partnerId);
    if (seen) seen.count++;
    else byId.set(entry.partnerId, { entry, count: 1 });
  }
  const rows = [...byId.values()];
  return {
    ids: rows.map((r) => r.entry.partnerId),
    names: rows.map((r) => r.entry.name),
    countries: rows.map((r) => r.entry.country),
    counts: rows.map((r) => r.count),
  };
}

/** One statement for a whole page: a partner met twice in it is counted twice, as `apply` would. */
export const UPSERT = (table: string) => `INSERT INTO ${table} (partner_id, name, country, updated)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
  ON CONFLICT (partner_id) DO UPDATE SET updated = ${table}.updated + EXCLUDED.updated`;

const entry = (event: StoredEvent) => event.data as Entry;

/** Event by event: one round trip each, as the services' projections are written today. */
export const directoryByEvent: InlineProjection = {
  name: 'directory',
  tables: ['bench_directory'],
  handles: ['PartnerRegistered'],
  apply: async (tx, event) => {
    const { partnerId, name, country } = entry(event);
    await tx.query(
      `INSERT INTO bench_directory VALUES ($1, $2, $3, 1)
       ON CONFLICT (partner_id) DO UPDATE SET updated = bench_directory.updated + 1`,
      [partnerId, name, country],
    );
  },
};

/** The same projection, able to write a page of events in one statement. */
export const directoryByPage: InlineProjection = {
  ...directoryByEvent,
  applyAll: async (tx: EntityManager, events: StoredEvent[]) => {
    const { ids, names, countries, counts } = tally(events.map(entry));
    await tx.query(UPSERT('bench_directory'), [ids, names, countries, counts]);
  },
};
