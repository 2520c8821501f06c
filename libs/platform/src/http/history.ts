import { ApiProperty } from '@nestjs/swagger';
import type { PostgresEventStore, StoredEvent } from '@accord/event-store';
import { NotFoundError } from '@accord/event-store';

/** One change in a resource's history: what happened, when, who did it, as part of which action. */
export class HistoryEntry {
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ example: 'AgreementSignedByParty' }) type!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ example: 'user:ada', description: '`system:<component>` for automatic changes' }) actor!: string;
  @ApiProperty({ description: 'Shared by everything one user action set off, across services' }) correlationId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's data, as its type defines it" })
  data!: object;
}

/**
 * A stream's events as history entries, oldest first; a stream with no events is a 404 with `code`.
 * `data` lets a service show an event's data otherwise (opening sealed personal data, say).
 */
export async function streamHistory(
  store: PostgresEventStore,
  streamId: string,
  notFound: { code: string; message: string },
  data: (event: StoredEvent) => object | Promise<object> = (event) => event.data,
): Promise<HistoryEntry[]> {
  const events = await store.readStream(streamId);
  if (events.length === 0) throw new NotFoundError(notFound.code, notFound.message);
  return Promise.all(
    events.map(async (event) => ({
      version: event.streamVersion,
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      data: await data(event),
    })),
  );
}
