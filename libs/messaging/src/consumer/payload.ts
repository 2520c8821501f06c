import type { ReceivedMessage } from './received-message';

/**
 * Thrown by a handler for a message it can never apply: no type, or a payload that breaks the
 * contract of its type (a field it needs missing, or of the wrong type). Retrying cannot fix that,
 * so the consumer dead-letters it at once, rather than spend its retries (holding up the partition)
 * on it, or, worse, apply it as if it meant something (an UPDATE that matches no row is not an
 * error: without this check a malformed message would be recorded as applied, silently).
 */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

/** What a field must be: an id, a list of ids, some text, a stream version (1, 2, ...), an ISO 8601 time. */
export type FieldCheck = 'uuid' | 'uuid[]' | 'string' | 'version' | 'timestamp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CHECKS: Record<FieldCheck, (value: unknown) => boolean> = {
  uuid: (value) => typeof value === 'string' && UUID.test(value),
  'uuid[]': (value) => Array.isArray(value) && value.every((item) => CHECKS.uuid(item)),
  string: (value) => typeof value === 'string',
  version: (value) => Number.isInteger(value) && (value as number) >= 1,
  timestamp: (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value)),
};

/** A field by its path (`changes.name`); undefined where the path leaves the objects. */
function at(payload: unknown, path: string): unknown {
  let value = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The payload of a message with a type, as `T`, once the fields the handler reads are checked:
 * `required` ones present and well-formed, `optional` ones (null or absent allowed) well-formed if
 * given. Fields the handler does not read are not looked at, so a producer may add fields (the
 * contracts' additive changes) without breaking this consumer. Throws MalformedMessageError naming
 * every field that is wrong.
 */
export function requirePayload<T>(
  message: ReceivedMessage,
  required: Record<string, FieldCheck>,
  optional: Record<string, FieldCheck> = {},
): T {
  if (!message.type) throw new MalformedMessageError('no ce_type header: the payload cannot be read');
  if (typeof message.payload !== 'object' || message.payload === null || Array.isArray(message.payload)) {
    throw new MalformedMessageError(`${message.type}: the payload is not a JSON object`);
  }
  const wrong: string[] = [];
  for (const [path, check] of Object.entries(required)) {
    if (!CHECKS[check](at(message.payload, path))) wrong.push(`${path} must be a ${check}`);
  }
  for (const [path, check] of Object.entries(optional)) {
    const value = at(message.payload, path);
    if (value !== undefined && value !== null && !CHECKS[check](value)) wrong.push(`${path} must be a ${check}`);
  }
  if (wrong.length > 0) throw new MalformedMessageError(`${message.type}: ${wrong.join(', ')}`);
  return message.payload as T;
}
