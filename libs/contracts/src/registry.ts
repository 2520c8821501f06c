/**
 * Every message type Accord publishes, with its topic, key, payload schema and version: the public
 * API on Kafka in one place. `scripts/contracts.ts` exports it as JSON Schema files and as the
 * AsyncAPI document; the contracts' tests hold the services, the interfaces and the committed
 * snapshots to it.
 *
 * Versioning: a type name ends in `.v<n>`. Adding an optional field (or an enum value) changes a
 * type in place; anything else (removing or renaming a field, changing its type, making it
 * required, narrowing its values) is a new type, `.v<n+1>`, published side by side with the old
 * one for a deprecation period (list the old one in DEPRECATED_MESSAGE_TYPES meanwhile).
 */
import {
  AGREEMENT_MESSAGE_SCHEMAS,
  AGREEMENT_MESSAGE_TYPES,
  AGREEMENT_TOPIC_CONFIG,
  type AgreementMessagePayloads,
} from './agreement.contract';
import type { JsonSchema } from './json-schema';
import {
  PARTNER_MESSAGE_SCHEMAS,
  PARTNER_MESSAGE_TYPES,
  PARTNER_TOPIC_CONFIG,
  type PartnerMessagePayloads,
} from './partner.contract';
import {
  PROJECT_MESSAGE_SCHEMAS,
  PROJECT_MESSAGE_TYPES,
  PROJECT_TOPIC_CONFIG,
  type ProjectMessagePayloads,
} from './project.contract';

/** Each message type's payload, by type name (`ce_type`). */
export type MessagePayloads = PartnerMessagePayloads & AgreementMessagePayloads & ProjectMessagePayloads;
export type MessageType = keyof MessagePayloads;
export type MessagePayload<T extends MessageType> = MessagePayloads[T];

/**
 * Every message type by its public name: what a subscriber matches on
 * (`MESSAGE_TYPES.partnershipEstablished`). The names are the type's own words, never a
 * publishing service's internal event name: renaming an event inside a service changes nothing here.
 */
export const MESSAGE_TYPES = {
  ...PARTNER_MESSAGE_TYPES,
  ...AGREEMENT_MESSAGE_TYPES,
  ...PROJECT_MESSAGE_TYPES,
} as const;

/** Each message type's payload schema (JSON Schema draft 2020-12, `$id` = the type name). */
export const MESSAGE_SCHEMAS = {
  ...PARTNER_MESSAGE_SCHEMAS,
  ...AGREEMENT_MESSAGE_SCHEMAS,
  ...PROJECT_MESSAGE_SCHEMAS,
} as const;

export interface MessageKey {
  /** The payload field the key repeats. */
  field: string;
  description: string;
  schema: JsonSchema;
}

export interface TopicContract {
  topic: string;
  numPartitions: number;
  /** The publishing service. */
  service: string;
  /** Its `ce_source` header. */
  source: string;
  description: string;
  key: MessageKey;
  types: readonly MessageType[];
}

export interface Deprecation {
  /** The type that replaces it, published side by side until the deprecation period ends. */
  supersededBy: MessageType;
  /** The day after which the old type is no longer published (YYYY-MM-DD). */
  until: string;
}

export interface MessageContract {
  type: MessageType;
  /** The version in the type name (`.v1` → 1). */
  version: number;
  topic: string;
  source: string;
  key: MessageKey;
  /** The payload interface's name. */
  title: string;
  summary: string;
  schema: JsonSchema;
  deprecated?: Deprecation;
}

/** Types being replaced by a newer version, published side by side until `until`. None yet. */
export const DEPRECATED_MESSAGE_TYPES: Partial<Record<MessageType, Deprecation>> = {};

const uuidKey = (field: string, what: string): MessageKey => ({
  field,
  description: `The ${what} id (a UUID, the payload's \`${field}\`): all messages of one ${what} go to one partition, in the order they happened.`,
  schema: { type: 'string', format: 'uuid', description: `The ${what} id.` },
});

export const TOPICS: readonly TopicContract[] = [
  {
    topic: PARTNER_TOPIC_CONFIG.topic,
    numPartitions: PARTNER_TOPIC_CONFIG.numPartitions,
    service: 'partner-service',
    source: 'accord/partner-service',
    description:
      'The partner registry: registrations, profile, tier and status changes, contacts (never their names or e-mails).',
    key: uuidKey('partnerId', 'partner'),
    types: Object.values(PARTNER_MESSAGE_TYPES),
  },
  {
    topic: AGREEMENT_TOPIC_CONFIG.topic,
    numPartitions: AGREEMENT_TOPIC_CONFIG.numPartitions,
    service: 'agreement-service',
    source: 'accord/agreement-service',
    description:
      'Agreements from draft to signature, activity, amendment, renewal, expiry or termination, with their obligations. `accord.partnership.established.v1` announces an agreement signed by every party.',
    key: uuidKey('agreementId', 'agreement'),
    types: Object.values(AGREEMENT_MESSAGE_TYPES),
  },
  {
    topic: PROJECT_TOPIC_CONFIG.topic,
    numPartitions: PROJECT_TOPIC_CONFIG.numPartitions,
    service: 'project-service',
    source: 'accord/project-service',
    description:
      'Joint projects through their stage gates, milestones, budget and spend, and outcomes (patent filings as `accord.project.patent-filed.v1`). Each carries the stage and status after the change.',
    key: uuidKey('projectId', 'project'),
    types: Object.values(PROJECT_MESSAGE_TYPES),
  },
];

/** The version in a type name: `accord.partner.registered.v1` → 1. */
export function versionOf(type: string): number {
  const match = /\.v(\d+)$/.exec(type);
  if (!match) throw new Error(`${type}: a message type name ends in .v<version>`);
  return Number(match[1]);
}

/** Every published message type, topic by topic, in a stable order. */
export const MESSAGE_CONTRACTS: readonly MessageContract[] = TOPICS.flatMap((topic) =>
  topic.types.map((type): MessageContract => {
    const schema: JsonSchema = MESSAGE_SCHEMAS[type];
    const deprecated = DEPRECATED_MESSAGE_TYPES[type];
    return {
      type,
      version: versionOf(type),
      topic: topic.topic,
      source: topic.source,
      key: topic.key,
      title: schema.title ?? type,
      summary: schema.description ?? '',
      schema,
      ...(deprecated ? { deprecated } : {}),
    };
  }),
);

/** The contract of a message type, or undefined for a type Accord does not publish. */
export function messageContract(type: string): MessageContract | undefined {
  return MESSAGE_CONTRACTS.find((contract) => contract.type === type);
}

/**
 * A message type in words, for people: `accord.agreement.signed-by-party.v1` → "agreement signed by
 * party". Derived from the name rather than looked up, so a type added to the contracts later reads
 * well the day it is first published.
 */
export function messageTypeInWords(type: string): string {
  return type
    .replace(/^accord\./, '')
    .replace(/\.v\d+$/, '')
    .split(/[.\-_]+/)
    .filter(Boolean)
    .join(' ');
}
