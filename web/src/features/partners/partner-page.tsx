import { useState } from 'react';
import type { Partner360 } from '../../api/dashboard-types';
import { explain, isApiError } from '../../api/problems';
import { invalidate, useResource } from '../../api/resource';
import { Link, usePageTitle } from '../../app/router';
import { useSession } from '../../app/session';
import { useLiveChanges } from '../../live';
import { Badge, Tags } from '../../ui/badge';
import { EmptyState } from '../../ui/empty-state';
import { countryName, formatDay, formatInstant, label } from '../../ui/format';
import { ActionsMenu } from '../../ui/menu';
import { useAnnounce } from '../../ui/status';
import { Table } from '../../ui/table';
import { PARTNERS_KEY, getPartner, getPartner360, partner360Key, partnerKey, type Partner } from './api';
import { Contacts } from './contacts';
import { EditProfileForm } from './edit-profile-form';
import { StatusDialogs, type StatusAction } from './status-dialogs';
import { RecordNotShown } from '../../ui/record-page';

/** A partner: profile (edit in place), tier and status, contacts, agreements, projects, timeline. */
export function PartnerPage({ id }: { id: string }) {
  const record = useResource(partnerKey(id), (signal) => getPartner(id, signal));
  const more = useResource(partner360Key(id), (signal) => getPartner360(id, signal));
  const partner = record.data?.partner;
  const heading = usePageTitle(partner?.name ?? (record.status === 'error' ? 'Partner' : ''));
  useLiveChanges([{ aggregate: 'partner', id }, { aggregate: 'agreement' }, { aggregate: 'project' }], () =>
    invalidate(partnerKey(id), partner360Key(id)),
  );

  if (!partner || !record.data) {
    return (
      <RecordNotShown
        kind="Partner"
        back={{ to: '/partners', label: 'Partners' }}
        error={record.status === 'error' ? record.error : undefined}
        reload={record.reload}
        heading={heading}
      />
    );
  }
  return (
    <Loaded
      partner={partner}
      etag={record.data.etag}
      heading={heading}
      more={more.data}
      moreError={more.status === 'error' ? more.error : null}
    />
  );
}

function Loaded({
  partner,
  etag,
  heading,
  more,
  moreError,
}: {
  partner: Partner;
  etag: string;
  heading: React.RefObject<HTMLHeadingElement | null>;
  more: Partner360 | undefined;
  moreError: unknown;
}) {
  const { can } = useSession();
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  const [action, setAction] = useState<StatusAction | null>(null);
  const manage = can('alliance_manager');
  const archived = partner.status === 'archived';
  const refresh = () =>
    invalidate(partnerKey(partner.id), partner360Key(partner.id), `${PARTNERS_KEY}list`, 'dashboard:');
  const done = (message: string | null) => {
    refresh();
    if (message) announce(message);
  };

  return (
    <div className="page">
      <p className="back">
        <Link to="/partners">← Partners</Link>
      </p>
      <div className="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {partner.name}
          </h1>
          <p className="badges">
            <Badge value={partner.status} /> <Badge value={partner.tier} kind="tier" />{' '}
            <span className="muted">
              {label(partner.status)} since {formatDay(partner.statusSince)}
            </span>
          </p>
        </div>
        {manage && (
          <div className="page-actions">
            {!archived && !editing && (
              <button type="button" className="button" onClick={() => setEditing(true)}>
                Edit profile
              </button>
            )}
            {!archived && (
              <button type="button" className="button" onClick={() => setAction('tier')}>
                Change tier
              </button>
            )}
            <ActionsMenu label="More actions">
              {(close) => (
                <ul>
                  {partner.status === 'active' && (
                    <li>
                      <button type="button" onClick={() => (close(), setAction('dormant'))}>
                        Mark dormant…
                      </button>
                    </li>
                  )}
                  {archived ? (
                    <li>
                      <button type="button" onClick={() => (close(), setAction('restore'))}>
                        Restore…
                      </button>
                    </li>
                  ) : (
                    <li>
                      <button type="button" onClick={() => (close(), setAction('archive'))}>
                        Archive…
                      </button>
                    </li>
                  )}
                </ul>
              )}
            </ActionsMenu>
          </div>
        )}
      </div>
      {archived && (
        <p className="notice">This partner is archived{manage ? '; restore it (More actions) to change it' : ''}.</p>
      )}

      <div className="grid">
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          {editing ? (
            <EditProfileForm
              partner={partner}
              etag={etag}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                done('Profile saved.');
              }}
            />
          ) : (
            <Profile partner={partner} region={more?.profile.region ?? null} />
          )}
        </section>
        <Timeline more={more} error={moreError} />
        <Contacts partner={partner} etag={etag} onChanged={done} />
        <Related more={more} partner={partner} />
      </div>

      <StatusDialogs
        partner={partner}
        etag={etag}
        action={action}
        onClose={() => setAction(null)}
        onDone={(message) => {
          setAction(null);
          done(message);
        }}
        onStale={refresh}
      />
    </div>
  );
}

