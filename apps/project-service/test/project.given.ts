import { BusinessRuleError, fold } from '@accord/event-store';
import { given } from '@accord/event-store/testing';
import {
  STAGES,
  type GateDecision,
  type IsoDate,
  type OutcomeKind,
  type ProjectEvent,
  type ProjectState,
  type Stage,
} from '../src/projects/project';
import {
  decideProject,
  projectDecider,
  type AgreementCheck,
  type ProjectCommand,
} from '../src/projects/project.decide';

/** Given/when/then fixtures the project decider's specs (one next to each use case) share: cases, commands, events. */

export type Proposed = Extract<ProjectEvent, { type: 'ProjectProposed' }>;
export type Outcome = Extract<ProjectEvent, { type: 'OutcomeRecorded' }>;
export type RecordOutcome = Extract<ProjectCommand, { type: 'RecordOutcome' }>;

/** A proposed project, with what the handler knows of its agreements and their parties when it is proposed. */
export interface Case {
  proposed: Proposed;
  agreements: AgreementCheck;
  agreementParties: string[];
}

// Brain-morphic AI research with the University of Tokyo: under the comprehensive alliance and the joint
// research agreement that falls under it.
export const UTOKYO_ALLIANCE = 'a-utokyo-alliance';
export const UTOKYO_RESEARCH = 'a-utokyo-brain-morphic';
export const BRAIN = 'pj-brain-morphic-ai';
export const brainMorphic: Case = {
  proposed: {
    type: 'ProjectProposed',
    data: {
      projectId: BRAIN,
      title: 'Brain-morphic AI: learning from few examples',
      agreementIds: [UTOKYO_ALLIANCE, UTOKYO_RESEARCH],
      leadPartnerIds: ['p-utokyo'],
      technologyAreas: ['ai', 'brain-morphic-ai'],
      budget: { amount: 60_000_000, currency: 'JPY' },
      team: [
        { memberRef: 'e-10482', role: 'project_lead', organisation: 'company' },
        { memberRef: 'e-11730', role: 'researcher', organisation: 'company' },
        { memberRef: 'ps-utokyo-0042', role: 'researcher', organisation: 'partner' },
        { memberRef: 'ps-utokyo-0107', role: 'intern', organisation: 'partner' },
      ],
      proposedOn: '2017-05-15',
    },
  },
  agreements: { [UTOKYO_ALLIANCE]: 'valid', [UTOKYO_RESEARCH]: 'valid' },
  agreementParties: ['p-utokyo'],
};

// Quantum cryptography and secret sharing for biometric data, with NICT: one agreement.
export const NICT_AGREEMENT = 'a-nict-quantum-biometrics';
export const QKD = 'pj-qkd-biometric-storage';
export const qkdStorage: Case = {
  proposed: {
    type: 'ProjectProposed',
    data: {
      projectId: QKD,
      title: 'Biometric templates stored by secret sharing over a QKD network',
      agreementIds: [NICT_AGREEMENT],
      leadPartnerIds: ['p-nict'],
      technologyAreas: ['quantum-cryptography', 'secret-sharing', 'biometrics'],
      budget: { amount: 45_000_000, currency: 'JPY' },
      team: [
        { memberRef: 'e-20311', role: 'project_lead', organisation: 'company' },
        { memberRef: 'ps-nict-0009', role: 'engineer', organisation: 'partner' },
      ],
      proposedOn: '2019-06-03',
    },
  },
  agreements: { [NICT_AGREEMENT]: 'valid' },
  agreementParties: ['p-nict'],
};

// Secure computation for genome analysis with Osaka University: its agreement takes effect in 2027 and is
// not yet signed.
export const OSAKA_AGREEMENT = 'a-osaka-genome';
export const GENOME = 'pj-genome-secure-computation';
export const genomeAnalysis: Case = {
  proposed: {
    type: 'ProjectProposed',
    data: {
      projectId: GENOME,
      title: 'Genome analysis across institutions by secure computation',
      agreementIds: [OSAKA_AGREEMENT],
      leadPartnerIds: ['p-osaka-u'],
      technologyAreas: ['secure-computation', 'genomics'],
      budget: { amount: 30_000_000, currency: 'JPY' },
      team: [{ memberRef: 'e-30877', role: 'project_lead', organisation: 'company' }],
      proposedOn: '2026-10-01',
    },
  },
  agreements: { [OSAKA_AGREEMENT]: 'pending' },
  agreementParties: ['p-osaka-u'],
};

