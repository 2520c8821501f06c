import type { Client } from 'pg';
import { EVENT_TYPE, METADATA_SQL, PAYLOAD_SQL } from './payload';

/** Events per stream in a loaded store: partners with a registration and nine changes each. */
export const PER_STREAM = 10;

/**
 * Stores `count` events in `schema`'s event table as the store writes them (same columns, payload
 * and metadata shape), with plain SQL because a million appends would take minutes.
 */
export async function loadEvents(client: Client, schema: string, count: number, prefix = 'partner-'): Promise<void> {
  // Short transactions: a reader of all events anywhere on the server waits for the oldest one in flight.
  const chunk = 20_000;
  for (let from = 0; from < count; from += chunk) {
    await client.query(
      `INSERT INTO ${schema}.events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata)
       SELECT gen_random_uuid(), $3::text || (i / ${PER_STREAM}), i % ${PER_STREAM} + 1, '${EVENT_TYPE}', 1,
              ${PAYLOAD_SQL} || jsonb_build_object('partnerId', $3::text || (i / ${PER_STREAM})), ${METADATA_SQL}
         FROM generate_series($1::int, $2::int) i`,
      [from, Math.min(from + chunk, count) - 1, prefix],
    );
  }
  await client.query(`VACUUM ANALYZE ${schema}.events`);
}
