import 'reflect-metadata';
import { PostgresEventStore, rebuildProjection } from '@accord/event-store';
import { dataSourceOptions, loadEnvironment, openDataSource, type ServiceDescriptor } from '@accord/platform';
import { agreementService } from '../../../apps/agreement-service/src/service';
import { partnerService } from '../../../apps/partner-service/src/service';
import { projectService } from '../../../apps/project-service/src/service';
import type { TestDatabase } from '../../support/database';
import { snapshot, snapshotDifference } from './verify';

export interface RebuildFigures {
  /** Rows of the projection's tables. */
  rows: number;
  /** Rows that differ between the live tables and the same tables rebuilt from the events. */
  differing: number;
  events: number;
}

/**
 * Every inline read model against a fresh rebuild from its event store, through the store's own
 * rebuild machinery (`npm run rebuild`): the live rows are taken, the projection is replayed from
 * the first event into temporary tables and swapped in, and the rows are taken again. Any row a crash
 * left half-written, or an append that reached the events and not the read model, shows as a
 * difference. Run it while nothing writes (the rebuild itself would be fine; the comparison would not).
 */
export async function compareReadModelsWithRebuilds(db: TestDatabase): Promise<Record<string, RebuildFigures>> {
  const result: Record<string, RebuildFigures> = {};
  for (const service of [partnerService, agreementService, projectService] as ServiceDescriptor[]) {
    const env = loadEnvironment(
      { DATABASE_URL: db.url },
      { PORT: String(service.defaultPort), DB_SCHEMA: service.defaultSchema },
      'tool',
    );
    const dataSource = await openDataSource(
      dataSourceOptions(env, {
        applicationName: `${service.name}-faults-rebuild`,
        migrations: service.migrations,
        entities: service.entities,
      }),
    );
    try {
      const store = new PostgresEventStore(dataSource, { ...service.eventStore, source: `accord/${service.name}` });
      for (const projection of service.eventStore?.projections ?? []) {
        const tables = projection.tables.map((table) => `${service.defaultSchema}.${table}`);
        const rows = async () =>
          (
            await Promise.all(tables.map(async (table) => (await snapshot(db, table)).map((row) => `${table} ${row}`)))
          ).flat();
        const before = await rows();
        const { events } = await rebuildProjection(store, projection);
        const after = await rows();
        result[`${service.name}/${projection.name}`] = {
          rows: before.length,
          differing: snapshotDifference(before, after),
          events,
        };
      }
    } finally {
      await dataSource.destroy();
    }
  }
  return result;
}