function Profile({ partner, region }: { partner: Partner; region: string | null }) {
  const website = partner.website && /^https?:\/\//i.test(partner.website) ? partner.website : null;
  const rows: [string, React.ReactNode][] = [
    ['Type', label(partner.type)],
    ['Country', `${countryName(partner.country)} (${partner.country})`],
    ['Region', region ?? '—'],
    ['Tier', label(partner.tier)],
    ['Status', `${label(partner.status)} since ${formatDay(partner.statusSince)}`],
    [
      'Website',
      website ? (
        <a href={website} rel="noopener noreferrer" target="_blank">
          {website}
        </a>
      ) : (
        (partner.website ?? '—')
      ),
    ],
    ['Technology areas', <Tags values={partner.technologyAreas} />],
    ['Registered', formatInstant(partner.registeredAt)],
    ['Last changed', formatInstant(partner.updatedAt)],
  ];
  return (
    <dl className="profile">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Timeline({ more, error }: { more: Partner360 | undefined; error: unknown }) {
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <p className="note">Milestones at their dates; changes when they were recorded, with who made them.</p>
      {error ? (
        <p role="alert">{isApiError(error) ? explain(error.problem) : 'The timeline could not be loaded.'}</p>
      ) : !more ? (
        <p className="loading">Loading…</p>
      ) : more.timeline.length === 0 ? (
        <p className="empty">Nothing has happened yet.</p>
      ) : (
        <ol className="timeline">
          {more.timeline.map((entry, i) => (
            <li key={`${entry.date}-${i}`} className={`kind-${entry.kind}`}>
              <span className="date">
                {entry.at ? formatInstant(entry.at) : formatDay(entry.date)}
                {entry.by && <span className="by"> · {entry.by === 'automatic' ? 'automatic' : `by ${entry.by}`}</span>}
              </span>
              <span>{entry.what}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Related({ more, partner }: { more: Partner360 | undefined; partner: Partner }) {
  if (!more) return null;
  return (
    <>
      <section className="card wide" aria-labelledby="agreements-title">
        <div className="card-head">
          <h2 id="agreements-title">Agreements</h2>
          <Link to={`/agreements?partnerId=${partner.id}`}>All agreements with {partner.name}</Link>
        </div>
        <Table
          caption="Agreements"
          rows={more.agreements}
          rowKey={(row) => row.id}
          empty={<EmptyState title="No agreements with this partner yet." />}
          columns={[
            {
              key: 'title',
              header: 'Title',
              rowHeader: true,
              cell: (row) => <Link to={`/agreements/${row.id}`}>{row.title}</Link>,
            },
            { key: 'type', header: 'Type', cell: (row) => label(row.type) },
            { key: 'status', header: 'Status', cell: (row) => <Badge value={row.status} /> },
            { key: 'effective', header: 'Effective', cell: (row) => formatDay(row.effectiveDate) },
            {
              key: 'expires',
              header: 'Expires',
              cell: (row) => (row.expiryDate ? formatDay(row.expiryDate) : 'Open-ended'),
            },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="projects-title">
        <h2 id="projects-title">Projects</h2>
        <Table
          caption="Projects"
          rows={more.projects}
          rowKey={(row) => row.id}
          empty={<EmptyState title="No joint projects yet." />}
          columns={[
            {
              key: 'title',
              header: 'Title',
              rowHeader: true,
              cell: (row) => <Link to={`/projects/${row.id}`}>{row.title}</Link>,
            },
            { key: 'stage', header: 'Stage', cell: (row) => label(row.stage) },
            { key: 'status', header: 'Status', cell: (row) => <Badge value={row.status} /> },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="outcomes-title">
        <h2 id="outcomes-title">Outcomes</h2>
        <Table
          caption="Outcomes"
          rows={more.outcomes}
          rowKey={(row) => row.id}
          empty={<EmptyState title="No outcomes yet." />}
          columns={[
            { key: 'title', header: 'Outcome', rowHeader: true, cell: (row) => row.title },
            { key: 'kind', header: 'Kind', cell: (row) => <Badge value={row.kind} kind="kind" /> },
            { key: 'project', header: 'Project', cell: (row) => row.projectTitle },
            { key: 'date', header: 'Date', cell: (row) => formatDay(row.occurredOn) },
          ]}
        />
      </section>
    </>
  );
}
