import { dataSourceOptions, loadEnvironment, openDataSource } from '@accord/platform';
import { partnerService } from '../src/service';

/** Runs these of partner-service's migrations on the `partner` schema of a test database. */
export async function migratePartnerSchema(url: string, migrations: typeof partnerService.migrations): Promise<void> {
  const env = loadEnvironment({ DATABASE_URL: url }, { PORT: '1', DB_SCHEMA: 'partner' }, 'tool');
  const dataSource = await openDataSource(
    dataSourceOptions(env, { applicationName: 'migration-test', migrations, entities: [] }),
  );
  await dataSource.destroy();
}

/** partner-service's migrations before the one whose class name starts with `name`. */
export function migrationsBefore(name: string): typeof partnerService.migrations {
  return partnerService.migrations.slice(
    0,
    partnerService.migrations.findIndex((migration) => migration.name.startsWith(name)),
  );
}