// The TG4050 individualised cancer vaccine with Transgene: AI-selected neoantigens, trials in euros.
export const TRANSGENE_AGREEMENT = 'a-transgene-tg4050';
export const TG4050 = 'pj-tg4050-trials';
export const tg4050: Case = {
  proposed: {
    type: 'ProjectProposed',
    data: {
      projectId: TG4050,
      title: 'TG4050 phase I trials: ovarian and head-and-neck cancers',
      agreementIds: [TRANSGENE_AGREEMENT],
      leadPartnerIds: ['p-transgene'],
      technologyAreas: ['ai', 'neoantigen-prediction'],
      budget: { amount: 2_500_000, currency: 'EUR' },
      team: [
        { memberRef: 'e-40021', role: 'project_lead', organisation: 'company' },
        { memberRef: 'ps-transgene-0003', role: 'advisor', organisation: 'partner' },
      ],
      proposedOn: '2019-07-01',
    },
  },
  agreements: { [TRANSGENE_AGREEMENT]: 'valid' },
  agreementParties: ['p-transgene'],
};

/** The day the commands are decided on: every business date in these tests is before it. */
export const TODAY = '2026-06-01';
/** The day a review is dated when a test does not say. */
export const DECIDED = '2020-03-30';

export const GATEKEEPERS = ['u-gk-yamada', 'u-gk-ito', 'u-gk-mori'];
export const CRITERIA = { strategicFit: 4, technicalFeasibility: 3, marketAttractiveness: 4, partnerCommitment: 5 };

/** The command that proposes a case, as the handler builds it (the checks may be overridden). */
export const propose = (
  { proposed, agreements, agreementParties }: Case,
  overrides: Partial<Extract<ProjectCommand, { type: 'ProposeProject' }>> = {},
): ProjectCommand => {
  const { proposedOn, ...data } = proposed.data;
  return { type: 'ProposeProject', ...data, today: proposedOn, agreements, agreementParties, ...overrides };
};

/** A review decided on `today` (by default the decision's own date), dated `decidedOn` if given. */
export const review = (
  decision: GateDecision,
  {
    notes = null,
    today = DECIDED,
    criteria = CRITERIA,
    decidedOn,
  }: { notes?: string | null; today?: IsoDate; criteria?: Record<string, number>; decidedOn?: IsoDate } = {},
): ProjectCommand => ({
  type: 'RecordGateDecision',
  decision,
  gatekeepers: GATEKEEPERS,
  criteria,
  notes,
  today,
  ...(decidedOn ? { decidedOn } : {}),
});

export const gateRecorded = (
  projectId: string,
  stage: Stage,
  decision: GateDecision,
  {
    notes = null,
    today = DECIDED,
    criteria = CRITERIA,
  }: { notes?: string | null; today?: IsoDate; criteria?: Record<string, number> } = {},
): ProjectEvent => {
  const next = STAGES[STAGES.indexOf(stage) + 1] ?? 'close';
  return {
    type: 'GateDecisionRecorded',
    data: {
      projectId,
      gate: `${stage}→${next}`,
      stage,
      decision,
      gatekeepers: GATEKEEPERS,
      criteria,
      notes,
      decidedOn: today,
    },
  };
};
export const advanced = (projectId: string, from: Stage, to: Stage, advancedOn: IsoDate = DECIDED): ProjectEvent => ({
  type: 'ProjectStageAdvanced',
  data: { projectId, from, to, advancedOn },
});
/** Put on hold: at a gate, on its day; without a date, by a reaction to an agreement ending. */
export const heldEvent = (projectId: string, reason: string, heldOn?: IsoDate): ProjectEvent => ({
  type: 'ProjectPutOnHold',
  data: { projectId, reason, ...(heldOn ? { heldOn } : {}) },
});
export const resumed = (projectId: string, resumedOn: IsoDate = TODAY): ProjectEvent => ({
  type: 'ProjectResumed',
  data: { projectId, resumedOn },
});
export const killed = (projectId: string, reason: string, killedOn: IsoDate = DECIDED): ProjectEvent => ({
  type: 'ProjectKilled',
  data: { projectId, reason, killedOn },
});
export const completed = (projectId: string, completedOn: IsoDate = DECIDED): ProjectEvent => ({
  type: 'ProjectCompleted',
  data: { projectId, completedOn },
});
export const planned = (projectId: string, milestoneId: string, name: string, plannedDate: IsoDate): ProjectEvent => ({
  type: 'MilestonePlanned',
  data: { projectId, milestoneId, name, plannedDate },
});
export const milestoneDone = (
  projectId: string,
  milestoneId: string,
  actualDate: IsoDate,
  evidence: string | null = null,
): ProjectEvent => ({ type: 'MilestoneCompleted', data: { projectId, milestoneId, actualDate, evidence } });
export const flagged = (
  projectId: string,
  agreementId: string,
  reason: 'agreement_terminated' | 'agreement_expired' = 'agreement_terminated',
): ProjectEvent => ({ type: 'ProjectFlagged', data: { projectId, agreementId, reason } });
export const onHoldSince = (projectId: string, agreementId: string): ProjectEvent =>
  heldEvent(projectId, `no valid agreement covers the project since ${agreementId} ended`);

