/**
 * The Kafka headers on every Accord message (set by the event store when it writes the outbox):
 * CloudEvents 1.0 in its Kafka binding's binary mode (`ce_` attributes, the payload as the value),
 * plus the tracing ids. All header values are UTF-8 strings.
 */
import { JSON_SCHEMA_DIALECT, dateTime, literal, object, str, uuid } from './json-schema';

export interface AccordMessageHeaders {
  ce_specversion: '1.0';
  /** The message's identity: deduplicate on it (a redelivery has the same `ce_id`). */
  ce_id: string;
  /** The message type, e.g. `accord.partnership.established.v1`: it names the payload's schema. */
  ce_type: string;
  /** The publishing service: `accord/partner-service`, `accord/agreement-service`, `accord/project-service`. */
  ce_source: string;
  /** The aggregate the message is about: the same id as the message key. */
  ce_subject: string;
  /** When the change happened. */
  ce_time: string;
  'content-type': 'application/json';
  /** Shared by everything one user action set off, across services. */
  correlation_id: string;
  /** The id of the stored event that caused the message. */
  causation_id: string;
  /** Who made the change: a user id, or `system:<component>` for automatic changes. */
  actor: string;
  /**
   * The W3C trace context of the change (`00-<trace id>-<span id>-<flags>`): a consumer that traces
   * continues the same trace. Absent when the change was made outside any trace.
   */
  traceparent?: string;
}

export const MESSAGE_HEADERS_ID = 'accord.message-headers';

export const messageHeadersSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: MESSAGE_HEADERS_ID,
  title: 'AccordMessageHeaders',
  description:
    'The Kafka headers of every Accord message: CloudEvents 1.0 (Kafka binding, binary mode) plus tracing ids. All values are strings.',
  ...object(
    {
      ce_specversion: literal('1.0', 'The CloudEvents version.'),
      ce_id: uuid('The message id: deduplicate on it (a redelivered message has the same ce_id).'),
      ce_type: str('The message type, e.g. accord.partnership.established.v1: it names the payload schema.'),
      ce_source: {
        type: 'string',
        enum: ['accord/partner-service', 'accord/agreement-service', 'accord/project-service'],
        description: 'The publishing service.',
      },
      ce_subject: uuid('The aggregate the message is about: the same id as the message key.'),
      ce_time: dateTime('When the change happened.'),
      'content-type': literal('application/json', 'The payload is JSON (UTF-8).'),
      correlation_id: str('Shared by everything one user action set off, across services (usually a UUID).'),
      causation_id: uuid('The id of the stored event that caused this message.'),
      actor: str('Who made the change: a user id, or system:<component> for automatic changes.'),
    },
    {
      traceparent: {
        type: 'string',
        pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
        description:
          'The W3C trace context of the change (00-<trace id>-<span id>-<flags>): continue this trace when handling the message. Absent when the change was made outside any trace.',
      },
    },
  ),
} as const;
