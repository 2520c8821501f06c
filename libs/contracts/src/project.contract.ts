/**
 * The project service's public API on Kafka, version 1 (same conventions as the other topics:
 * key = project id, JSON value, CloudEvents headers). A patent filing has a type of its own,
 * `accord.project.patent-filed.v1`, for the IP office to subscribe to.
 *
 * Every message carries the project's stage and status after the command that made the change
 * (so a gate decision recorded with a GO already shows the next stage; its `gate` names the gate).
 *
 * Dates: `occurredAt` is when the change was recorded; the `…On` fields are business dates, the day
 * the act happened in the world (a gate decision typed in a day later, a project logged from a
 * spreadsheet years on). The effects of a gate decision carry its date (`advancedOn`, `heldOn`, ...);
 * they are optional because messages published before they existed have none.
 */
import {
  arrayOf,
  bool,
  choice,
  date,
  dateTime,
  literal,
  messageSchema,
  nullable,
  num,
  object,
  str,
  uuid,
  aggregateVersion,
} from './json-schema';

export const PROJECT_TOPIC = 'accord.projects';
export const PROJECT_TOPIC_CONFIG = { topic: PROJECT_TOPIC, numPartitions: 6 };

export const PROJECT_STAGES_V1 = ['generate', 'ideate', 'develop', 'launch'] as const;
export const PROJECT_STATUSES_V1 = ['active', 'on_hold', 'completed', 'killed', 'spun_out'] as const;
export const GATE_DECISIONS_V1 = ['go', 'kill', 'hold', 'recycle'] as const;
export const OUTCOME_KINDS_V1 = [
  'invention_disclosure',
  'patent_filed',
  'patent_granted',
  'publication',
  'proof_of_concept',
  'product_launch',
  'standard_contribution',
  'spin_out',
] as const;
export const TEAM_ROLES_V1 = ['project_lead', 'researcher', 'engineer', 'intern', 'advisor'] as const;
export const PROJECT_FLAG_REASONS_V1 = ['agreement_terminated', 'agreement_expired'] as const;

export type ProjectStageV1 = (typeof PROJECT_STAGES_V1)[number];
export type ProjectStatusV1 = (typeof PROJECT_STATUSES_V1)[number];
export type OutcomeKindV1 = (typeof OUTCOME_KINDS_V1)[number];

/** What every project message carries. */
export interface ProjectMessageBaseV1 {
  projectId: string;
  version: number;
  occurredAt: string;
  /** The project's stage and status after this change. */
  stage: ProjectStageV1;
  status: ProjectStatusV1;
}

/** Any project message: the base fields and the change's own fields. */
export interface ProjectMessageV1 extends ProjectMessageBaseV1 {
  [field: string]: unknown;
}

export interface MoneyV1 {
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
}

export interface TeamMemberV1 {
  /** An employee or partner-staff reference, never a name. */
  memberRef: string;
  role: (typeof TEAM_ROLES_V1)[number];
  organisation: 'company' | 'partner';
}

export interface PatentV1 {
  jurisdiction: string;
  applicationNumber: string;
}

export interface ProjectProposedV1 extends ProjectMessageBaseV1 {
  title: string;
  agreementIds: string[];
  leadPartnerIds: string[];
  technologyAreas: string[];
  budget: MoneyV1;
  team: TeamMemberV1[];
  proposedOn: string;
}

export interface ProjectGateDecisionRecordedV1 extends ProjectMessageBaseV1 {
  /** The gate, as `<stage>→<next stage>` or `<stage>→close` at the last gate. */
  gate: string;
  decision: (typeof GATE_DECISIONS_V1)[number];
  gatekeepers: string[];
  criteria: Record<string, number>;
  notes: string | null;
  decidedOn: string;
}

export interface ProjectStageAdvancedV1 extends ProjectMessageBaseV1 {
  from: ProjectStageV1;
  to: ProjectStageV1;
  /** The day of the GO that advanced it. */
  advancedOn?: string;
}

