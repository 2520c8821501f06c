import type { EntityManager } from 'typeorm';
import type { StoredEvent } from './events';
import type { InlineProjection } from './projection';
import type { PostgresEventStore } from './event-store';

/**
 * A read model as it was at some past moment: the projection itself replays the stream's events up
 * to then into temporary, empty copies of its tables (Postgres searches temporary tables first, so
 * the projection's unqualified names reach them), `read` queries them, and the transaction is rolled
 * back. No second implementation of the view to drift from the real one, and nothing is kept.
 */
export async function readAsOf<T>(
  store: PostgresEventStore,
  projection: InlineProjection,
  events: StoredEvent[],
  read: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = store.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    for (const table of projection.tables) {
      await runner.query(`CREATE TEMP TABLE "${table}" (LIKE "${table}" INCLUDING ALL) ON COMMIT DROP`);
    }
    for (const event of events) {
      if (projection.handles.includes(event.type)) await projection.apply(runner.manager, event);
    }
    return await read(runner.manager);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
