import { randomUUID } from 'node:crypto';
import type { INestApplication, Type } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { configureApp, httpAdapterFor, type ServiceDescriptor } from '@accord/platform';
import { TEST_AUTH } from './auth';

/**
 * Boots a service in-process, exactly as `main.ts` does but without listening on a port:
 * supertest talks to its HTTP server directly. `env` overrides environment variables for this
 * boot only (the service reads them while its module is created); `override` replaces providers,
 * such as the clock with a FakeClock.
 */
export async function bootService(
  service: ServiceDescriptor,
  module: Type<unknown>,
  env: Record<string, string>,
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<INestApplication> {
  const saved = { ...process.env };
  // Consumer groups of their own (apps booted by other suites read the same topics into other
  // databases), and the test token settings, so that requests made with `api(app)` are let in.
  Object.assign(process.env, { KAFKA_GROUP_PREFIX: `test-${randomUUID()}` }, TEST_AUTH, env);
  try {
    const moduleRef = await override(Test.createTestingModule({ imports: [module] })).compile();
    const app = moduleRef.createNestApplication(httpAdapterFor(service), { bufferLogs: true });
    configureApp(app, service);
    await app.init();
    // Fastify adds its routes when it is ready; supertest then talks to its server as to Express's.
    if (service.http === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
    return app;
  } finally {
    process.env = saved;
  }
}
