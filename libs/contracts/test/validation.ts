/**
 * JSON Schema validation for the contracts' tests: ajv with draft 2020-12, strict mode (unknown
 * keywords, required properties that are not declared and the like are errors) and the formats
 * the schemas use (uuid, date, date-time, uri).
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../src/json-schema';

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

/**
 * The schema with every object closed (`additionalProperties: false` where none is said): what a
 * service publishes must be declared, even though consumers are told to ignore unknown fields.
 */
export function closed(schema: JsonSchema): JsonSchema {
  const { $id: _id, $schema: _dialect, ...rest } = schema;
  const result: JsonSchema = { ...rest };
  if (rest.properties) {
    result.properties = Object.fromEntries(Object.entries(rest.properties).map(([name, s]) => [name, closed(s)]));
    if (rest.additionalProperties === undefined) result.additionalProperties = false;
  }
  if (rest.items) result.items = closed(rest.items);
  return result;
}

export function explain(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath || '(payload)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}

/** Validates and returns the errors as readable lines (empty when valid). */
export function problems(validate: ValidateFunction, value: unknown): string {
  return validate(value) ? '' : explain(validate.errors);
}
