/**
 * The small subset of JSON Schema (draft 2020-12) the message contracts are written in, with
 * builders that keep every literal (`as const`), so that `FromSchema<typeof schema>` is the
 * TypeScript type the schema describes: the contracts' tests compare it with the hand-written
 * payload interfaces, so the two cannot drift apart.
 *
 * Only keywords that mean the same in draft 2020-12 and draft-07 are used (no `$ref`, `$defs`,
 * `prefixItems` or `unevaluatedProperties`): the same schemas are then valid AsyncAPI schemas too.
 * Objects are open (no `additionalProperties: false`): a consumer must ignore fields it does not
 * know, so that adding an optional field is a compatible change.
 */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export type JsonTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: JsonTypeName | readonly JsonTypeName[];
  properties?: { readonly [name: string]: JsonSchema };
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: readonly (string | number | boolean | null)[];
  const?: string | number | boolean | null;
  format?: string;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  uniqueItems?: boolean;
  deprecated?: boolean;
}

type Props = { readonly [name: string]: JsonSchema };

/** An object schema: `required` properties first, then the optional ones. */
export interface ObjectSchema<R extends Props, O extends Props> {
  type: 'object';
  description?: string;
  properties: R & O;
  required: (keyof R & string)[];
}

export function object<const R extends Props, const O extends Props = Record<never, never>>(
  required: R,
  optional?: O,
  description?: string,
): ObjectSchema<R, O> {
  return {
    type: 'object',
    ...(description === undefined ? {} : { description }),
    properties: { ...required, ...optional } as R & O,
    required: Object.keys(required),
  };
}

/** The same object schema with more optional properties (a field every message of a topic may carry). */
export function withOptional<const S extends { properties: object }, const M extends Props>(
  schema: S,
  more: M,
): Omit<S, 'properties'> & { properties: S['properties'] & M } {
  return { ...schema, properties: { ...schema.properties, ...more } };
}

/** The same schema, also allowing `null`. */
export function nullable<const S extends JsonSchema & { type: JsonTypeName }>(
  schema: S,
): Omit<S, 'type'> & { type: [S['type'], 'null'] } {
  return { ...schema, type: [schema.type, 'null'] };
}

export const str = (description: string) => ({ type: 'string', description }) as const;
export const num = (description: string) => ({ type: 'number', description }) as const;
export const bool = (description: string) => ({ type: 'boolean', description }) as const;
export const uuid = (description: string) => ({ type: 'string', format: 'uuid', description }) as const;
/** A calendar day, `YYYY-MM-DD` (RFC 3339 full-date). */
export const date = (description: string) => ({ type: 'string', format: 'date', description }) as const;
/** An instant, RFC 3339 date-time (as `Date.prototype.toISOString` writes it). */
/** The aggregate's version after the change: what a consumer compares to ignore stale messages. */
export const aggregateVersion = (noun: string) =>
  ({
    type: 'integer',
    minimum: 1,
    description: `The ${noun}'s version after this change: ignore a message older than the version you have.`,
  }) as const;
export const dateTime = (description: string) => ({ type: 'string', format: 'date-time', description }) as const;
export const literal = <const V extends string>(value: V, description: string) =>
  ({ type: 'string', const: value, description }) as const;
export const choice = <const V extends readonly string[]>(values: V, description: string) =>
  ({ type: 'string', enum: values, description }) as const;
export const arrayOf = <const I extends JsonSchema>(items: I, description: string) =>
  ({ type: 'array', items, description }) as const;

/** A message's payload schema: `$id` is the message type name (`ce_type`). */
export function messageSchema<const T extends string, const R extends Props, const O extends Props>(
  type: T,
  title: string,
  description: string,
  body: ObjectSchema<R, O>,
): { $schema: typeof JSON_SCHEMA_DIALECT; $id: T; title: string; description: string } & ObjectSchema<R, O> {
  return { $schema: JSON_SCHEMA_DIALECT, $id: type, title, description, ...body };
}

// ---------------------------------------------------------------------------------------------
// The TypeScript type a schema describes.

type RequiredKeys<S> = S extends { required: readonly (infer K)[] } ? K : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type FromObject<S> = S extends { properties: infer P }
  ? Simplify<
      { -readonly [K in keyof P as K extends RequiredKeys<S> ? K : never]: FromSchema<P[K]> } & {
        -readonly [K in keyof P as K extends RequiredKeys<S> ? never : K]?: FromSchema<P[K]>;
      }
    >
  : S extends { additionalProperties: infer A extends JsonSchema }
    ? Record<string, FromSchema<A>>
    : Record<string, unknown>;

type FromTypeName<S, T> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? S extends { items: infer I }
            ? FromSchema<I>[]
            : unknown[]
          : T extends 'object'
            ? FromObject<S>
            : never;

/** The type of the values `S` accepts (for the subset of JSON Schema above). */
export type FromSchema<S> = S extends { const: infer C }
  ? C
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { type: infer T }
      ? T extends readonly (infer U)[]
        ? FromTypeName<S, U>
        : FromTypeName<S, T>
      : unknown;
