/**
 * The AsyncAPI 3.0 document of Accord's topics, built from the contracts registry: what a
 * subscriber receives, on which topic, with which key, headers and payload schema.
 */
import { messageHeadersSchema } from '../src/headers.contract';
import { MESSAGE_EXAMPLES, exampleHeaders } from '../src/examples';
import type { JsonSchema } from '../src/json-schema';
import { MESSAGE_CONTRACTS, TOPICS, type MessageContract, type TopicContract } from '../src/registry';

const KAFKA_BINDING_VERSION = '0.5.0';
const HEADERS_SCHEMA = 'AccordMessageHeaders';

const DESCRIPTION = `Accord tracks a technology company's open-innovation partnerships: partners, the agreements signed
with them, and the joint projects that run under those agreements. Three event-sourced services publish
what changes as integration events on three Kafka topics. This document describes them as a subscriber
sees them.

- **Keys and order**: each message is keyed by the id of the partner, agreement or project it is about,
  so one aggregate's messages are on one partition, in the order they happened. Each payload carries the
  aggregate's \`version\` after the change: ignore a message older than what you have.
- **Delivery** is at least once: deduplicate on the \`ce_id\` header.
- **Headers**: CloudEvents 1.0 (Kafka binding, binary mode): \`ce_id\`, \`ce_type\` (the message type,
  naming the payload schema), \`ce_source\`, \`ce_subject\` (= the key), \`ce_time\`, plus \`correlation_id\`,
  \`causation_id\` and \`actor\`. The value is JSON.
- **Versioning**: a type name ends in \`.v<n>\`. Optional fields (and enum values) are added in place:
  ignore fields you do not know and tolerate enum values you do not know. Any other change is a new type,
  \`.v<n+1>\`, published side by side with the old one for a deprecation period.
- **Schemas**: every payload is also a JSON Schema (draft 2020-12, \`$id\` = the type name) in
  \`libs/contracts/schemas/\`. This document is generated from the same registry
  (\`libs/contracts/src/registry.ts\`) by \`scripts/contracts.ts asyncapi\`: do not edit it by hand.`;

const channelId = (topic: TopicContract) => topic.topic.replace(/^accord\./, '');
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** A payload schema as an AsyncAPI schema: the same keywords, without the 2020-12 `$schema` and `$id`. */
function asAsyncApiSchema(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function message(contract: MessageContract) {
  const deprecation = contract.deprecated
    ? `\n\nDeprecated: superseded by \`${contract.deprecated.supersededBy}\`, published until ${contract.deprecated.until}.`
    : '';
  return {
    name: contract.type,
    title: contract.title,
    summary: contract.summary,
    description: `Type \`${contract.type}\` (version ${contract.version}) on \`${contract.topic}\`, keyed by ${contract.key.field}. JSON Schema: \`libs/contracts/schemas/${contract.type}.json\`.${deprecation}`,
    contentType: 'application/json',
    headers: {
      allOf: [
        { $ref: `#/components/schemas/${HEADERS_SCHEMA}` },
        {
          type: 'object',
          properties: {
            ce_type: { type: 'string', const: contract.type },
            ce_source: { type: 'string', const: contract.source },
          },
        },
      ],
    },
    payload: { $ref: `#/components/schemas/${contract.type}` },
    correlationId: {
      description: 'Shared by everything one user action set off, across services.',
      location: '$message.header#/correlation_id',
    },
    bindings: { kafka: { key: contract.key.schema, bindingVersion: KAFKA_BINDING_VERSION } },
    examples: [
      {
        name: 'example',
        summary: `An example of ${contract.type}.`,
        headers: exampleHeaders(contract.type),
        payload: MESSAGE_EXAMPLES[contract.type],
      },
    ],
    ...(contract.deprecated ? { 'x-deprecated': contract.deprecated } : {}),
  };
}

export function buildAsyncApi(): Record<string, unknown> {
  const { $schema: _dialect, $id: _id, ...headers } = messageHeadersSchema;
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Accord',
      version: '1.0.0',
      description: DESCRIPTION,
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description:
          'The local broker (`npm run infra:up`, or `docker compose up`): a single KRaft node, PLAINTEXT, no authentication.',
      },
      production: {
        host: 'kafka.accord.example.com:9093',
        protocol: 'kafka-secure',
        description: "Placeholder: replace with the production cluster's bootstrap servers and security settings.",
      },
    },
    channels: Object.fromEntries(
      TOPICS.map((topic) => [
        channelId(topic),
        {
          address: topic.topic,
          title: topic.topic,
          description: `${topic.description}\n\nPublished by ${topic.service}. Key: ${topic.key.description}`,
          messages: Object.fromEntries(topic.types.map((type) => [type, { $ref: `#/components/messages/${type}` }])),
          bindings: { kafka: { partitions: topic.numPartitions, bindingVersion: KAFKA_BINDING_VERSION } },
        },
      ]),
    ),
    operations: Object.fromEntries(
      TOPICS.map((topic) => {
        const id = channelId(topic);
        return [
          `receive${capitalised(id)}`,
          {
            action: 'receive',
            title: `Receive ${topic.topic}`,
            summary: `What a subscriber to ${topic.topic} receives.`,
            channel: { $ref: `#/channels/${id}` },
            messages: topic.types.map((type) => ({ $ref: `#/channels/${id}/messages/${type}` })),
          },
        ];
      }),
    ),
    components: {
      schemas: {
        [HEADERS_SCHEMA]: headers,
        ...Object.fromEntries(MESSAGE_CONTRACTS.map((contract) => [contract.type, asAsyncApiSchema(contract.schema)])),
      },
      messages: Object.fromEntries(MESSAGE_CONTRACTS.map((contract) => [contract.type, message(contract)])),
    },
  };
}
