import { useState } from 'react';
import { invalidate, useResource } from '../../api/resource';
import { Link, usePageTitle } from '../../app/router';
import { useSession } from '../../app/session';
import { useLiveChanges } from '../../live';
import { Tags } from '../../ui/badge';
import { DateField } from '../../ui/field';
import { formatDay, formatInstant, label, plural, today } from '../../ui/format';
import { useAnnounce } from '../../ui/status';
import { Table } from '../../ui/table';
import { useSubmit } from '../../ui/use-submit';
import { ActDialog } from '../agreements/act-dialog';
import { agreementKey, getAgreement } from '../agreements/api';
import { History, eventWords } from '../agreements/history';
import { ENDED, daysBetween, statusLabel, typeLabel } from '../agreements/options';
import { partyName, usePartners } from '../agreements/partner-names';
import {
  PROJECTS_KEY,
  getProject,
  getProjectHistory,
  projectHistoryKey,
  projectKey,
  resumeProject,
  type GateDecision,
  type HistoryEntry,
  type Project,
} from './api';
import { GateReviewDialog } from './gate-review-dialog';
import { STAGES } from '../../api/enums';
import { CLOSED, stageLabel } from './options';
import { Budget, Milestones, Outcomes } from './project-parts';
import { RecordNotShown } from '../../ui/record-page';

/**
 * A project: its stage in the funnel and its status, the gate review that moves it (or holds, kills,
 * recycles it), the agreements it runs under (with a warning when one ends), milestones, budget against
 * spend, outcomes and history.
 */
export function ProjectPage({ id }: { id: string }) {
  const record = useResource(projectKey(id), (signal) => getProject(id, signal));
  const history = useResource(projectHistoryKey(id), (signal) => getProjectHistory(id, signal));
  const project = record.data?.project;
  const heading = usePageTitle(project?.title ?? (record.status === 'error' ? 'Project' : ''));
  useLiveChanges([{ aggregate: 'project', id }], () => invalidate(projectKey(id)));

  if (!project || !record.data) {
    return (
      <RecordNotShown
        kind="Project"
        back={{ to: '/projects', label: 'Projects' }}
        error={record.status === 'error' ? record.error : undefined}
        reload={record.reload}
        heading={heading}
      />
    );
  }
  return (
    <Loaded
      project={project}
      etag={record.data.etag}
      heading={heading}
      history={history.data}
      historyError={history.status === 'error' ? history.error : null}
    />
  );
}

