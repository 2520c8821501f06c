/**
 * `npm run rebuild -- <service> <projection>`: rebuilds one read model of a service from its event
 * store while the service keeps running (see rebuildProjection for how). Reads the same environment
 * as the service (DATABASE_URL, DB_SCHEMA).
 */
import 'reflect-metadata';
import { PostgresEventStore, rebuildProjection } from '@accord/event-store';
import { dataSourceOptions, loadEnvironment, openDataSource, type ServiceDescriptor } from '@accord/platform';
import { agreementService } from '../apps/agreement-service/src/service';
import { partnerService } from '../apps/partner-service/src/service';
import { projectService } from '../apps/project-service/src/service';

const services: Record<string, ServiceDescriptor> = Object.fromEntries(
  [partnerService, agreementService, projectService].map((service) => [service.name, service]),
);

async function main(): Promise<void> {
  const [serviceName, projectionName] = process.argv.slice(2);
  const service = services[serviceName ?? ''];
  if (!service)
    throw new Error(`usage: npm run rebuild -- <service> <projection>; services: ${Object.keys(services).join(', ')}`);
  const projections = service.eventStore?.projections ?? [];
  const projection = projections.find((p) => p.name === projectionName);
  if (!projection) {
    const known = projections.map((p) => p.name).join(', ') || 'none yet';
    throw new Error(`${service.name} has no projection "${projectionName ?? ''}"; its projections: ${known}`);
  }

  const env = loadEnvironment(
    process.env,
    { PORT: String(service.defaultPort), DB_SCHEMA: service.defaultSchema },
    'tool',
  );
  const dataSource = await openDataSource(
    dataSourceOptions(env, {
      applicationName: `${service.name}-rebuild`,
      migrations: service.migrations,
      entities: service.entities,
    }),
  );
  try {
    const store = new PostgresEventStore(dataSource, { ...service.eventStore, source: `accord/${service.name}` });
    let last = 0;
    const result = await rebuildProjection(store, projection, {
      onProgress: (events) => {
        if (events - last >= 10_000) console.log(`  ${events} events replayed`);
        last = events;
      },
    });
    const rate = Math.round(result.events / Math.max(result.milliseconds / 1000, 0.001));
    console.log(
      `${service.name}/${projection.name}: rebuilt from ${result.events} events in ${result.milliseconds} ms (${rate} events/s); rows: ${JSON.stringify(result.rows)}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
