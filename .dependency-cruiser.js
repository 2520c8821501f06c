// @ts-check
/**
 * Accord's module boundaries, checked by dependency-cruiser as part of `npm run lint`
 * (`depcruise apps libs test web/src --ignore-known`). The violations the code had when a rule was
 * introduced are listed in .dependency-cruiser-known-violations.json: they are tolerated until fixed,
 * and any new one fails lint. After fixing some, shrink the list (never grow it to let a new one in):
 *   npx depcruise-baseline apps libs test web/src && npx prettier --write .dependency-cruiser-known-violations.json
 * To see every violation, known ones included: npx depcruise apps libs test web/src
 */

/** Server-side frameworks and infrastructure clients (and their type packages). */
const FRAMEWORK =
  '^node_modules/(@nestjs/|@types/(express|express-serve-static-core|pg)/|typeorm/|pg/|pg-[^/]+/|kafkajs/|express/|fastify/|@fastify/|class-validator/|class-transformer/)';

/** Test code: the root suites and their support, an app's or lib's test folder, and spec files anywhere. */
const TEST_CODE = '(^test/|^(apps|libs)/[^/]+/test/|\\.(spec|int-spec|fault-spec|e2e-spec)\\.ts$)';

/**
 * The pure domain: the deciders (the aggregate's and each use case's), the aggregates' types
 * (apps/X/src/Y/Y.ts), the rules and date arithmetic their slices share, and the Decider type.
 */
const DOMAIN = [
  '^apps/[^/]+/src/.+\\.decide\\.ts$',
  '^apps/[^/]+/src/[^/]+/(partner|agreement|project)\\.ts$',
  '^apps/[^/]+/src/[^/]+/([a-z-]+\\.rules|calendar|agreement-terms|agreement-check)\\.ts$',
  '^libs/event-store/src/decider\\.ts$',
];

/** What code outside apps/ (the root system suites and their support) may use of an app. */
const APP_ENTRY_POINTS = '^apps/[^/]+/src/(app\\.module|service|main)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'app-imports-other-app',
      severity: 'error',
      comment:
        'An app never imports another app: services share code through libs/ and talk through ' +
        'messages (libs/contracts) and HTTP. Move what both need into a lib.',
      from: { path: '^apps/([^/]+)/', pathNot: TEST_CODE },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'app-test-imports-other-app',
      severity: 'error',
      comment:
        "An app's tests import their own app, libs and test support (test/support), never another " +
        'app: a test that needs several services belongs in test/ and boots them through test support.',
      from: { path: '^apps/([^/]+)/(test/|src/.+\\.(spec|int-spec|fault-spec|e2e-spec)\\.ts$)' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'system-test-imports-app-internals',
      severity: 'error',
      comment:
        'The cross-service suites in test/ (and their support) use an app only through its entry points ' +
        '(src/app.module.ts, src/service.ts, src/main.ts), never its internals.',
      from: { path: '^test/' },
      to: { path: '^apps/', pathNot: APP_ENTRY_POINTS },
    },
    {
      name: 'lib-imports-app',
      severity: 'error',
      comment: 'libs/ never import apps/ (not even from their tests): apps depend on libs, never the other way.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-imports-framework',
      severity: 'error',
      comment:
        'Deciders and domain types are pure: no Nest, TypeORM, pg, Kafka, Express or validation ' +
        'decorators. Keep I/O in handlers, controllers and projections.',
      from: { path: DOMAIN },
      to: { path: FRAMEWORK },
    },
    {
      name: 'contracts-import-internal',
      severity: 'error',
      comment:
        "libs/contracts/src is the public wire contract: it imports nothing of Accord's own " +
        '(no other lib, no app, no test or script code).',
      from: { path: '^libs/contracts/src/' },
      to: { path: '^(apps|libs|test|scripts|web|examples)/', pathNot: '^libs/contracts/src/' },
    },
    {
      name: 'contracts-import-framework',
      severity: 'error',
      comment: 'libs/contracts/src imports no framework (Nest, TypeORM, pg, Kafka, Express, validation decorators).',
      from: { path: '^libs/contracts/src/' },
      to: { path: FRAMEWORK },
    },
    {
      name: 'web-imports-server-code',
      severity: 'error',
      comment:
        'The web app knows the services only through its generated API client (web/src/api/generated, ' +
        'generated from the OpenAPI documents by `npm run web:types`): it imports nothing from apps/, ' +
        'libs/, test/ or scripts/.',
      from: { path: '^web/' },
      to: { path: '^(apps|libs|test|scripts|examples)/' },
    },
    {
      name: 'production-imports-test-code',
      severity: 'error',
      comment: 'Service and lib code never imports test code or scripts/.',
      from: { path: '^(apps|libs)/[^/]+/src/', pathNot: TEST_CODE },
      to: { path: [TEST_CODE, '^scripts/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, within a lib or app or between them.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'Every import resolves (this also guards the rules above: an alias the cruiser could not ' +
        'resolve would otherwise slip past them).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    // The @accord/* aliases resolve through the root tsconfig's paths; web/ has no aliases.
    tsConfig: { fileName: 'tsconfig.json' },
    // Count `import type` too: a type-only import still couples the importer to the imported module.
    tsPreCompilationDeps: true,
    skipAnalysisNotInRules: true,
    // Reuses the previous run's result for files whose content did not change (about 1.5 s instead of 3.5 s).
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