/** An outcome command; the fields a kind does not use are null, and the partners default to the leads. */
export const outcome = (
  outcomeId: string,
  kind: OutcomeKind,
  title: string,
  occurredOn: IsoDate,
  extra: Partial<RecordOutcome> = {},
): RecordOutcome => ({
  type: 'RecordOutcome',
  outcomeId,
  kind,
  title,
  occurredOn,
  partnerIds: [],
  patent: null,
  relatesTo: null,
  spinOutCompany: null,
  today: TODAY,
  ...extra,
});
/** The event an outcome command records, given the project's lead partners and the patent it ends with. */
export const outcomeRecorded = (projectId: string, command: RecordOutcome, leads: string[]): Outcome => ({
  type: 'OutcomeRecorded',
  data: {
    projectId,
    outcomeId: command.outcomeId,
    kind: command.kind,
    title: command.title,
    occurredOn: command.occurredOn,
    partnerIds: command.partnerIds.length > 0 ? command.partnerIds : leads,
    patent: command.patent,
    relatesTo: command.relatesTo,
    spinOutCompany: command.spinOutCompany,
  },
});

/** The events that take a case from its proposal to `stage` by a GO at each gate on the way. */
export function historyAt({ proposed }: Case, stage: Stage): ProjectEvent[] {
  const { projectId } = proposed.data;
  const history: ProjectEvent[] = [proposed];
  for (let i = 0; i < STAGES.indexOf(stage); i++) {
    history.push(gateRecorded(projectId, STAGES[i], 'go'), advanced(projectId, STAGES[i], STAGES[i + 1]));
  }
  return history;
}
/** A case closed each way it can close: completed at the last gate, killed, spun out. */
export function closedHistories(c: Case): [string, ProjectEvent[]][] {
  const { projectId } = c.proposed.data;
  return [
    ['completed', [...historyAt(c, 'launch'), gateRecorded(projectId, 'launch', 'go'), completed(projectId)]],
    ['killed', [...historyAt(c, 'ideate'), gateRecorded(projectId, 'ideate', 'kill'), killed(projectId, 'no market')]],
    [
      'spun out',
      [
        ...historyAt(c, 'develop'),
        outcomeRecorded(
          projectId,
          outcome('o-spin', 'spin_out', 'A spin-out', '2020-04-01', { spinOutCompany: 'NewCo K.K.' }),
          c.proposed.data.leadPartnerIds,
        ),
        {
          type: 'ProjectSpunOut',
          data: { projectId, outcomeId: 'o-spin', company: 'NewCo K.K.', spunOutOn: '2020-04-01' },
        },
      ],
    ],
  ];
}

export const project = () => given(projectDecider);
export const decide = (history: ProjectEvent[], command: ProjectCommand) =>
  decideProject(command, fold(projectDecider, history));
export const stateOf = (history: ProjectEvent[]): ProjectState => fold(projectDecider, history);
/** The error a command is refused with, for the assertions `thenThrows` does not make (details, message). */
export function refusal(history: ProjectEvent[], command: ProjectCommand): unknown {
  try {
    decide(history, command);
  } catch (error) {
    return error;
  }
  throw new Error(`${command.type} was not refused`);
}

export const refusedWith = (history: ProjectEvent[], command: ProjectCommand, code: string, details: object) => {
  project().given(history).when(command).thenThrows(BusinessRuleError, code);
  expect(refusal(history, command)).toMatchObject({ details });
};
// Proposed 2017-05-15; GO at generate on 2018-01-20.
export const ideating = [
  brainMorphic.proposed,
  gateRecorded(BRAIN, 'generate', 'go', { today: '2018-01-20' }),
  advanced(BRAIN, 'generate', 'ideate', '2018-01-20'),
];
