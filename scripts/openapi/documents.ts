/**
 * The services' (and the dashboard's) OpenAPI documents as files, `docs/openapi/<service>.json`, rendered exactly as they
 * are committed, so that a test can regenerate them and compare.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { buildApiDocument, httpAdapterFor, type ServiceDescriptor } from '@accord/platform';
import { REPO_ROOT, formatJson, type Files } from '../../libs/contracts/tools/artifacts';
import { AgreementServiceModule } from '../../apps/agreement-service/src/app.module';
import { agreementService } from '../../apps/agreement-service/src/service';
import { PartnerServiceModule } from '../../apps/partner-service/src/app.module';
import { partnerService } from '../../apps/partner-service/src/service';
import { DashboardModule } from '../../apps/dashboard/src/app.module';
import { dashboardService } from '../../apps/dashboard/src/service';
import { ProjectServiceModule } from '../../apps/project-service/src/app.module';
import { projectService } from '../../apps/project-service/src/service';

export const OPENAPI_DIR = join(REPO_ROOT, 'docs', 'openapi');

const SERVICES: { service: ServiceDescriptor; module: Type<unknown> }[] = [
  { service: partnerService, module: PartnerServiceModule },
  { service: agreementService, module: AgreementServiceModule },
  { service: projectService, module: ProjectServiceModule },
  // The web app's client is generated from these files, the dashboard's own routes included.
  { service: dashboardService, module: DashboardModule },
];

/**
 * In preview mode Nest resolves the module graph but instantiates no provider, so nothing reads the
 * environment or connects to Postgres or Kafka; the controllers' decorators are all the document needs.
 */
async function renderDocument(service: ServiceDescriptor, module: Type<unknown>): Promise<string> {
  // abortOnError: a module that cannot be resolved throws, for the test to report, instead of killing the process.
  // On the service's own HTTP adapter, as it serves the document at /docs-json.
  const app = await NestFactory.create(module, httpAdapterFor(service), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return await formatJson(buildApiDocument(app, service));
  } finally {
    await app.close();
  }
}

/** File name → content, one per service. */
export async function renderOpenApiFiles(): Promise<Files> {
  const files: Files = new Map();
  for (const { service, module } of SERVICES) files.set(`${service.name}.json`, await renderDocument(service, module));
  return files;
}
