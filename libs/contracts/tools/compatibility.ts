/**
 * Is a new version of a published payload schema still compatible with the old one?
 *
 * Consumers read a topic from any point, including from the beginning, so a schema must keep
 * describing both the messages already in the topic and what consumers written against it expect.
 * Compatible (a type changes in place):
 *  - a new optional property;
 *  - a new value in an enum (consumers must tolerate values they do not know);
 *  - descriptions, titles and other annotations.
 * Breaking (a new `.v<n+1>` type, published side by side):
 *  - a message type no longer published;
 *  - a property removed;
 *  - a property's type changed (narrowed, widened or replaced, `null` included);
 *  - an enum value removed, a `const` changed, an enum or const added where there was none;
 *  - a property becoming required (old messages lack it) or no longer required (consumers rely on it);
 *  - a format, pattern or bound added or changed; items or additionalProperties changed incompatibly;
 *  - any other validation keyword changed.
 */
import type { JsonSchema } from '../src/json-schema';

export interface BreakingChange {
  type: string;
  /** Where in the schema, as a JSON pointer into the payload (`/changes/name`). */
  path: string;
  change: string;
}

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'examples', '$comment', 'deprecated']);
const HANDLED = new Set(['type', 'enum', 'const', 'properties', 'required', 'items', 'additionalProperties']);

const show = (value: unknown): string => JSON.stringify(value);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function typesOf(schema: JsonSchema): string[] | undefined {
  if (schema.type === undefined) return undefined;
  return (typeof schema.type === 'string' ? [schema.type] : [...schema.type]).sort();
}

function valuesOf(schema: JsonSchema): unknown[] | undefined {
  if (schema.const !== undefined) return [schema.const];
  return schema.enum ? [...schema.enum] : undefined;
}

function compare(before: JsonSchema, after: JsonSchema, path: string, report: (path: string, change: string) => void) {
  const where = path || '(payload)';
  const typesBefore = typesOf(before);
  const typesAfter = typesOf(after);
  if (!same(typesBefore, typesAfter)) {
    report(where, `type changed from ${show(typesBefore ?? 'any')} to ${show(typesAfter ?? 'any')}`);
  }

  const valuesBefore = valuesOf(before);
  const valuesAfter = valuesOf(after);
  if (valuesBefore && !valuesAfter) report(where, `no longer restricted to ${show(valuesBefore)}`);
  if (!valuesBefore && valuesAfter) report(where, `newly restricted to ${show(valuesAfter)}`);
  if (valuesBefore && valuesAfter) {
    const removed = valuesBefore.filter((value) => !valuesAfter.some((other) => same(value, other)));
    if (removed.length > 0) report(where, `value(s) ${removed.map(show).join(', ')} removed from the enum`);
  }

  const keywords = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const keyword of keywords) {
    if (ANNOTATIONS.has(keyword) || HANDLED.has(keyword)) continue;
    const a = (before as Record<string, unknown>)[keyword];
    const b = (after as Record<string, unknown>)[keyword];
    if (!same(a, b)) report(where, `${keyword} changed from ${show(a ?? 'none')} to ${show(b ?? 'none')}`);
  }

  const propertiesBefore = before.properties ?? {};
  const propertiesAfter = after.properties ?? {};
  for (const [name, schema] of Object.entries(propertiesBefore)) {
    const next = propertiesAfter[name];
    if (next === undefined) report(`${path}/${name}`, 'property removed');
    else compare(schema, next, `${path}/${name}`, report);
  }
  const requiredBefore = new Set(before.required ?? []);
  const requiredAfter = new Set(after.required ?? []);
  for (const name of requiredAfter) {
    if (requiredBefore.has(name)) continue;
    report(`${path}/${name}`, name in propertiesBefore ? 'optional property became required' : 'new required property');
  }
  for (const name of requiredBefore) {
    if (!requiredAfter.has(name) && name in propertiesAfter) {
      report(`${path}/${name}`, 'required property became optional');
    }
  }

  if (before.items || after.items) {
    if (before.items && after.items) compare(before.items, after.items, `${path}/items`, report);
    else report(`${where}/items`, 'items schema added or removed');
  }

  const extraBefore = before.additionalProperties;
  const extraAfter = after.additionalProperties;
  if (typeof extraBefore === 'object' && typeof extraAfter === 'object') {
    compare(extraBefore, extraAfter, `${path}/additionalProperties`, report);
  } else if (!same(extraBefore, extraAfter)) {
    report(where, `additionalProperties changed from ${show(extraBefore ?? 'none')} to ${show(extraAfter ?? 'none')}`);
  }
}

/** The breaking changes from `before` (the published snapshot) to `after` (undefined: type gone). */
export function breakingChanges(type: string, before: JsonSchema, after: JsonSchema | undefined): BreakingChange[] {
  if (after === undefined) {
    return [{ type, path: '', change: 'message type no longer published (still in the snapshots)' }];
  }
  const changes: BreakingChange[] = [];
  compare(before, after, '', (path, change) => changes.push({ type, path, change }));
  return changes;
}

export interface Comparison {
  breaking: BreakingChange[];
  /** Types without a snapshot yet. */
  added: string[];
  /** Types whose schema differs from its snapshot compatibly (refresh the snapshot). */
  changed: string[];
}

/** The current schemas compared with the published snapshots, by type name. */
export function compareWithSnapshots(
  snapshots: Readonly<Record<string, JsonSchema>>,
  current: Readonly<Record<string, JsonSchema>>,
): Comparison {
  const breaking: BreakingChange[] = [];
  const changed: string[] = [];
  for (const [type, snapshot] of Object.entries(snapshots)) {
    const found = breakingChanges(type, snapshot, current[type]);
    breaking.push(...found);
    if (found.length === 0 && !same(snapshot, current[type])) changed.push(type);
  }
  const added = Object.keys(current).filter((type) => !(type in snapshots));
  return { breaking, added, changed };
}

export function describeBreakingChanges(changes: BreakingChange[]): string {
  return changes.map(({ type, path, change }) => `  ${type}${path ? ` ${path}` : ''}: ${change}`).join('\n');
}
