/**
 * Two tiers, one runner:
 * - unit (`*.spec.ts`): pure logic, no I/O, runs in seconds;
 * - integration (`*.int-spec.ts`): real Postgres and a real Kafka broker, started by the global setup
 *   through the same scripts as `npm run infra:up`.
 * - faults (`test/faults/*.fault-spec.ts`): the fault suite (RELIABILITY.md): outages, crashes,
 *   duplicates, poison, concurrency and fuzzing against the services run as processes. Minutes, not
 *   seconds: `npm run test:faults`, a step of its own in CI.
 * `npm test` runs unit and integration; `npm run test:unit` and `npm run test:int` run one.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const shared = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  rootDir: __dirname,
  testEnvironment: 'node',
  // Type-checking is `npm run typecheck`'s job: tsconfig.spec.json transpiles only, which keeps tests fast.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // openid-client and its parts ship as ES modules only, which Jest's module system cannot load as
    // they are (Node itself can): they are compiled to CommonJS for the tests, and only they.
    '/node_modules/(openid-client|oauth4webapi|jose)/.+\\.js$': [
      'ts-jest',
      { tsconfig: '<rootDir>/tsconfig.esm-deps.json' },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.accord/'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,test,examples}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,scripts,test,examples}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.ts'],
      slowTestThreshold: 20,
    },
    {
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/env.ts'],
      slowTestThreshold: 120,
    },
  ],
};
