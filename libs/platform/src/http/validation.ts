import { ValidationPipe, applyDecorators, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidatorOptions,
} from 'class-validator';
import { RequestValidationError, invalidParams } from './problem-details';

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 is refused too, and so is a timestamp). */
export function IsCalendarDate(): PropertyDecorator {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: ({ property }) => `${property} must be a date written YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a real calendar date` }),
  );
}

/**
 * Technology areas as a request sends them (optional): up to 50 tags of up to 60 characters each,
 * stored normalised (`normaliseTechnologyAreas`). Listed in the order stacked decorators would run.
 */
export function AreTechnologyAreas(): PropertyDecorator {
  return applyDecorators(
    MaxLength(60, { each: true }),
    IsString({ each: true }),
    ArrayMaxSize(50),
    IsArray(),
    IsOptional(),
  );
}

/**
 * An amount of money: a finite number with at most two decimals, within [min, max]. (class-validator's
 * `maxDecimalPlaces` reads numbers as text and fails on ones written like 1e-7.)
 */
export function IsAmount({ min, max }: { min: number; max: number }): PropertyDecorator {
  return ValidateBy({
    name: 'isAmount',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value >= min &&
        value <= max &&
        Math.abs(value * 100 - Math.round(value * 100)) < 1e-6,
      defaultMessage: (args) =>
        `${args?.property ?? 'amount'} must be an amount from ${min} to ${max.toLocaleString('en')} with at most two decimals`,
    },
  });
}

const NON_NULLABLE = Symbol('non-nullable fields');

/**
 * For partial updates: these fields may be left out, but not sent as `null` (which would mean
 * "clear it", and they cannot be cleared). `@IsOptional()` lets null through, so this is checked
 * beside the class's validators and reported with them, every bad field in one answer.
 */
export function NonNullable(...fields: string[]): ClassDecorator {
  return (target) => Reflect.defineMetadata(NON_NULLABLE, fields, target);
}

function nullErrors(object: unknown): ValidationError[] {
  if (object === null || typeof object !== 'object') return [];
  const record = object as Record<string, unknown>;
  const fields = (Reflect.getMetadata(NON_NULLABLE, object.constructor) as string[] | undefined) ?? [];
  const own = fields
    .filter((field) => record[field] === null)
    .map((property) => ({ property, constraints: { notNull: `${property} cannot be null` }, children: [] }));
  // Nested request objects (an amendment's `changes`) have their own non-nullable fields.
  const nested = Object.entries(record)
    .filter(([, value]) => value !== null && typeof value === 'object' && !Array.isArray(value))
    .map(([property, value]) => ({ property, children: nullErrors(value), constraints: {} }))
    .filter((error) => error.children.length > 0);
  return [...own, ...nested];
}

/**
 * Text Postgres cannot store as sent: a NUL character, or half of a surrogate pair (which would come
 * back as a replacement character). Refused with a 400 rather than a 500 or a silent change.
 */
const unstorable = (text: string) => text.includes('\u0000') || !text.isWellFormed();

/**
 * Such text in a value, or in a key of an object: a map's keys (gate criteria) are stored as sent
 * too. Request classes refuse keys they do not know and maps check their own keys; this is the net
 * under a map whose validator forgets them. A list of strings is named as a whole, like a string;
 * below a list of objects the path carries the index (`gateDecisions.0.criteria`).
 */
function unstorableText(object: unknown): ValidationError[] {
  if (object === null || typeof object !== 'object') return [];
  return Object.entries(object as Record<string, unknown>).flatMap(([property, value]) => {
    const values = Array.isArray(value) ? value : [value];
    const badKey = value !== null && typeof value === 'object' && Object.keys(value).some(unstorable);
    if (badKey || values.some((v) => typeof v === 'string' && unstorable(v))) {
      return [
        { property, constraints: { storable: `${property} contains characters that cannot be stored` }, children: [] },
      ];
    }
    const children = unstorableText(value);
    return children.length > 0 ? [{ property, constraints: {}, children }] : [];
  });
}

/**
 * Names every object inherits (`constructor`, `toString`, `valueOf`, `__proto__`, ...) and a class's
 * `prototype`. class-validator's whitelist finds them "defined" on the request class and lets them
 * through, so a body field with such a name would be accepted and ignored instead of refused like
 * any other unknown field. They are refused at any depth, which also keeps them out of every merge.
 */
const INHERITED_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function inheritedNameErrors(value: unknown, path = ''): { field: string; message: string }[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    return INHERITED_NAMES.has(key)
      ? [{ field, message: `property ${key} should not exist` }]
      : inheritedNameErrors(child, field);
  });
}

class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A JSON array (or anything but an object) where a request object is expected would otherwise
    // be validated element by element, or not at all, and let through. No body at all is fine: a
    // command whose fields are all optional may be sent without one.
    if (
      metadata.type === 'body' &&
      this.toValidate(metadata) &&
      value !== undefined &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      throw new RequestValidationError([{ field: 'body', message: 'the request body must be a JSON object' }]);
    }
    if (this.toValidate(metadata)) {
      const inherited = inheritedNameErrors(value);
      if (inherited.length > 0) throw new RequestValidationError(inherited);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    const reported = new Set(errors.map((error) => error.property));
    const more = [...nullErrors(object), ...unstorableText(object)].filter((error) => !reported.has(error.property));
    return [...errors, ...more];
  }
}

/**
 * Request bodies, params and queries are validated against their DTO classes. Unknown fields are
 * rejected rather than silently dropped, so a misspelt field is an error the caller sees.
 */
export function requestValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(invalidParams(errors)),
  });
}
