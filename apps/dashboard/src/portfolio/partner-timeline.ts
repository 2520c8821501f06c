import { MESSAGE_TYPES } from '@accord/contracts';
import { actorName, changeLabel } from '../changes/change';

/** A dated fact from the read models: registration, an agreement's effective date, a gate, an outcome. */
export interface Milestone {
  /** `YYYY-MM-DD`. */
  date: string;
  kind: 'partner' | 'agreement' | 'gate' | 'outcome';
  what: string;
}

/** A change from the change log, about the partner or one of its agreements or projects. */
export interface ChangeRow {
  id: string;
  type: string;
  actor: string | null;
  at: Date;
  subject: 'partner' | 'agreement' | 'project';
  /** The agreement's or project's title; null for the partner itself. */
  title: string | null;
}

export interface TimelineEntry {
  /** The day the entry belongs to (`YYYY-MM-DD`): a business date, or the UTC day of a change. */
  date: string;
  kind: Milestone['kind'] | 'change';
  what: string;
  /** When it was recorded (ISO 8601): changes, and the registration when its change is known. */
  at?: string;
  /** `user:ada`, `system:scheduler`, or null when the producer did not say. */
  actor?: string | null;
  /** How the page names the actor: "ada", "automatic", "unknown". */
  by?: string;
  /** Changes only: the message type and what it changed. */
  type?: string;
  subject?: ChangeRow['subject'];
}

/**
 * One timeline, newest first, from two kinds of time. Milestones carry business dates (when an
 * agreement takes effect, when a gate was decided), which may lie years before they were entered,
 * or in the future. Changes carry the moment someone made them, and who. Both answer "what
 * happened with this partner", so they share one list ordered by day rather than sitting in two
 * lists that would each tell half of the story; each keeps its own time, so a backdated agreement
 * stays in its year while the signature recorded today sits at the top. Within a day, the changes
 * (exact times) come before the day's milestones (dates only): an ISO timestamp sorts after the
 * bare date it begins with. The registration is both a milestone and a change: it is listed once,
 * as the milestone, with the change's time and actor.
 */
export function partnerTimeline(milestones: Milestone[], changes: ChangeRow[]): TimelineEntry[] {
  const registration = changes.find(
    (change) => change.subject === 'partner' && change.type === MESSAGE_TYPES.partnerRegistered,
  );
  const entries: TimelineEntry[] = milestones.map((milestone) =>
    milestone.kind === 'partner' && registration
      ? { ...milestone, ...who(registration), at: registration.at.toISOString() }
      : { ...milestone },
  );
  for (const change of changes) {
    if (change === registration) continue;
    const label = changeLabel(change.type);
    const at = change.at.toISOString();
    entries.push({
      date: at.slice(0, 10),
      kind: 'change',
      what: change.title ? `${label}: ${change.title}` : label,
      at,
      ...who(change),
      type: change.type,
      subject: change.subject,
    });
  }
  const key = (entry: TimelineEntry) => entry.at ?? entry.date;
  return entries.sort((a, b) => key(b).localeCompare(key(a)));
}

function who(change: ChangeRow): Pick<TimelineEntry, 'actor' | 'by'> {
  return { actor: change.actor, by: actorName(change.actor) };
}