export interface ProjectPutOnHoldV1 extends ProjectMessageBaseV1 {
  reason: string;
  /** The day of the HOLD; absent when it was put on hold because its agreements ended. */
  heldOn?: string;
}

export interface ProjectResumedV1 extends ProjectMessageBaseV1 {
  resumedOn?: string;
}

export interface ProjectKilledV1 extends ProjectMessageBaseV1 {
  reason: string;
  /** The day of the KILL. */
  killedOn?: string;
}

export interface ProjectCompletedV1 extends ProjectMessageBaseV1 {
  /** The day of the GO at the last gate. */
  completedOn?: string;
}

export interface ProjectSpunOutV1 extends ProjectMessageBaseV1 {
  outcomeId: string;
  company: string;
  /** The day of the spin-out (its outcome's occurredOn). */
  spunOutOn?: string;
}

export interface ProjectMilestonePlannedV1 extends ProjectMessageBaseV1 {
  milestoneId: string;
  name: string;
  plannedDate: string;
}

export interface ProjectMilestoneCompletedV1 extends ProjectMessageBaseV1 {
  milestoneId: string;
  actualDate: string;
  evidence: string | null;
}

export interface ProjectBudgetCommittedV1 extends ProjectMessageBaseV1 {
  amount: number;
  currency: string;
  totalBudget: number;
  committedOn?: string;
}

export interface ProjectSpendRecordedV1 extends ProjectMessageBaseV1 {
  amount: number;
  currency: string;
  description: string;
  spentOn: string;
  totalSpent: number;
  overBudget: boolean;
}

export interface ProjectOutcomeRecordedV1 extends ProjectMessageBaseV1 {
  outcomeId: string;
  /** Any kind but `patent_filed`, which is published as `accord.project.patent-filed.v1`. */
  kind: Exclude<OutcomeKindV1, 'patent_filed'>;
  title: string;
  occurredOn: string;
  partnerIds: string[];
  /** For a grant: the patent granted. */
  patent: PatentV1 | null;
  /** For a grant: the filing (outcome id) it grants. */
  relatesTo: string | null;
  /** For a spin-out: the company. */
  spinOutCompany: string | null;
}

export interface ProjectPatentFiledV1 extends ProjectMessageBaseV1 {
  outcomeId: string;
  kind: 'patent_filed';
  title: string;
  occurredOn: string;
  partnerIds: string[];
  patent: PatentV1;
  /** Null for a filing. */
  relatesTo: string | null;
  /** Null for a filing. */
  spinOutCompany: string | null;
}

export interface ProjectFlaggedV1 extends ProjectMessageBaseV1 {
  agreementId: string;
  reason: (typeof PROJECT_FLAG_REASONS_V1)[number];
}

export const PROJECT_MESSAGE_TYPES = {
  projectProposed: 'accord.project.proposed.v1',
  projectGateDecisionRecorded: 'accord.project.gate-decision-recorded.v1',
  projectStageAdvanced: 'accord.project.stage-advanced.v1',
  projectPutOnHold: 'accord.project.put-on-hold.v1',
  projectResumed: 'accord.project.resumed.v1',
  projectKilled: 'accord.project.killed.v1',
  projectCompleted: 'accord.project.completed.v1',
  projectSpunOut: 'accord.project.spun-out.v1',
  projectMilestonePlanned: 'accord.project.milestone-planned.v1',
  projectMilestoneCompleted: 'accord.project.milestone-completed.v1',
  projectBudgetCommitted: 'accord.project.budget-committed.v1',
  projectSpendRecorded: 'accord.project.spend-recorded.v1',
  projectOutcomeRecorded: 'accord.project.outcome-recorded.v1',
  projectPatentFiled: 'accord.project.patent-filed.v1',
  projectFlagged: 'accord.project.flagged.v1',
} as const;

