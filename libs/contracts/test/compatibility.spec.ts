/**
 * Published message types only change compatibly. `libs/contracts/snapshots/` holds every type's
 * schema as last published; the registry must not break any of them. A breaking change is a new
 * `.v<n+1>` type published side by side, never an edited schema (see libs/contracts/README.md).
 */
import type { JsonSchema } from '../src/json-schema';
import { SNAPSHOTS_DIR, currentSchemas, readSnapshots } from '../tools/artifacts';
import { breakingChanges, compareWithSnapshots, describeBreakingChanges } from '../tools/compatibility';

describe('the registry against the published snapshots', () => {
  const { breaking, added, changed } = compareWithSnapshots(readSnapshots(SNAPSHOTS_DIR), currentSchemas());

  it('breaks no published message type (publish a new .v<n+1> type instead)', () => {
    if (breaking.length > 0) {
      throw new Error(
        `Breaking changes to published message types:\n${describeBreakingChanges(breaking)}\n\n` +
          'Revert them, or publish the new shape as a new version (.v<n+1>) side by side with the old type.',
      );
    }
  });

  it('has every type snapshotted as it is now (else, for compatible changes: tsx scripts/contracts.ts snapshot)', () => {
    expect({ notSnapshotted: added, snapshotOutOfDate: changed }).toEqual({
      notSnapshotted: [],
      snapshotOutOfDate: [],
    });
  });
});

describe('what counts as a breaking change', () => {
  const before: JsonSchema = {
    $id: 'accord.example.v1',
    type: 'object',
    description: 'Before.',
    properties: {
      id: { type: 'string', format: 'uuid' },
      kind: { type: 'string', enum: ['a', 'b'] },
      status: { type: 'string', const: 'open' },
      note: { type: ['string', 'null'] },
      tags: { type: 'array', items: { type: 'string' } },
      scores: { type: 'object', additionalProperties: { type: 'integer' } },
      nested: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] },
      extra: { type: 'boolean' },
    },
    required: ['id', 'kind', 'status', 'note', 'tags', 'nested'],
  };
  const changedBy = (edit: (schema: JsonSchema) => void) => {
    const after = structuredClone(before) as JsonSchema & { properties: Record<string, JsonSchema> };
    edit(after);
    return breakingChanges('accord.example.v1', before, after).map(({ path, change }) => `${path}: ${change}`);
  };
  const props = (schema: JsonSchema) => schema.properties as Record<string, JsonSchema & Record<string, unknown>>;

  it('nothing, for the same schema', () => {
    expect(changedBy(() => {})).toEqual([]);
  });

  it.each<[string, (schema: JsonSchema) => void]>([
    ['a new optional property', (s) => (props(s).added = { type: 'string' })],
    ['a new enum value', (s) => (props(s).kind.enum = ['a', 'b', 'c'])],
    ['new descriptions and titles', (s) => ((s.description = 'After.'), (props(s).id.title = 'Id'))],
  ])('compatible: %s', (_what, edit) => {
    expect(changedBy(edit)).toEqual([]);
  });

  it.each<[string, (schema: JsonSchema) => void, string]>([
    ['a property removed', (s) => delete props(s).extra, '/extra: property removed'],
    ['a nested property removed', (s) => delete props(props(s).nested).x, '/nested/x: property removed'],
    ['a type changed', (s) => (props(s).extra.type = 'string'), '/extra: type changed from ["boolean"] to ["string"]'],
    ['null no longer allowed', (s) => (props(s).note.type = 'string'), '/note: type changed'],
    ['null newly allowed', (s) => (props(s).id.type = ['string', 'null']), '/id: type changed'],
    ['an enum narrowed', (s) => (props(s).kind.enum = ['a']), '/kind: value(s) "b" removed from the enum'],
    ['an enum replaced by a const', (s) => (props(s).kind = { type: 'string', const: 'a' }), '"b" removed'],
    ['a const changed', (s) => (props(s).status.const = 'closed'), '/status: value(s) "open" removed'],
    ['an enum added', (s) => (props(s).extra = { type: 'boolean', enum: [true] }), '/extra: newly restricted'],
    ['a format changed', (s) => (props(s).id.format = 'uri'), '/id: format changed from "uuid" to "uri"'],
    [
      'an optional property made required',
      (s) => (s.required = [...s.required!, 'extra']),
      '/extra: optional property became required',
    ],
    [
      'a required property made optional',
      (s) => (s.required = s.required!.filter((n) => n !== 'kind')),
      '/kind: required property became optional',
    ],
    ['array items changed', (s) => (props(s).tags.items = { type: 'integer' }), '/tags/items: type changed'],
    [
      'map values changed',
      (s) => (props(s).scores.additionalProperties = { type: 'string' }),
      '/scores/additionalProperties: type changed',
    ],
    ['objects closed', (s) => (s.additionalProperties = false), 'additionalProperties changed from "none" to false'],
  ])('breaking: %s', (_what, edit, expected) => {
    expect(changedBy(edit).join('\n')).toContain(expected);
  });

  it('breaking: a new required property', () => {
    expect(
      changedBy((s) => {
        props(s).added = { type: 'string' };
        s.required = [...s.required!, 'added'];
      }),
    ).toEqual(['/added: new required property']);
  });

  it('breaking: a message type no longer published', () => {
    expect(compareWithSnapshots({ 'accord.example.v1': before }, {}).breaking).toEqual([
      { type: 'accord.example.v1', path: '', change: 'message type no longer published (still in the snapshots)' },
    ]);
  });

  it('a new type is not breaking, but wants a snapshot', () => {
    expect(compareWithSnapshots({}, { 'accord.example.v2': before })).toEqual({
      breaking: [],
      added: ['accord.example.v2'],
      changed: [],
    });
  });
});
