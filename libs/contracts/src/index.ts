export * from './partner.contract';
export * from './agreement.contract';
export * from './technology-areas';
export * from './project.contract';
export * from './headers.contract';
export { JSON_SCHEMA_DIALECT, type FromSchema, type JsonSchema, type JsonTypeName } from './json-schema';
export * from './registry';
export * from './examples';
export * from './business-dates';