/** Each project message type's payload. */
export interface ProjectMessagePayloads {
  [PROJECT_MESSAGE_TYPES.projectProposed]: ProjectProposedV1;
  [PROJECT_MESSAGE_TYPES.projectGateDecisionRecorded]: ProjectGateDecisionRecordedV1;
  [PROJECT_MESSAGE_TYPES.projectStageAdvanced]: ProjectStageAdvancedV1;
  [PROJECT_MESSAGE_TYPES.projectPutOnHold]: ProjectPutOnHoldV1;
  [PROJECT_MESSAGE_TYPES.projectResumed]: ProjectResumedV1;
  [PROJECT_MESSAGE_TYPES.projectKilled]: ProjectKilledV1;
  [PROJECT_MESSAGE_TYPES.projectCompleted]: ProjectCompletedV1;
  [PROJECT_MESSAGE_TYPES.projectSpunOut]: ProjectSpunOutV1;
  [PROJECT_MESSAGE_TYPES.projectMilestonePlanned]: ProjectMilestonePlannedV1;
  [PROJECT_MESSAGE_TYPES.projectMilestoneCompleted]: ProjectMilestoneCompletedV1;
  [PROJECT_MESSAGE_TYPES.projectBudgetCommitted]: ProjectBudgetCommittedV1;
  [PROJECT_MESSAGE_TYPES.projectSpendRecorded]: ProjectSpendRecordedV1;
  [PROJECT_MESSAGE_TYPES.projectOutcomeRecorded]: ProjectOutcomeRecordedV1;
  [PROJECT_MESSAGE_TYPES.projectPatentFiled]: ProjectPatentFiledV1;
  [PROJECT_MESSAGE_TYPES.projectFlagged]: ProjectFlaggedV1;
}

// ---------------------------------------------------------------------------------------------
// JSON Schemas

const base = {
  projectId: uuid('The project (also the message key).'),
  version: aggregateVersion('project'),
  occurredAt: dateTime('When the change was made.'),
  stage: choice(PROJECT_STAGES_V1, "The project's stage after the command that made this change."),
  status: choice(PROJECT_STATUSES_V1, "The project's status after the command that made this change."),
} as const;

const currency = { type: 'string', pattern: '^[A-Z]{3}$', description: "ISO 4217: the project's currency." } as const;
const outcomeId = uuid('The outcome, within the project.');
const milestoneId = uuid('The milestone, within the project.');
const reason = str('Why (the gatekeepers\' notes, or a default such as "held at the develop gate").');
const patent = object(
  {
    jurisdiction: {
      type: 'string',
      pattern: '^[A-Z]{2}$',
      description: 'The patent office: a country code, EP or WO.',
    },
    applicationNumber: str('The application number.'),
  },
  {},
  'The filing.',
);
const outcomeFields = {
  outcomeId,
  title: str('What came out.'),
  occurredOn: date('The day it happened.'),
  partnerIds: arrayOf(uuid('A partner.'), 'The partners it counts for.'),
} as const;
const outcomeKinds = OUTCOME_KINDS_V1.filter(
  (kind): kind is Exclude<OutcomeKindV1, 'patent_filed'> => kind !== 'patent_filed',
) as readonly Exclude<OutcomeKindV1, 'patent_filed'>[];

export const projectProposedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectProposed,
  'ProjectProposedV1',
  'A joint project was proposed under one or more signed or active agreements (it starts in generate).',
  object({
    ...base,
    title: str("The project's title."),
    agreementIds: arrayOf(uuid('An agreement.'), 'The agreements it runs under.'),
    leadPartnerIds: arrayOf(uuid('A partner.'), 'The partners leading it.'),
    technologyAreas: arrayOf(str('A tag.'), 'Technology areas: lower-case, hyphenated tags.'),
    budget: object({ amount: num('The budget, in the currency below.'), currency }, {}, 'The initial budget.'),
    team: arrayOf(
      object({
        memberRef: str('An employee or partner-staff reference, never a name.'),
        role: choice(TEAM_ROLES_V1, 'Their role.'),
        organisation: choice(['company', 'partner'], 'Our side or the partner.'),
      }),
      'The team, by reference.',
    ),
    proposedOn: date('The day it was proposed.'),
  }),
);

