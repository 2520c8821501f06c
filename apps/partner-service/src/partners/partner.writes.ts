import { QueryFailedError } from 'typeorm';
import { ConflictError, type PostgresEventStore, type StoredEvent } from '@accord/event-store';
import type { StreamWrites } from '@accord/platform';
import { withBusinessDate, type PartnerEvent, type PartnerState } from './partner';
import { normalisePartnerName, partnerDecider, type PartnerCommand } from './partner.decide';

/**
 * How every partner use case writes: `writer.write(partnerWrites, partnerId, command, write)` (the
 * `Writer` of @accord/platform). The decider, plus what the partner's store adds: dates read from
 * the events' metadata, and a duplicate name answered with the partner that holds it.
 */
export const partnerWrites: StreamWrites<PartnerState, PartnerCommand, PartnerEvent> = {
  ...partnerDecider,
  view: withRecordedDates,
  refusal: duplicateOr,
};

/**
 * The store as the partner decider reads it. Events recorded before business dates were kept get
 * the day they were recorded as their date: the decider sees only event data, never the metadata
 * that holds that day, and a rule such as "no restore before the archive" needs a date to compare.
 */
export function withRecordedDates(store: PostgresEventStore): PostgresEventStore {
  const dated = Object.create(store) as PostgresEventStore;
  dated.readStream = async (streamId, until) =>
    (await store.readStream(streamId, until)).map((event) =>
      withBusinessDate(event as StoredEvent<PartnerEvent>, event.metadata.occurredAt),
    );
  return dated;
}

/**
 * The directory's unique (normalised name, country) key is the duplicate guard; its violation
 * rolled the append back. Name the partner that already holds the name.
 */
async function duplicateOr(
  error: unknown,
  partnerId: string,
  command: PartnerCommand,
  store: PostgresEventStore,
): Promise<unknown> {
  const constraint = (error as { driverError?: { constraint?: string } }).driverError?.constraint;
  if (!(error instanceof QueryFailedError) || constraint !== 'partner_directory_name_country') return error;
  const wanted =
    command.type === 'RegisterPartner'
      ? command.profile
      : command.type === 'UpdatePartnerProfile'
        ? command.changes
        : {};
  const [current] = await store.dataSource.query<{ name: string; country: string }[]>(
    'SELECT name, country FROM partner_directory WHERE partner_id = $1',
    [partnerId],
  );
  const name = normalisePartnerName(wanted.name ?? current?.name ?? '');
  const country = (wanted.country ?? current?.country ?? '').toUpperCase();
  const [existing] = await store.dataSource.query<{ partner_id: string; name: string }[]>(
    'SELECT partner_id, name FROM partner_directory WHERE normalised_name = $1 AND country = $2 AND partner_id <> $3',
    [name, country, partnerId],
  );
  return new ConflictError(
    'partner_duplicate',
    existing
      ? `${existing.name} is already registered in ${country} as partner ${existing.partner_id}`
      : `a partner with this name is already registered in ${country}`,
    existing ? { existingPartnerId: existing.partner_id, existingPartnerName: existing.name } : {},
  );
}
