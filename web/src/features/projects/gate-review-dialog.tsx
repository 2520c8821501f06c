import { useEffect, useState } from 'react';
import { DateField, Select, TextField } from '../../ui/field';
import { formatDay, today } from '../../ui/format';
import { useSubmit } from '../../ui/use-submit';
import { ActDialog } from '../agreements/act-dialog';
import { recordGateReview, type GateDecision, type Project } from './api';
import { GATE_DECISIONS, STAGES } from '../../api/enums';
import { DECISION_MEANING, stageLabel } from './options';

const LABELS = {
  decision: 'Decision',
  gatekeepers: 'Gatekeepers',
  criteria: 'Criteria',
  notes: 'Notes',
  decidedOn: 'Decided on',
};

/** The services' rule for a criterion's name (libs/platform's IsKeyedObject), checked before sending. */
const CRITERION_NAME = /^[\p{L}\p{N}_.-](?:[\p{L}\p{M}\p{N} _.-]*[\p{L}\p{M}\p{N}_.-])?$/u;

interface Criterion {
  name: string;
  score: string;
}

/**
 * "Record a gate review": the gate's decision (GO, KILL, HOLD, RECYCLE), who decided, the scores
 * (1 to 5) per criterion, notes, and the day of the meeting (not the day it is typed in).
 */
export function GateReviewDialog({
  project,
  etag,
  open,
  initialDecision = 'go',
  onClose,
  onDone,
  onStale,
}: {
  project: Project;
  etag: string;
  open: boolean;
  initialDecision?: GateDecision;
  onClose: () => void;
  onDone: (message: string) => void;
  onStale: () => void;
}) {
  const [decision, setDecision] = useState<GateDecision>(initialDecision);
  const [gatekeepers, setGatekeepers] = useState('');
  const [criteria, setCriteria] = useState<Criterion[]>([{ name: 'Strategic fit', score: '' }]);
  const [notes, setNotes] = useState('');
  const [decidedOn, setDecidedOn] = useState(today());
  const submission = useSubmit(LABELS);
  useEffect(() => {
    if (open) setDecision(initialDecision);
  }, [open, initialDecision]);
  const next = STAGES[STAGES.indexOf(project.stage) + 1];
  const last = project.gateDecisions.at(-1);

  const confirm = async () => {
    const found: Record<string, string> = {};
    const people = gatekeepers
      .split(/[,;\n]/)
      .map((person) => person.trim())
      .filter(Boolean);
    if (people.length === 0) found.gatekeepers = 'Name at least one gatekeeper.';
    const scored = criteria.filter((criterion) => criterion.name.trim() || criterion.score.trim());
    if (scored.length === 0) found.criteria = 'Score at least one criterion.';
    else if (scored.some((criterion) => !criterion.name.trim())) found.criteria = 'Name each criterion you score.';
    else if (scored.some((criterion) => !CRITERION_NAME.test(criterion.name.trim())))
      found.criteria = 'Name criteria with letters, digits, spaces, hyphens, underscores or dots (60 at most).';
    else if (scored.some((criterion) => !/^[1-5]$/.test(criterion.score.trim())))
      found.criteria = 'Score each criterion with a whole number from 1 to 5.';
    if (Object.keys(found).length) return submission.fail(found);
    const result = await submission.run(() =>
      recordGateReview(project.id, etag, {
        decision,
        gatekeepers: people,
        criteria: Object.fromEntries(scored.map((criterion) => [criterion.name.trim(), Number(criterion.score)])),
        ...(notes.trim() && { notes: notes.trim() }),
        decidedOn,
      }),
    );
    if (result) {
      setNotes('');
      onDone(
        decision === 'go'
          ? next
            ? `GO: the project moves to ${stageLabel(next)}.`
            : 'GO at the last gate: the project is completed.'
          : decision === 'kill'
            ? 'KILL: the project is closed.'
            : decision === 'hold'
              ? 'HOLD: the project is on hold.'
              : `RECYCLE: the project stays in ${stageLabel(project.stage)}.`,
      );
    } else onStale();
  };

  return (
    <ActDialog
      open={open}
      title="Record a gate review"
      confirmLabel="Record gate review"
      submission={submission}
      labels={LABELS}
      onCancel={onClose}
      onSubmit={() => void confirm()}
      className="dialog-wide"
    >
      <p>
        Gate {stageLabel(project.stage)} → {next ? stageLabel(next) : 'completion'}.
        {last && ` The previous decision was on ${formatDay(last.decidedOn)}.`}
      </p>
      <Select
        label="Decision"
        required
        value={decision}
        options={GATE_DECISIONS.map((value) => ({ value, label: DECISION_MEANING[value] ?? value }))}
        onChange={(event) => setDecision(event.target.value as GateDecision)}
        error={submission.errors.decision}
      />
      <TextField
        label="Gatekeepers"
        required
        value={gatekeepers}
        onChange={(event) => setGatekeepers(event.target.value)}
        error={submission.errors.gatekeepers}
        hint="Who decided; separate with commas (cto-office, ai-research-director)."
      />
      <fieldset className="fieldset">
        <legend>Criteria scores</legend>
        <p className="field-hint">Each criterion scored from 1 (poor) to 5 (excellent).</p>
        {submission.errors.criteria && <p className="field-error">{submission.errors.criteria}</p>}
        {criteria.map((criterion, index) => (
          <fieldset key={index} className="criterion-line">
            <legend className="visually-hidden">Criterion {index + 1}</legend>
            <TextField
              label={`Criterion ${index + 1}`}
              value={criterion.name}
              maxLength={60}
              onChange={(event) =>
                setCriteria((list) => list.map((c, i) => (i === index ? { ...c, name: event.target.value } : c)))
              }
            />
            <Select
              label={`Score ${index + 1}`}
              value={criterion.score}
              placeholder="–"
              options={['1', '2', '3', '4', '5'].map((value) => ({ value, label: value }))}
              onChange={(event) =>
                setCriteria((list) => list.map((c, i) => (i === index ? { ...c, score: event.target.value } : c)))
              }
            />
            {criteria.length > 1 && (
              <button
                type="button"
                className="link-button danger"
                onClick={() => setCriteria((list) => list.filter((_, i) => i !== index))}
              >
                Remove criterion {index + 1}
              </button>
            )}
          </fieldset>
        ))}
        <p>
          <button
            type="button"
            className="button"
            onClick={() => setCriteria((list) => [...list, { name: '', score: '' }])}
          >
            Add a criterion
          </button>
        </p>
      </fieldset>
      <div className="field">
        <label htmlFor={`notes-${project.id}`}>
          Notes<span className="optional"> (optional)</span>
        </label>
        <textarea
          id={`notes-${project.id}`}
          rows={3}
          maxLength={2000}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
        />
      </div>
      <DateField
        label="Decided on"
        required
        min={last?.decidedOn ?? project.proposedOn}
        value={decidedOn}
        onChange={(event) => setDecidedOn(event.target.value)}
        error={submission.errors.decidedOn}
        hint="The day of the gate meeting; not before the previous decision."
      />
    </ActDialog>
  );
}