function Loaded({
  project,
  etag,
  heading,
  history,
  historyError,
}: {
  project: Project;
  etag: string;
  heading: React.RefObject<HTMLHeadingElement | null>;
  history: HistoryEntry[] | undefined;
  historyError: unknown;
}) {
  const { can } = useSession();
  const announce = useAnnounce();
  const [review, setReview] = useState<GateDecision | null>(null);
  const [resuming, setResuming] = useState(false);
  const partners = usePartners(project.leadPartnerIds);
  const closed = CLOSED.includes(project.status);
  const manage = can('alliance_manager') && !closed;
  const refresh = () => invalidate(projectKey(project.id), `${PROJECTS_KEY}list`, 'dashboard:');
  const done = (message: string) => {
    setReview(null);
    setResuming(false);
    refresh();
    announce(message);
  };
  const stageIndex = STAGES.indexOf(project.stage);

  return (
    <div className="page project-page">
      <p className="back">
        <Link to="/projects">← Projects</Link>
      </p>
      <div className="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {project.title}
          </h1>
          <p className="badges">
            <span className="badge">Stage: {stageLabel(project.stage)}</span>
            <span className={`badge status-${project.status}`}>{label(project.status)}</span>
            <span className="muted">
              {label(project.status)} since {formatDay(project.statusSince)}
            </span>
          </p>
        </div>
        {manage && (
          <div className="page-actions">
            {project.status === 'on_hold' ? (
              <button type="button" className="button primary" onClick={() => setResuming(true)}>
                Resume
              </button>
            ) : (
              <>
                <button type="button" className="button primary" onClick={() => setReview('go')}>
                  Record a gate review
                </button>
                <button type="button" className="button" onClick={() => setReview('hold')}>
                  Put on hold
                </button>
              </>
            )}
          </div>
        )}
      </div>

      <nav aria-label="Stage" className="stepper-wrap">
        <ol className="stepper">
          {STAGES.map((stage, index) => {
            const state =
              project.status === 'completed' || index < stageIndex ? 'done' : index === stageIndex ? 'current' : 'todo';
            return (
              <li key={stage} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
                <span className="step-mark" aria-hidden="true">
                  {state === 'done' ? '✓' : ''}
                </span>
                <span className="step-label">
                  {stageLabel(stage)}
                  <span className="visually-hidden">
                    {state === 'done' ? ' (passed)' : state === 'current' ? ' (current stage)' : ' (to come)'}
                  </span>
                </span>
              </li>
            );
          })}
        </ol>
      </nav>

      {project.status === 'on_hold' && (
        <p className="notice">
          On hold since {formatDay(project.statusSince)}.{' '}
          {can('alliance_manager') ? 'Resume it to record gate reviews again.' : ''}
        </p>
      )}
      {project.flagged && (
        <p className="banner" role="note">
          {plural(project.flaggedAgreements.length, 'agreement', 'agreements')} it runs under{' '}
          {project.flaggedAgreements.length === 1 ? 'has' : 'have'} ended. Check that another valid agreement covers it.
        </p>
      )}

      <div className="grid">
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          <dl className="profile">
            {(
              [
                ['Stage', stageLabel(project.stage)],
                ['Status', `${label(project.status)} since ${formatDay(project.statusSince)}`],
                ['Proposed on', formatDay(project.proposedOn)],
                ['Last activity', formatDay(project.lastActivityOn)],
                [
                  'Lead partners',
                  project.leadPartnerIds.length
                    ? project.leadPartnerIds.map((partnerId, index) => (
                        <span key={partnerId}>
                          {index > 0 && ', '}
                          <Link to={`/partners/${partnerId}`}>{partyName(partnerId, partners)}</Link>
                        </span>
                      ))
                    : '—',
                ],
                ['Technology areas', <Tags values={project.technologyAreas} />],
                [
                  'Team',
                  project.team.length
                    ? project.team.map((member) => `${member.memberRef} (${label(member.role)})`).join(', ')
                    : '—',
                ],
                ['Last recorded change', formatInstant(project.updatedAt)],
              ] as [string, React.ReactNode][]
            ).map(([term, value]) => (
              <div key={term}>
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <Budget project={project} etag={etag} onDone={done} onStale={refresh} />
        <CoveringAgreements project={project} />
        <GateDecisions project={project} />
        <Milestones project={project} etag={etag} onDone={done} onStale={refresh} />
        <Outcomes project={project} etag={etag} onDone={done} onStale={refresh} />
        <History entries={history} error={historyError} describe={describeProjectEvent} />
      </div>

      <GateReviewDialog
        project={project}
        etag={etag}
        open={review !== null}
        initialDecision={review ?? 'go'}
        onClose={() => setReview(null)}
        onDone={done}
        onStale={refresh}
      />
      <ResumeDialog
        project={project}
        etag={etag}
        open={resuming}
        onClose={() => setResuming(false)}
        onDone={done}
        onStale={refresh}
      />
    </div>
  );
}

function ResumeDialog({
  project,
  etag,
  open,
  onClose,
  onDone,
  onStale,
}: {
  project: Project;
  etag: string;
  open: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const [resumedOn, setResumedOn] = useState(today());
  const submission = useSubmit({ resumedOn: 'Resumed on' });
  const confirm = async () => {
    const result = await submission.run(() => resumeProject(project.id, etag, resumedOn));
    if (result) onDone(`Resumed as of ${formatDay(resumedOn)}.`);
    else onStale();
  };
  return (
    <ActDialog
      open={open}
      title="Resume the project"
      confirmLabel="Resume"
      submission={submission}
      labels={{ resumedOn: 'Resumed on' }}
      onCancel={onClose}
      onSubmit={() => void confirm()}
    >
      <p>
        The project becomes active again in {stageLabel(project.stage)}. A signed or active agreement must cover it.
      </p>
      <DateField
        label="Resumed on"
        required
        min={project.statusSince}
        value={resumedOn}
        onChange={(event) => setResumedOn(event.target.value)}
        error={submission.errors.resumedOn}
      />
    </ActDialog>
  );
}

/** The agreements the project runs under, each with its status and a warning when it ends (or has ended). */
function CoveringAgreements({ project }: { project: Project }) {
  useLiveChanges(
    project.agreementIds.map((id) => ({ aggregate: 'agreement' as const, id })),
    () => invalidate(...project.agreementIds.map(agreementKey)),
  );
  return (
    <section className="card" aria-labelledby="covering-title">
      <h2 id="covering-title">Covering agreements</h2>
      <ul className="covering">
        {project.agreementIds.map((agreementId) => (
          <CoveringAgreement
            key={agreementId}
            id={agreementId}
            flagged={project.flaggedAgreements.includes(agreementId)}
          />
        ))}
      </ul>
    </section>
  );
}

function CoveringAgreement({ id, flagged }: { id: string; flagged: boolean }) {
  const record = useResource(agreementKey(id), (signal) => getAgreement(id, signal));
  const agreement = record.data?.agreement;
  if (!agreement)
    return (
      <li>
        <Link to={`/agreements/${id}`}>
          {record.status === 'error' ? 'Agreement (could not be loaded)' : 'Loading…'}
        </Link>
      </li>
    );
  const ended = ENDED.includes(agreement.status);
  const left = agreement.expiryDate ? daysBetween(today(), agreement.expiryDate) : null;
  return (
    <li>
      <Link to={`/agreements/${id}`}>{agreement.title}</Link>{' '}
      <span className="muted">({typeLabel(agreement.type)})</span>{' '}
      <span className={`badge status-${agreement.status}`}>{statusLabel(agreement.status)}</span>
      {(ended || flagged) && (
        <p className="overdue">
          Ended{agreement.endedOn ? ` on ${formatDay(agreement.endedOn)}` : ''}: it no longer covers the project.
        </p>
      )}
      {!ended && left !== null && left >= 0 && left <= 90 && (
        <p className={`days ${left <= 30 ? 'urgent' : 'soon'}`}>
          Ends on {formatDay(agreement.expiryDate)} ({plural(left, 'day', 'days')} left
          {agreement.autoRenew ? ', renews automatically' : ''}).
        </p>
      )}
    </li>
  );
}

function GateDecisions({ project }: { project: Project }) {
  const rows = project.gateDecisions.map((decision, index) => ({ ...decision, index }));
  return (
    <section className="card wide" aria-labelledby="gates-title">
      <h2 id="gates-title">Gate reviews</h2>
      <Table
        caption="Gate reviews"
        rows={[...rows].reverse()}
        rowKey={(row) => String(row.index)}
        empty={<p className="empty">No gate review yet: the project is still in its first stage.</p>}
        columns={[
          { key: 'gate', header: 'Gate', rowHeader: true, cell: (row) => row.gate.replace('→', ' → ') },
          {
            key: 'decision',
            header: 'Decision',
            cell: (row) => <span className={`badge decision-${row.decision}`}>{label(row.decision)}</span>,
          },
          { key: 'decidedOn', header: 'Decided on', cell: (row) => formatDay(row.decidedOn) },
          { key: 'gatekeepers', header: 'Gatekeepers', cell: (row) => row.gatekeepers.join(', ') },
          {
            key: 'criteria',
            header: 'Scores',
            cell: (row) =>
              Object.entries(row.criteria)
                .map(([name, score]) => `${name.replace(/([a-z])([A-Z])/g, '$1 $2')}: ${score}/5`)
                .join(', ') || '—',
          },
          { key: 'notes', header: 'Notes', cell: (row) => row.notes ?? '—' },
        ]}
      />
    </section>
  );
}

function describeProjectEvent(entry: { type: string; data: Record<string, unknown> }): string {
  const data = entry.data;
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  switch (entry.type) {
    case 'ProjectProposed':
      return 'Proposed';
    case 'GateDecisionRecorded':
      return `Gate ${text(data.gate).replace('→', ' → ')}: ${label(text(data.decision))}`;
    case 'ProjectStageAdvanced':
      return `Moved from ${stageLabel(text(data.from))} to ${stageLabel(text(data.to))}`;
    case 'ProjectPutOnHold':
      return `Put on hold: ${text(data.reason)}`;
    case 'ProjectResumed':
      return 'Resumed';
    case 'ProjectKilled':
      return `Killed: ${text(data.reason)}`;
    case 'ProjectCompleted':
      return 'Completed';
    case 'ProjectSpunOut':
      return 'Spun out';
    case 'MilestonePlanned':
      return `Milestone planned: ${text(data.name)} (for ${formatDay(text(data.plannedDate))})`;
    case 'MilestoneCompleted':
      return 'Milestone completed';
    case 'BudgetCommitted':
      return `Budget committed: ${text(data.amount)} ${text(data.currency)}`;
    case 'SpendRecorded':
      return `Spend recorded: ${text(data.amount)} ${text(data.currency)}${data.description ? ` (${text(data.description)})` : ''}`;
    case 'OutcomeRecorded':
      return `Outcome: ${label(text(data.kind))}, ${text(data.title)}`;
    case 'ProjectFlagged':
      return 'Flagged: an agreement it runs under ended';
    default:
      return eventWords(entry.type, /^Project/);
  }
}
