import { REPORTING_SCHEMA } from '@accord/platform';
import { agreementService } from '../apps/agreement-service/src/service';
import { REPORTING_VIEW_SQL } from '../apps/dashboard/src/migrations/1764200000000-create-reporting-views';
import { dashboardService } from '../apps/dashboard/src/service';
import { partnerService } from '../apps/partner-service/src/service';
import { projectService } from '../apps/project-service/src/service';
import { ROLES } from '../scripts/infra/db-roles';

/**
 * The grants follow from two lists kept by hand: the tables each service shares (its descriptor's
 * sharedReadModels) and the schemas each role owns (scripts/infra/db-roles.ts). Checked here against
 * what they describe: the tables the reporting views read, and the schemas the apps use.
 */
const services = [partnerService, agreementService, projectService];

/** `schema.table` names the views' SQL reads, by schema. */
function viewSources(): Map<string, Set<string>> {
  const sources = new Map<string, Set<string>>();
  for (const sql of REPORTING_VIEW_SQL) {
    for (const [, schema, table] of sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)\.(\w+)/gi)) {
      sources.set(schema, (sources.get(schema) ?? new Set()).add(table));
    }
  }
  return sources;
}

it('the reporting views read only the services’ schemas and their own', () => {
  expect([...viewSources().keys()].sort()).toEqual([...services.map((s) => s.defaultSchema), REPORTING_SCHEMA].sort());
});

it.each(services)('$name shares exactly the tables the reporting views read', (service) => {
  expect([...(service.sharedReadModels ?? [])].sort()).toEqual([...viewSources().get(service.defaultSchema)!].sort());
});

it.each([...services, dashboardService])('$name has a role that owns its schema, and only its own', (service) => {
  const role = ROLES.find((r) => r.service === service.name);
  expect(role?.schemas).toContain(service.defaultSchema);
  const others = ROLES.filter((r) => r !== role).flatMap((r) => r.schemas);
  expect(others).not.toContain(service.defaultSchema);
});

it('gives the reporting schema to the dashboard, whose views it holds', () => {
  expect(ROLES.find((r) => r.service === dashboardService.name)?.schemas).toContain(REPORTING_SCHEMA);
});