export const projectGateDecisionRecordedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectGateDecisionRecorded,
  'ProjectGateDecisionRecordedV1',
  'A stage gate review was decided. Its effect follows as its own message (stage-advanced, completed, killed, put-on-hold; none for recycle); `stage` and `status` already show it.',
  object({
    ...base,
    gate: str('The gate: `<stage>→<next stage>`, or `launch→close` at the last one.'),
    decision: choice(GATE_DECISIONS_V1, 'GO advances, KILL closes, HOLD pauses, RECYCLE reviews again.'),
    gatekeepers: arrayOf(str('A gatekeeper (a user or role id).'), 'Who decided.'),
    criteria: {
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 1, maximum: 5, description: 'A score from 1 to 5.' },
      description: 'Scores by criterion name.',
    },
    notes: nullable(str("The gatekeepers' notes, or null.")),
    decidedOn: date('The day it was decided.'),
  }),
);

export const projectStageAdvancedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectStageAdvanced,
  'ProjectStageAdvancedV1',
  'A project advanced to its next stage (after a GO).',
  object(
    {
      ...base,
      from: choice(PROJECT_STAGES_V1, 'The stage it left.'),
      to: choice(PROJECT_STAGES_V1, 'The stage it entered.'),
    },
    { advancedOn: date('The day of the GO that advanced it (business date).') },
  ),
);

export const projectPutOnHoldV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectPutOnHold,
  'ProjectPutOnHoldV1',
  'A project was put on hold (a HOLD, or no valid agreement covers it any more).',
  object(
    { ...base, reason },
    { heldOn: date('The day of the HOLD (business date); absent when it was held because its agreements ended.') },
  ),
);

export const projectResumedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectResumed,
  'ProjectResumedV1',
  'A project on hold was resumed.',
  object({ ...base }, { resumedOn: date('The day it was resumed (business date).') }),
);

export const projectKilledV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectKilled,
  'ProjectKilledV1',
  'A project was killed at a gate.',
  object({ ...base, reason }, { killedOn: date('The day of the KILL (business date).') }),
);

export const projectCompletedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectCompleted,
  'ProjectCompletedV1',
  'A project passed its last gate and is completed.',
  object({ ...base }, { completedOn: date('The day of the GO at the last gate (business date).') }),
);

export const projectSpunOutV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectSpunOut,
  'ProjectSpunOutV1',
  'A project was spun out into a company (follows its spin_out outcome).',
  object(
    { ...base, outcomeId, company: str('The spin-out company.') },
    { spunOutOn: date('The day of the spin-out (business date): its outcome’s occurredOn.') },
  ),
);

export const projectMilestonePlannedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectMilestonePlanned,
  'ProjectMilestonePlannedV1',
  'A milestone was planned.',
  object({ ...base, milestoneId, name: str('The milestone.'), plannedDate: date('When it is planned for.') }),
);

export const projectMilestoneCompletedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectMilestoneCompleted,
  'ProjectMilestoneCompletedV1',
  'A milestone was completed.',
  object({
    ...base,
    milestoneId,
    actualDate: date('The day it was completed.'),
    evidence: nullable(str('Evidence (a document reference), or null.')),
  }),
);

export const projectBudgetCommittedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectBudgetCommitted,
  'ProjectBudgetCommittedV1',
  'More budget was committed to a project.',
  object(
    {
      ...base,
      amount: num('The amount added, in the currency below.'),
      currency,
      totalBudget: num('The budget after this commitment.'),
    },
    { committedOn: date('The day the budget was committed (business date).') },
  ),
);

