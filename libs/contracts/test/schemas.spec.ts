import {
  AGREEMENT_MESSAGE_TYPES,
  AGREEMENT_TOPIC,
  MESSAGE_CONTRACTS,
  MESSAGE_EXAMPLES,
  MESSAGE_SCHEMAS,
  PARTNER_MESSAGE_TYPES,
  PARTNER_TOPIC,
  PROJECT_MESSAGE_TYPES,
  PROJECT_TOPIC,
  TOPICS,
  exampleHeaders,
  messageContract,
  messageHeadersSchema,
  versionOf,
  type FromSchema,
  type MessagePayloads,
  type MessageType,
} from '@accord/contracts';
import { closed, createAjv, problems } from './validation';

// ---------------------------------------------------------------------------------------------
// The payload interfaces and the schemas describe the same types. Checked by the compiler
// (`npm run typecheck`): a mismatch makes `interfacesMatchSchemas` fail to compile, naming the
// message types whose interface and schema differ.

type Deep<T> = T extends (infer U)[] ? Deep<U>[] : T extends object ? { [K in keyof T]: Deep<T[K]> } : T;
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type Mismatched = {
  [T in MessageType]: Equal<Deep<MessagePayloads[T]>, Deep<FromSchema<(typeof MESSAGE_SCHEMAS)[T]>>> extends true
    ? never
    : T;
}[MessageType];
const interfacesMatchSchemas: [Mismatched] extends [never] ? true : { [T in Mismatched]: 'interface ≠ schema' } = true;

const published = [
  ...Object.values(PARTNER_MESSAGE_TYPES).map((type) => [type, PARTNER_TOPIC] as const),
  ...Object.values(AGREEMENT_MESSAGE_TYPES).map((type) => [type, AGREEMENT_TOPIC] as const),
  ...Object.values(PROJECT_MESSAGE_TYPES).map((type) => [type, PROJECT_TOPIC] as const),
];

describe('the contracts registry', () => {
  it('has the payload interfaces and schemas agree (checked at compile time)', () => {
    expect(interfacesMatchSchemas).toBe(true);
  });

  it.each(published)('registers %s on %s, with its schema, key and version', (type, topic) => {
    const contract = messageContract(type);
    expect(contract).toMatchObject({ type, topic, version: 1 });
    expect(contract?.schema.$id).toBe(type);
    expect(contract?.schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(contract?.schema.properties?.[contract.key.field]).toMatchObject({ type: 'string', format: 'uuid' });
    expect(contract?.schema.required).toContain(contract?.key.field);
  });

  it('registers nothing that is not published, each type once', () => {
    expect(MESSAGE_CONTRACTS.map((c) => c.type).sort()).toEqual(published.map(([type]) => type).sort());
    expect(TOPICS.map((t) => t.topic)).toEqual([PARTNER_TOPIC, AGREEMENT_TOPIC, PROJECT_TOPIC]);
  });

  it('reads the version from the type name', () => {
    expect(versionOf('accord.partnership.established.v1')).toBe(1);
    expect(versionOf('accord.partner.registered.v12')).toBe(12);
    expect(() => versionOf('accord.partner.registered')).toThrow('.v<version>');
  });
});

describe('the schemas', () => {
  const ajv = createAjv();

  it.each(MESSAGE_CONTRACTS.map((c) => [c.type, c] as const))(
    '%s is valid JSON Schema 2020-12 (ajv strict mode) and accepts its example',
    (type, contract) => {
      const validate = ajv.compile(contract.schema);
      expect(problems(validate, MESSAGE_EXAMPLES[type])).toBe('');
      // And declares everything the example has.
      expect(problems(createAjv().compile(closed(contract.schema)), MESSAGE_EXAMPLES[type])).toBe('');
    },
  );

  it('the headers schema accepts the headers of every example', () => {
    const validate = createAjv().compile(messageHeadersSchema);
    for (const contract of MESSAGE_CONTRACTS) expect(problems(validate, exampleHeaders(contract.type))).toBe('');
  });

  describe('reject what a consumer could not rely on', () => {
    const validate = createAjv().compile(MESSAGE_SCHEMAS['accord.partnership.established.v1']);
    const example = MESSAGE_EXAMPLES['accord.partnership.established.v1'];

    it.each([
      ['a missing required field', { ...example, partnerIds: undefined }, "must have required property 'partnerIds'"],
      ['a value outside the enum', { ...example, agreementType: 'handshake' }, 'must be equal to one of the allowed'],
      ['a malformed uuid', { ...example, agreementId: 'agreement-1' }, 'must match format "uuid"'],
      ['a malformed date', { ...example, executedOn: '05/09/2016' }, 'must match format "date"'],
      ['a malformed date-time', { ...example, occurredAt: 'yesterday' }, 'must match format "date-time"'],
      ['a wrong type', { ...example, version: '8' }, 'must be integer'],
      ['null where null is not allowed', { ...example, title: null }, 'must be string'],
    ])('%s', (_what, payload, error) => {
      expect(problems(validate, JSON.parse(JSON.stringify(payload)))).toContain(error);
    });

    it('but accept fields they do not know (additive changes are compatible)', () => {
      expect(problems(validate, { ...example, workspaceUrl: 'https://example.org' })).toBe('');
    });
  });
});