export const projectSpendRecordedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectSpendRecorded,
  'ProjectSpendRecordedV1',
  'Spend was recorded against a project (spending past the budget is recorded and flagged).',
  object({
    ...base,
    amount: num('The amount spent, in the currency below.'),
    currency,
    description: str('What it was spent on.'),
    spentOn: date('The day it was spent.'),
    totalSpent: num('The total spent after this.'),
    overBudget: bool('True when the total spent is past the budget.'),
  }),
);

export const projectOutcomeRecordedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectOutcomeRecorded,
  'ProjectOutcomeRecordedV1',
  'An outcome was recorded (any kind but a patent filing, which is accord.project.patent-filed.v1).',
  object({
    ...base,
    ...outcomeFields,
    kind: choice(outcomeKinds, 'What kind of outcome.'),
    patent: nullable({ ...patent, description: 'For a grant: the filing granted; otherwise null.' }),
    relatesTo: nullable(uuid('For a grant: the patent_filed outcome it grants; otherwise null.')),
    spinOutCompany: nullable(str('For a spin-out: the company; otherwise null.')),
  }),
);

export const projectPatentFiledV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectPatentFiled,
  'ProjectPatentFiledV1',
  'A patent application was filed from a project (an outcome of kind patent_filed), for the IP office.',
  object({
    ...base,
    ...outcomeFields,
    kind: literal('patent_filed', 'Always patent_filed.'),
    patent,
    relatesTo: nullable(uuid('Null for a filing (the field is shared with outcome-recorded).')),
    spinOutCompany: nullable(str('Null for a filing (the field is shared with outcome-recorded).')),
  }),
);

export const projectFlaggedV1Schema = messageSchema(
  PROJECT_MESSAGE_TYPES.projectFlagged,
  'ProjectFlaggedV1',
  'An agreement a project runs under ended; the project is flagged (and put on hold if no other valid agreement covers it).',
  object({
    ...base,
    agreementId: uuid('The agreement that ended.'),
    reason: choice(PROJECT_FLAG_REASONS_V1, 'How it ended.'),
  }),
);

/** Each project message type's JSON Schema. */
export const PROJECT_MESSAGE_SCHEMAS = {
  [PROJECT_MESSAGE_TYPES.projectProposed]: projectProposedV1Schema,
  [PROJECT_MESSAGE_TYPES.projectGateDecisionRecorded]: projectGateDecisionRecordedV1Schema,
  [PROJECT_MESSAGE_TYPES.projectStageAdvanced]: projectStageAdvancedV1Schema,
  [PROJECT_MESSAGE_TYPES.projectPutOnHold]: projectPutOnHoldV1Schema,
  [PROJECT_MESSAGE_TYPES.projectResumed]: projectResumedV1Schema,
  [PROJECT_MESSAGE_TYPES.projectKilled]: projectKilledV1Schema,
  [PROJECT_MESSAGE_TYPES.projectCompleted]: projectCompletedV1Schema,
  [PROJECT_MESSAGE_TYPES.projectSpunOut]: projectSpunOutV1Schema,
  [PROJECT_MESSAGE_TYPES.projectMilestonePlanned]: projectMilestonePlannedV1Schema,
  [PROJECT_MESSAGE_TYPES.projectMilestoneCompleted]: projectMilestoneCompletedV1Schema,
  [PROJECT_MESSAGE_TYPES.projectBudgetCommitted]: projectBudgetCommittedV1Schema,
  [PROJECT_MESSAGE_TYPES.projectSpendRecorded]: projectSpendRecordedV1Schema,
  [PROJECT_MESSAGE_TYPES.projectOutcomeRecorded]: projectOutcomeRecordedV1Schema,
  [PROJECT_MESSAGE_TYPES.projectPatentFiled]: projectPatentFiledV1Schema,
  [PROJECT_MESSAGE_TYPES.projectFlagged]: projectFlaggedV1Schema,
} as const;
