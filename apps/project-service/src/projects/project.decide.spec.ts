import { BusinessRuleError, NotFoundError, ValidationError, fold } from '@accord/event-store';
import { given } from '@accord/event-store/testing';
import {
  STAGES,
  type GateDecision,
  type IsoDate,
  type OutcomeKind,
  type Patent,
  type ProjectEvent,
  type ProjectState,
  type Stage,
} from './project';
import {
  MAX_TOTAL,
  decideProject,
  projectDecider,
  type AgreementCheck,
  type PastGateDecision,
  type ProjectCommand,
} from './project.decide';

type Proposed = Extract<ProjectEvent, { type: 'ProjectProposed' }>;
type Outcome = Extract<ProjectEvent, { type: 'OutcomeRecorded' }>;
type RecordOutcome = Extract<ProjectCommand, { type: 'RecordOutcome' }>;

/** A proposed project, with what the handler knows of its agreements and their parties when it is proposed. */
interface Case {
  proposed: Proposed;
  agreements: AgreementCheck;
  agreementParties: string[];
}

// Brain-morphic AI research with the University of Tokyo: under the comprehensive alliance and the joint
// research agreement that falls under it.
const UTOKYO_ALLIANCE = 'a-utokyo-alliance';
const UTOKYO_RESEARCH = 'a-utokyo-brain-morphic';
const BRAIN = 'pj-brain-morphic-ai';
const brainMorphic: Case = {
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
const NICT_AGREEMENT = 'a-nict-quantum-biometrics';
const QKD = 'pj-qkd-biometric-storage';
const qkdStorage: Case = {
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
const OSAKA_AGREEMENT = 'a-osaka-genome';
const GENOME = 'pj-genome-secure-computation';
const genomeAnalysis: Case = {
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
const TRANSGENE_AGREEMENT = 'a-transgene-tg4050';
const TG4050 = 'pj-tg4050-trials';
const tg4050: Case = {
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
const TODAY = '2026-06-01';
/** The day a review is dated when a test does not say. */
const DECIDED = '2020-03-30';

const GATEKEEPERS = ['u-gk-yamada', 'u-gk-ito', 'u-gk-mori'];
const CRITERIA = { strategicFit: 4, technicalFeasibility: 3, marketAttractiveness: 4, partnerCommitment: 5 };

/** The command that proposes a case, as the handler builds it (the checks may be overridden). */
const propose = (
  { proposed, agreements, agreementParties }: Case,
  overrides: Partial<Extract<ProjectCommand, { type: 'ProposeProject' }>> = {},
): ProjectCommand => {
  const { proposedOn, ...data } = proposed.data;
  return { type: 'ProposeProject', ...data, today: proposedOn, agreements, agreementParties, ...overrides };
};

/** A review decided on `today` (by default the decision's own date), dated `decidedOn` if given. */
const review = (
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

const gateRecorded = (
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
const advanced = (projectId: string, from: Stage, to: Stage, advancedOn: IsoDate = DECIDED): ProjectEvent => ({
  type: 'ProjectStageAdvanced',
  data: { projectId, from, to, advancedOn },
});
/** Put on hold: at a gate, on its day; without a date, by a reaction to an agreement ending. */
const heldEvent = (projectId: string, reason: string, heldOn?: IsoDate): ProjectEvent => ({
  type: 'ProjectPutOnHold',
  data: { projectId, reason, ...(heldOn ? { heldOn } : {}) },
});
const resumed = (projectId: string, resumedOn: IsoDate = TODAY): ProjectEvent => ({
  type: 'ProjectResumed',
  data: { projectId, resumedOn },
});
const killed = (projectId: string, reason: string, killedOn: IsoDate = DECIDED): ProjectEvent => ({
  type: 'ProjectKilled',
  data: { projectId, reason, killedOn },
});
const completed = (projectId: string, completedOn: IsoDate = DECIDED): ProjectEvent => ({
  type: 'ProjectCompleted',
  data: { projectId, completedOn },
});
const planned = (projectId: string, milestoneId: string, name: string, plannedDate: IsoDate): ProjectEvent => ({
  type: 'MilestonePlanned',
  data: { projectId, milestoneId, name, plannedDate },
});
const milestoneDone = (
  projectId: string,
  milestoneId: string,
  actualDate: IsoDate,
  evidence: string | null = null,
): ProjectEvent => ({ type: 'MilestoneCompleted', data: { projectId, milestoneId, actualDate, evidence } });
const flagged = (
  projectId: string,
  agreementId: string,
  reason: 'agreement_terminated' | 'agreement_expired' = 'agreement_terminated',
): ProjectEvent => ({ type: 'ProjectFlagged', data: { projectId, agreementId, reason } });
const onHoldSince = (projectId: string, agreementId: string): ProjectEvent =>
  heldEvent(projectId, `no valid agreement covers the project since ${agreementId} ended`);

/** An outcome command; the fields a kind does not use are null, and the partners default to the leads. */
const outcome = (
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
const outcomeRecorded = (projectId: string, command: RecordOutcome, leads: string[]): Outcome => ({
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
function historyAt({ proposed }: Case, stage: Stage): ProjectEvent[] {
  const { projectId } = proposed.data;
  const history: ProjectEvent[] = [proposed];
  for (let i = 0; i < STAGES.indexOf(stage); i++) {
    history.push(gateRecorded(projectId, STAGES[i], 'go'), advanced(projectId, STAGES[i], STAGES[i + 1]));
  }
  return history;
}
/** A case closed each way it can close: completed at the last gate, killed, spun out. */
function closedHistories(c: Case): [string, ProjectEvent[]][] {
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

const project = () => given(projectDecider);
const decide = (history: ProjectEvent[], command: ProjectCommand) =>
  decideProject(command, fold(projectDecider, history));
const stateOf = (history: ProjectEvent[]): ProjectState => fold(projectDecider, history);
/** The error a command is refused with, for the assertions `thenThrows` does not make (details, message). */
function refusal(history: ProjectEvent[], command: ProjectCommand): unknown {
  try {
    decide(history, command);
  } catch (error) {
    return error;
  }
  throw new Error(`${command.type} was not refused`);
}

describe('proposing a project', () => {
  it('records the project, its agreements, leads, areas, budget and team, on the day it is proposed', () => {
    project().given([]).when(propose(brainMorphic)).then([brainMorphic.proposed]);
  });

  it('starts it in the generate stage, active, with its budget and nothing spent', () => {
    expect(stateOf([brainMorphic.proposed])).toEqual({
      exists: true,
      projectId: BRAIN,
      agreementIds: [UTOKYO_ALLIANCE, UTOKYO_RESEARCH],
      leadPartnerIds: ['p-utokyo'],
      proposedOn: '2017-05-15',
      lastDecidedOn: null,
      stage: 'generate',
      status: 'active',
      currency: 'JPY',
      budget: 60_000_000,
      spent: 0,
      milestones: {},
      outcomes: {},
      flaggedAgreements: [],
    });
  });

  it('records the budget currency in upper case', () => {
    project()
      .given([])
      .when(propose(tg4050, { budget: { amount: 2_500_000, currency: 'eur' } }))
      .then([tg4050.proposed]);
    expect(stateOf(decide([], propose(tg4050, { budget: { amount: 2_500_000, currency: 'Eur' } })))).toMatchObject({
      currency: 'EUR',
    });
  });

  it('refuses an agreement not yet signed, naming it and its state', () => {
    project().given([]).when(propose(genomeAnalysis)).thenThrows(BusinessRuleError, 'agreement_not_valid');
    expect(refusal([], propose(genomeAnalysis))).toMatchObject({
      code: 'agreement_not_valid',
      details: { agreements: { [OSAKA_AGREEMENT]: 'pending' } },
      message: expect.stringContaining(`${OSAKA_AGREEMENT} (pending)`),
    });
  });

  it('refuses an agreement that has ended', () => {
    const command = propose(qkdStorage, { agreements: { [NICT_AGREEMENT]: 'ended' } });
    project().given([]).when(command).thenThrows(BusinessRuleError, 'agreement_not_valid');
    expect(refusal([], command)).toMatchObject({ details: { agreements: { [NICT_AGREEMENT]: 'ended' } } });
  });

  it('refuses an unknown agreement, whether the local copy says so or has never heard of it', () => {
    const command = propose(brainMorphic, { agreements: { [UTOKYO_ALLIANCE]: 'unknown' } });
    project().given([]).when(command).thenThrows(BusinessRuleError, 'agreement_not_valid');
    expect(refusal([], command)).toMatchObject({
      details: { agreements: { [UTOKYO_ALLIANCE]: 'unknown', [UTOKYO_RESEARCH]: 'unknown' } },
      message: expect.stringContaining(`${UTOKYO_ALLIANCE} (unknown), ${UTOKYO_RESEARCH} (unknown)`),
    });
  });

  it('names every agreement that is not valid, and only those', () => {
    const command = propose(brainMorphic, {
      agreementIds: [UTOKYO_ALLIANCE, UTOKYO_RESEARCH, OSAKA_AGREEMENT, 'a-nowhere'],
      agreements: { [UTOKYO_ALLIANCE]: 'valid', [UTOKYO_RESEARCH]: 'ended', [OSAKA_AGREEMENT]: 'pending' },
    });
    const error = refusal([], command) as BusinessRuleError;
    expect(error).toBeInstanceOf(BusinessRuleError);
    expect(error.code).toBe('agreement_not_valid');
    expect(error.details).toEqual({
      agreements: { [UTOKYO_RESEARCH]: 'ended', [OSAKA_AGREEMENT]: 'pending', 'a-nowhere': 'unknown' },
    });
    expect(error.message).not.toContain(UTOKYO_ALLIANCE);
  });

  it('refuses lead partners that are not a party to any of its agreements, naming them', () => {
    const command = propose(brainMorphic, { leadPartnerIds: ['p-utokyo', 'p-nict', 'p-osaka-u'] });
    project().given([]).when(command).thenThrows(BusinessRuleError, 'lead_not_a_party');
    expect(refusal([], command)).toMatchObject({
      code: 'lead_not_a_party',
      details: { partnerIds: ['p-nict', 'p-osaka-u'] },
      message: expect.stringContaining('p-nict, p-osaka-u'),
    });
  });

  it('accepts lead partners that are each a party to one of its agreements', () => {
    const command = propose(qkdStorage, {
      agreementIds: [NICT_AGREEMENT, UTOKYO_ALLIANCE],
      leadPartnerIds: ['p-nict', 'p-utokyo'],
      agreements: { [NICT_AGREEMENT]: 'valid', [UTOKYO_ALLIANCE]: 'valid' },
      agreementParties: ['p-nict', 'p-utokyo'],
    });
    expect(decide([], command)).toEqual([
      {
        ...qkdStorage.proposed,
        data: {
          ...qkdStorage.proposed.data,
          agreementIds: [NICT_AGREEMENT, UTOKYO_ALLIANCE],
          leadPartnerIds: ['p-nict', 'p-utokyo'],
        },
      },
    ]);
  });

  it('checks the agreements before the lead partners', () => {
    project()
      .given([])
      .when(propose(genomeAnalysis, { leadPartnerIds: ['p-transgene'] }))
      .thenThrows(BusinessRuleError, 'agreement_not_valid');
  });

  it('refuses to propose the same id twice', () => {
    project()
      .given([brainMorphic.proposed])
      .when(propose(brainMorphic))
      .thenThrows(BusinessRuleError, 'project_exists');
    // Whatever else is wrong with the second proposal.
    project()
      .given([brainMorphic.proposed])
      .when(propose(brainMorphic, { agreements: {} }))
      .thenThrows(BusinessRuleError, 'project_exists');
  });
});

describe('gate reviews', () => {
  it('GO at the generate gate records the decision and advances the project to ideate', () => {
    project()
      .given([brainMorphic.proposed])
      .when(review('go', { notes: 'Strong fit with the alliance themes', today: '2017-09-29' }))
      .then([
        {
          type: 'GateDecisionRecorded',
          data: {
            projectId: BRAIN,
            gate: 'generate→ideate',
            stage: 'generate',
            decision: 'go',
            gatekeepers: GATEKEEPERS,
            criteria: CRITERIA,
            notes: 'Strong fit with the alliance themes',
            decidedOn: '2017-09-29',
          },
        },
        advanced(BRAIN, 'generate', 'ideate', '2017-09-29'),
      ]);
  });

  it.each([
    ['ideate', 'develop'],
    ['develop', 'launch'],
  ] as const)('GO at the %s gate advances the project to %s', (from, to) => {
    project()
      .given(historyAt(brainMorphic, from))
      .when(review('go'))
      .then([gateRecorded(BRAIN, from, 'go'), advanced(BRAIN, from, to)]);
    expect(
      stateOf([...historyAt(brainMorphic, from), ...decide(historyAt(brainMorphic, from), review('go'))]),
    ).toMatchObject({
      stage: to,
      status: 'active',
    });
  });

  it('GO at the launch gate completes the project, in the launch stage', () => {
    const history = historyAt(tg4050, 'launch');
    project()
      .given(history)
      .when(review('go', { notes: 'Trials reported' }))
      .then([gateRecorded(TG4050, 'launch', 'go', { notes: 'Trials reported' }), completed(TG4050)]);
    expect(decide(history, review('go'))[0]).toMatchObject({ data: { gate: 'launch→close' } });
    expect(stateOf([...history, ...decide(history, review('go'))])).toMatchObject({
      stage: 'launch',
      status: 'completed',
    });
  });

  it('KILL closes the project, for the reason in the notes', () => {
    const history = historyAt(qkdStorage, 'develop');
    project()
      .given(history)
      .when(review('kill', { notes: 'Key rates too low over deployed fibre' }))
      .then([
        gateRecorded(QKD, 'develop', 'kill', { notes: 'Key rates too low over deployed fibre' }),
        killed(QKD, 'Key rates too low over deployed fibre'),
      ]);
    expect(stateOf([...history, ...decide(history, review('kill'))])).toMatchObject({
      stage: 'develop',
      status: 'killed',
    });
  });

  it('KILL without notes gives a default reason naming the gate', () => {
    project()
      .given(historyAt(qkdStorage, 'develop'))
      .when(review('kill'))
      .then([gateRecorded(QKD, 'develop', 'kill'), killed(QKD, 'killed at the develop gate')]);
  });

  it('HOLD puts the project on hold, for the reason in the notes or a default one', () => {
    const history = historyAt(brainMorphic, 'ideate');
    project()
      .given(history)
      .when(review('hold', { notes: 'Waiting for the new neuromorphic chip' }))
      .then([
        gateRecorded(BRAIN, 'ideate', 'hold', { notes: 'Waiting for the new neuromorphic chip' }),
        heldEvent(BRAIN, 'Waiting for the new neuromorphic chip', DECIDED),
      ]);
    project()
      .given(history)
      .when(review('hold'))
      .then([gateRecorded(BRAIN, 'ideate', 'hold'), heldEvent(BRAIN, 'held at the ideate gate', DECIDED)]);
    expect(stateOf([...history, ...decide(history, review('hold'))])).toMatchObject({
      stage: 'ideate',
      status: 'on_hold',
    });
  });

  it('RECYCLE records only the decision: the project stays in its stage, to be reviewed again', () => {
    const history = historyAt(brainMorphic, 'ideate');
    project()
      .given(history)
      .when(review('recycle', { notes: 'Rework the evaluation plan' }))
      .then([gateRecorded(BRAIN, 'ideate', 'recycle', { notes: 'Rework the evaluation plan' })]);
    const recycled = [...history, ...decide(history, review('recycle'))];
    expect(stateOf(recycled)).toEqual(stateOf(history));
    project()
      .given(recycled)
      .when(review('go'))
      .then([gateRecorded(BRAIN, 'ideate', 'go'), advanced(BRAIN, 'ideate', 'develop')]);
  });

  it('RECYCLE at the launch gate does not complete the project', () => {
    project()
      .given(historyAt(tg4050, 'launch'))
      .when(review('recycle'))
      .then([gateRecorded(TG4050, 'launch', 'recycle')]);
  });

  it('accepts scores of 1 and 5, the ends of the scale', () => {
    const criteria = { strategicFit: 1, technicalFeasibility: 5 };
    project()
      .given([brainMorphic.proposed])
      .when(review('go', { criteria }))
      .then([gateRecorded(BRAIN, 'generate', 'go', { criteria }), advanced(BRAIN, 'generate', 'ideate')]);
  });

  it('refuses scores outside 1 to 5 or not whole, naming each criterion', () => {
    const criteria = {
      strategicFit: 4,
      technicalFeasibility: 0,
      marketAttractiveness: 6,
      partnerCommitment: 3.5,
      regulatoryRisk: -1,
      timeToMarket: Number.NaN,
    };
    project()
      .given([brainMorphic.proposed])
      .when(review('go', { criteria }))
      .thenThrows(ValidationError, 'criteria_out_of_range');
    const error = refusal([brainMorphic.proposed], review('go', { criteria })) as ValidationError;
    expect(error.errors.map(({ field }) => field)).toEqual([
      'criteria.technicalFeasibility',
      'criteria.marketAttractiveness',
      'criteria.partnerCommitment',
      'criteria.regulatoryRisk',
      'criteria.timeToMarket',
    ]);
  });

  it.each(['go', 'kill', 'recycle'] as const)('refuses a scored %s as much as any other decision', (decision) => {
    project()
      .given(historyAt(tg4050, 'develop'))
      .when(review(decision, { criteria: { strategicFit: 7 } }))
      .thenThrows(ValidationError, 'criteria_out_of_range');
  });

  it.each(['go', 'kill', 'hold', 'recycle'] as const)('refuses %s while the project is on hold', (decision) => {
    const history = [
      ...historyAt(brainMorphic, 'ideate'),
      gateRecorded(BRAIN, 'ideate', 'hold'),
      heldEvent(BRAIN, 'x'),
    ];
    project().given(history).when(review(decision)).thenThrows(BusinessRuleError, 'project_on_hold');
  });

  it('refuses a review of a project held since its agreement ended', () => {
    project()
      .given([qkdStorage.proposed, flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT)])
      .when(review('go'))
      .thenThrows(BusinessRuleError, 'project_on_hold');
  });

  describe.each(closedHistories(tg4050))('refuses every decision once the project is %s', (status, history) => {
    it.each(['go', 'kill', 'hold', 'recycle'] as const)('%s', (decision) => {
      project().given(history).when(review(decision)).thenThrows(BusinessRuleError, 'project_closed');
      expect(refusal(history, review(decision))).toMatchObject({ message: expect.stringContaining(status) });
    });
  });

  it('is refused for an unknown project', () => {
    project().given([]).when(review('go')).thenThrows(NotFoundError, 'project_not_found');
  });
});

describe('resuming a project', () => {
  const heldAtGate = [
    ...historyAt(brainMorphic, 'develop'),
    gateRecorded(BRAIN, 'develop', 'hold'),
    heldEvent(BRAIN, 'x'),
  ];

  it('resumes a project on hold when its agreements are valid, in the stage it was held in', () => {
    project()
      .given(heldAtGate)
      .when({ type: 'ResumeProject', today: TODAY, agreements: brainMorphic.agreements })
      .then([resumed(BRAIN)]);
    const after = [...heldAtGate, resumed(BRAIN)];
    expect(stateOf(after)).toMatchObject({ stage: 'develop', status: 'active' });
    project()
      .given(after)
      .when(review('go'))
      .then([gateRecorded(BRAIN, 'develop', 'go'), advanced(BRAIN, 'develop', 'launch')]);
  });

  it('needs only one of its agreements to be valid', () => {
    project()
      .given(heldAtGate)
      .when({
        type: 'ResumeProject',
        today: TODAY,
        agreements: { [UTOKYO_ALLIANCE]: 'ended', [UTOKYO_RESEARCH]: 'valid' },
      })
      .then([resumed(BRAIN)]);
    project()
      .given(heldAtGate)
      .when({ type: 'ResumeProject', today: TODAY, agreements: { [UTOKYO_ALLIANCE]: 'valid' } })
      .then([resumed(BRAIN)]);
  });

  it('resumes a project held since its agreement ended, once an agreement covers it again', () => {
    const history = [
      qkdStorage.proposed,
      flagged(QKD, NICT_AGREEMENT, 'agreement_expired'),
      onHoldSince(QKD, NICT_AGREEMENT),
    ];
    // The local copy of the agreement was wrong, or it was renewed after all.
    project()
      .given(history)
      .when({ type: 'ResumeProject', today: TODAY, agreements: { [NICT_AGREEMENT]: 'valid' } })
      .then([resumed(QKD)]);
  });

  it('refuses when none of its agreements is valid', () => {
    const checks: AgreementCheck[] = [
      { [UTOKYO_ALLIANCE]: 'ended', [UTOKYO_RESEARCH]: 'ended' },
      { [UTOKYO_ALLIANCE]: 'pending', [UTOKYO_RESEARCH]: 'unknown' },
      {},
    ];
    for (const agreements of checks) {
      project()
        .given(heldAtGate)
        .when({ type: 'ResumeProject', today: TODAY, agreements })
        .thenThrows(BusinessRuleError, 'no_valid_agreement');
    }
  });

  it('records nothing for an active project', () => {
    project()
      .given(historyAt(brainMorphic, 'develop'))
      .when({ type: 'ResumeProject', today: TODAY, agreements: brainMorphic.agreements })
      .thenNothing();
    project()
      .given([...heldAtGate, resumed(BRAIN)])
      .when({ type: 'ResumeProject', today: TODAY, agreements: brainMorphic.agreements })
      .thenNothing();
  });

  it.each(closedHistories(brainMorphic))('is refused once the project is %s', (_status, history) => {
    project()
      .given(history)
      .when({ type: 'ResumeProject', today: TODAY, agreements: brainMorphic.agreements })
      .thenThrows(BusinessRuleError, 'project_closed');
  });

  it('is refused for an unknown project', () => {
    project()
      .given([])
      .when({ type: 'ResumeProject', today: TODAY, agreements: brainMorphic.agreements })
      .thenThrows(NotFoundError, 'project_not_found');
  });
});

describe('checking its agreements again after a resumption (an agreement may have ended meanwhile)', () => {
  const recheck = (agreements: AgreementCheck): ProjectCommand => ({ type: 'RecheckAgreements', agreements });
  const resumedAfterHold = [...historyAt(brainMorphic, 'develop'), heldEvent(BRAIN, 'x'), resumed(BRAIN)];

  it('puts the project back on hold when none of its agreements is valid, naming each', () => {
    project()
      .given(resumedAfterHold)
      .when(recheck({ [UTOKYO_ALLIANCE]: 'ended' }))
      .then([
        heldEvent(
          BRAIN,
          `no valid agreement covers the project: ${UTOKYO_ALLIANCE} (ended), ${UTOKYO_RESEARCH} (unknown)`,
        ),
      ]);
  });

  it('changes nothing while one agreement is still valid', () => {
    project()
      .given(resumedAfterHold)
      .when(recheck({ [UTOKYO_ALLIANCE]: 'ended', [UTOKYO_RESEARCH]: 'valid' }))
      .thenNothing();
  });

  it('changes nothing for a project that is not active (already back on hold, or closed)', () => {
    project()
      .given([...resumedAfterHold, heldEvent(BRAIN, 'y')])
      .when(recheck({}))
      .thenNothing();
    for (const [, history] of closedHistories(brainMorphic)) {
      project().given(history).when(recheck({})).thenNothing();
    }
  });
});

describe('milestones', () => {
  const plan = (milestoneId: string, name: string, plannedDate: IsoDate): ProjectCommand => ({
    type: 'PlanMilestone',
    milestoneId,
    name,
    plannedDate,
  });
  const complete = (milestoneId: string, actualDate: IsoDate, evidence: string | null = null): ProjectCommand => ({
    type: 'CompleteMilestone',
    milestoneId,
    actualDate,
    evidence,
    today: TODAY,
  });
  const firstPatient = planned(TG4050, 'm-first-patient', 'First patient dosed', '2020-01-31');

  it('plans a milestone, not yet completed', () => {
    project()
      .given([tg4050.proposed])
      .when(plan('m-first-patient', 'First patient dosed', '2020-01-31'))
      .then([firstPatient]);
    expect(stateOf([tg4050.proposed, firstPatient])).toMatchObject({
      milestones: { 'm-first-patient': { completed: false } },
    });
  });

  it('may plan a milestone while the project is on hold', () => {
    project()
      .given([...historyAt(tg4050, 'ideate'), gateRecorded(TG4050, 'ideate', 'hold'), heldEvent(TG4050, 'x')])
      .when(plan('m-first-patient', 'First patient dosed', '2020-01-31'))
      .then([firstPatient]);
  });

  it('refuses to plan the same milestone id twice, completed or not', () => {
    project()
      .given([tg4050.proposed, firstPatient])
      .when(plan('m-first-patient', 'Another name', '2020-03-31'))
      .thenThrows(BusinessRuleError, 'milestone_exists');
    project()
      .given([tg4050.proposed, firstPatient, milestoneDone(TG4050, 'm-first-patient', '2020-02-12')])
      .when(plan('m-first-patient', 'First patient dosed', '2020-01-31'))
      .thenThrows(BusinessRuleError, 'milestone_exists');
  });

  it.each(closedHistories(tg4050))('refuses to plan a milestone once the project is %s', (_status, history) => {
    project()
      .given(history)
      .when(plan('m-late', 'Too late', '2030-01-01'))
      .thenThrows(BusinessRuleError, 'project_closed');
  });

  it('completes a planned milestone, with its evidence or none', () => {
    project()
      .given([tg4050.proposed, firstPatient])
      .when(complete('m-first-patient', '2020-02-12', 'https://clinicaltrials.gov/study/NCT03839524'))
      .then([milestoneDone(TG4050, 'm-first-patient', '2020-02-12', 'https://clinicaltrials.gov/study/NCT03839524')]);
    project()
      .given([tg4050.proposed, firstPatient])
      .when(complete('m-first-patient', '2020-02-12'))
      .then([milestoneDone(TG4050, 'm-first-patient', '2020-02-12', null)]);
    expect(
      stateOf([tg4050.proposed, firstPatient, milestoneDone(TG4050, 'm-first-patient', '2020-02-12')]),
    ).toMatchObject({
      milestones: { 'm-first-patient': { completed: true } },
    });
  });

  it('records nothing when a milestone is completed again', () => {
    project()
      .given([tg4050.proposed, firstPatient, milestoneDone(TG4050, 'm-first-patient', '2020-02-12')])
      .when(complete('m-first-patient', '2020-02-14', 'a second report'))
      .thenNothing();
  });

  it('refuses to complete a milestone that was never planned', () => {
    project()
      .given([tg4050.proposed, firstPatient])
      .when(complete('m-phase-ii', '2022-06-30'))
      .thenThrows(NotFoundError, 'milestone_not_found');
  });

  it('may complete a milestone after the project closed (evidence that comes late)', () => {
    const [[, history]] = closedHistories(tg4050);
    project()
      .given([...history, planned(TG4050, 'm-report', 'Final report', '2024-12-31')])
      .when(complete('m-report', '2025-01-20'))
      .then([milestoneDone(TG4050, 'm-report', '2025-01-20')]);
  });

  it('is refused for an unknown project', () => {
    project()
      .given([])
      .when(plan('m-1', 'x', '2020-01-01'))
      .thenThrows(NotFoundError, 'project_not_found');
    project().given([]).when(complete('m-1', '2020-01-01')).thenThrows(NotFoundError, 'project_not_found');
  });
});

describe('budget and spend', () => {
  const commit = (amount: number, currency = 'JPY', committedOn?: IsoDate): ProjectCommand => ({
    type: 'CommitBudget',
    amount,
    currency,
    today: TODAY,
    ...(committedOn ? { committedOn } : {}),
  });
  const spend = (amount: number, description: string, spentOn: IsoDate, currency = 'JPY'): ProjectCommand => ({
    type: 'RecordSpend',
    amount,
    currency,
    description,
    spentOn,
    today: TODAY,
  });
  const committed = (
    projectId: string,
    amount: number,
    totalBudget: number,
    currency = 'JPY',
    committedOn: IsoDate = TODAY,
  ): ProjectEvent => ({
    type: 'BudgetCommitted',
    data: { projectId, amount, currency, totalBudget, committedOn },
  });
  const spent = (
    projectId: string,
    amount: number,
    description: string,
    spentOn: IsoDate,
    totalSpent: number,
    overBudget = false,
    currency = 'JPY',
  ): ProjectEvent => ({
    type: 'SpendRecorded',
    data: { projectId, amount, currency, description, spentOn, totalSpent, overBudget },
  });

  it('adds a commitment to the total budget', () => {
    project()
      .given([brainMorphic.proposed])
      .when(commit(20_000_000))
      .then([committed(BRAIN, 20_000_000, 80_000_000)]);
    const history = [brainMorphic.proposed, committed(BRAIN, 20_000_000, 80_000_000)];
    project()
      .given(history)
      .when(commit(5_000_000))
      .then([committed(BRAIN, 5_000_000, 85_000_000)]);
    expect(stateOf(history)).toMatchObject({ budget: 80_000_000 });
  });

  it('takes the currency in any case, and records the project’s', () => {
    project()
      .given([tg4050.proposed])
      .when(commit(500_000, 'eur'))
      .then([committed(TG4050, 500_000, 3_000_000, 'EUR')]);
  });

  it('refuses a commitment in another currency', () => {
    project()
      .given([tg4050.proposed])
      .when(commit(75_000_000, 'JPY'))
      .thenThrows(BusinessRuleError, 'currency_mismatch');
    expect(refusal([tg4050.proposed], commit(75_000_000, 'JPY'))).toMatchObject({
      message: expect.stringContaining('EUR, not JPY'),
    });
  });

  it('may commit budget while the project is on hold', () => {
    project()
      .given([qkdStorage.proposed, flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT)])
      .when(commit(5_000_000))
      .then([committed(QKD, 5_000_000, 50_000_000)]);
  });

  it.each(closedHistories(brainMorphic))('refuses to commit budget once the project is %s', (_status, history) => {
    project().given(history).when(commit(1_000_000)).thenThrows(BusinessRuleError, 'project_closed');
  });

  it('accumulates what is spent', () => {
    const first = spent(BRAIN, 12_000_000, 'Neuromorphic boards', '2017-11-10', 12_000_000);
    project()
      .given([brainMorphic.proposed])
      .when(spend(12_000_000, 'Neuromorphic boards', '2017-11-10'))
      .then([first]);
    project()
      .given([brainMorphic.proposed, first])
      .when(spend(3_500_000, 'Visiting researcher, 6 months', '2018-01-15', 'jpy'))
      .then([spent(BRAIN, 3_500_000, 'Visiting researcher, 6 months', '2018-01-15', 15_500_000)]);
    expect(stateOf([brainMorphic.proposed, first])).toMatchObject({ spent: 12_000_000, budget: 60_000_000 });
  });

  it('is not over budget when it spends the budget exactly', () => {
    project()
      .given([qkdStorage.proposed, spent(QKD, 40_000_000, 'QKD link rental', '2020-03-31', 40_000_000)])
      .when(spend(5_000_000, 'Secret-sharing servers', '2020-06-30'))
      .then([spent(QKD, 5_000_000, 'Secret-sharing servers', '2020-06-30', 45_000_000, false)]);
  });

  it('records spending past the budget, flagged as over budget', () => {
    const history = [qkdStorage.proposed, spent(QKD, 40_000_000, 'QKD link rental', '2020-03-31', 40_000_000)];
    project()
      .given(history)
      .when(spend(8_000_000, 'Field trial extension', '2020-09-30'))
      .then([spent(QKD, 8_000_000, 'Field trial extension', '2020-09-30', 48_000_000, true)]);
    expect(
      stateOf([...history, ...decide(history, spend(8_000_000, 'Field trial extension', '2020-09-30'))]),
    ).toMatchObject({
      spent: 48_000_000,
      budget: 45_000_000,
    });
  });

  it('measures spending against the budget as committed since', () => {
    const history = [
      qkdStorage.proposed,
      spent(QKD, 40_000_000, 'QKD link rental', '2020-03-31', 40_000_000),
      committed(QKD, 10_000_000, 55_000_000),
    ];
    project()
      .given(history)
      .when(spend(8_000_000, 'Field trial extension', '2020-09-30'))
      .then([spent(QKD, 8_000_000, 'Field trial extension', '2020-09-30', 48_000_000, false)]);
  });

  // Amounts are summed to the cent: 120,450.10 + 30,200.20 is exactly 150,650.30, not over a budget of it.
  it('is not over budget when it spends a budget in cents exactly', () => {
    const history = [
      { ...tg4050.proposed, data: { ...tg4050.proposed.data, budget: { amount: 150_650.3, currency: 'EUR' } } },
      spent(TG4050, 120_450.1, 'Sequencing, first cohort', '2020-02-28', 120_450.1, false, 'EUR'),
    ];
    expect(decide(history, spend(30_200.2, 'Peptide synthesis', '2020-04-30', 'EUR'))).toEqual([
      spent(TG4050, 30_200.2, 'Peptide synthesis', '2020-04-30', 150_650.3, false, 'EUR'),
    ]);
  });

  it('refuses spending in another currency', () => {
    project()
      .given([tg4050.proposed])
      .when(spend(1_000_000, 'Assay kits', '2019-09-01', 'USD'))
      .thenThrows(BusinessRuleError, 'currency_mismatch');
  });

  it('refuses totals beyond what is stored exactly', () => {
    project()
      .given([tg4050.proposed])
      .when(spend(MAX_TOTAL + 1, 'A typo of a few zeros', '2019-09-01', 'EUR'))
      .thenThrows(BusinessRuleError, 'amount_too_large');
  });

  it('records spending after the project closed (invoices that come late)', () => {
    const [[, history]] = closedHistories(tg4050);
    project()
      .given(history)
      .when(spend(12_000, 'Final audit', '2025-02-15', 'EUR'))
      .then([spent(TG4050, 12_000, 'Final audit', '2025-02-15', 12_000, false, 'EUR')]);
  });

  it('is refused for an unknown project', () => {
    project().given([]).when(commit(1)).thenThrows(NotFoundError, 'project_not_found');
    project()
      .given([])
      .when(spend(1, 'x', '2020-01-01'))
      .thenThrows(NotFoundError, 'project_not_found');
  });
});

describe('outcomes', () => {
  const leads = ['p-utokyo'];
  const JP_PATENT: Patent = { jurisdiction: 'JP', applicationNumber: '2018-123456' };
  const filing = outcome('o-jp-filing', 'patent_filed', 'Spiking network trained from few examples', '2018-08-20', {
    patent: JP_PATENT,
  });
  const filed = outcomeRecorded(BRAIN, filing, leads);
  const developing = historyAt(brainMorphic, 'develop');

  it.each([
    ['invention_disclosure', 'Few-shot learning on a spiking network'],
    ['publication', 'Brain-morphic learning from few examples (NeurIPS workshop)'],
    ['proof_of_concept', 'Anomaly detection on a neuromorphic board'],
    ['product_launch', 'Brain-morphic inspection AI'],
    ['standard_contribution', 'Contribution to ISO/IEC JTC 1/SC 42'],
  ] as const)('records a %s, with no patent, filing or company', (kind, title) => {
    project()
      .given(developing)
      .when(
        outcome(`o-${kind}`, kind, title, '2019-03-01', {
          // What a kind does not use is not recorded, even when sent.
          patent: JP_PATENT,
          relatesTo: 'o-jp-filing',
          spinOutCompany: 'NewCo K.K.',
        }),
      )
      .then([outcomeRecorded(BRAIN, outcome(`o-${kind}`, kind, title, '2019-03-01'), leads)]);
    const after = [...developing, ...decide(developing, outcome(`o-${kind}`, kind, title, '2019-03-01'))];
    expect(stateOf(after)).toMatchObject({ status: 'active', outcomes: { [`o-${kind}`]: { kind, patent: null } } });
  });

  it('credits the partners named, or else the project’s lead partners', () => {
    const named = outcome('o-paper', 'publication', 'Joint paper', '2019-03-01', {
      partnerIds: ['p-utokyo', 'p-nict'],
    });
    expect(decide(developing, named)).toEqual([outcomeRecorded(BRAIN, named, leads)]);
    expect(decide(developing, named)[0]).toMatchObject({ data: { partnerIds: ['p-utokyo', 'p-nict'] } });
    expect(decide(developing, { ...named, partnerIds: [] })[0]).toMatchObject({ data: { partnerIds: ['p-utokyo'] } });
  });

  it('records a patent filing with its jurisdiction and application number', () => {
    project().given(developing).when(filing).then([filed]);
    expect(stateOf([...developing, filed])).toMatchObject({
      outcomes: { 'o-jp-filing': { kind: 'patent_filed', patent: JP_PATENT } },
    });
  });

  it('refuses a patent filing without its details', () => {
    project()
      .given(developing)
      .when({ ...filing, patent: null })
      .thenThrows(ValidationError, 'patent_details_missing');
    expect(refusal(developing, { ...filing, patent: null })).toMatchObject({ errors: [{ field: 'patent' }] });
  });

  it('records a grant of a filing of the project, with the filing’s jurisdiction and application number', () => {
    const grant = outcome('o-jp-grant', 'patent_granted', 'Spiking network trained from few examples', '2021-02-10', {
      relatesTo: 'o-jp-filing',
      // The grant's own details are not taken: the filing's are.
      patent: { jurisdiction: 'US', applicationNumber: '16/999,999' },
    });
    project()
      .given([...developing, filed])
      .when(grant)
      .then([outcomeRecorded(BRAIN, { ...grant, patent: JP_PATENT }, leads)]);
  });

  it('refuses a grant without the filing it grants', () => {
    const grant = outcome('o-jp-grant', 'patent_granted', 'Granted', '2021-02-10', { patent: JP_PATENT });
    // No filing named.
    project()
      .given([...developing, filed])
      .when(grant)
      .thenThrows(BusinessRuleError, 'grant_without_filing');
    // A filing that is not the project's.
    project()
      .given([...developing, filed])
      .when({ ...grant, relatesTo: 'o-some-other-filing' })
      .thenThrows(BusinessRuleError, 'grant_without_filing');
  });

  it('refuses to grant the same filing twice', () => {
    const grant = outcome('o-jp-grant', 'patent_granted', 'Granted', '2021-02-10', { relatesTo: 'o-jp-filing' });
    const granted = outcomeRecorded(BRAIN, { ...grant, patent: JP_PATENT }, leads);
    project()
      .given([...developing, filed, granted])
      .when({ ...grant, outcomeId: 'o-jp-grant-again' })
      .thenThrows(BusinessRuleError, 'already_granted');
  });

  it('refuses a grant that names an outcome that is not a filing', () => {
    const paper = outcomeRecorded(BRAIN, outcome('o-paper', 'publication', 'Paper', '2019-03-01'), leads);
    const grant = outcome('o-jp-grant', 'patent_granted', 'Granted', '2021-02-10', { relatesTo: 'o-paper' });
    project()
      .given([...developing, paper])
      .when(grant)
      .thenThrows(BusinessRuleError, 'grant_without_filing');
    const granted = outcomeRecorded(BRAIN, { ...grant, relatesTo: 'o-jp-filing', patent: JP_PATENT }, leads);
    project()
      .given([...developing, filed, granted])
      .when({ ...grant, outcomeId: 'o-grant-of-grant', relatesTo: 'o-jp-grant' })
      .thenThrows(BusinessRuleError, 'grant_without_filing');
  });

  it('records a grant after the project completed', () => {
    const [[, history]] = closedHistories(brainMorphic);
    const grant = outcome('o-jp-grant', 'patent_granted', 'Granted', '2023-05-10', { relatesTo: 'o-jp-filing' });
    project()
      .given([...history.slice(0, 3), filed, ...history.slice(3)])
      .when(grant)
      .then([outcomeRecorded(BRAIN, { ...grant, patent: JP_PATENT }, leads)]);
  });

  it('records a spin-out and closes the project with it', () => {
    const spinOut = outcome('o-spin', 'spin_out', 'Brain-morphic edge AI company', '2020-04-01', {
      spinOutCompany: 'Brainmorph K.K.',
      partnerIds: ['p-utokyo'],
    });
    const events = [
      outcomeRecorded(BRAIN, spinOut, leads),
      {
        type: 'ProjectSpunOut',
        data: { projectId: BRAIN, outcomeId: 'o-spin', company: 'Brainmorph K.K.', spunOutOn: '2020-04-01' },
      },
    ] satisfies ProjectEvent[];
    project().given(developing).when(spinOut).then(events);
    expect(stateOf([...developing, ...events])).toMatchObject({
      status: 'spun_out',
      outcomes: { 'o-spin': { kind: 'spin_out', patent: null } },
    });
  });

  it('refuses a spin-out that does not name its company', () => {
    const spinOut = outcome('o-spin', 'spin_out', 'Brain-morphic edge AI company', '2020-04-01');
    project().given(developing).when(spinOut).thenThrows(ValidationError, 'spin_out_company_missing');
    project()
      .given(developing)
      .when({ ...spinOut, spinOutCompany: '' })
      .thenThrows(ValidationError, 'spin_out_company_missing');
    expect(refusal(developing, spinOut)).toMatchObject({ errors: [{ field: 'spinOutCompany' }] });
  });

  it.each(closedHistories(brainMorphic))('refuses a spin-out once the project is %s', (_status, history) => {
    project()
      .given(history)
      .when(outcome('o-spin-2', 'spin_out', 'Too late', '2024-04-01', { spinOutCompany: 'Latecomer K.K.' }))
      .thenThrows(BusinessRuleError, 'project_closed');
  });

  it('refuses the same outcome id twice, whatever its kind', () => {
    project()
      .given([...developing, filed])
      .when(filing)
      .thenThrows(BusinessRuleError, 'outcome_exists');
    project()
      .given([...developing, filed])
      .when(outcome('o-jp-filing', 'publication', 'A paper', '2019-03-01'))
      .thenThrows(BusinessRuleError, 'outcome_exists');
  });

  it('is refused for an unknown project', () => {
    project().given([]).when(filing).thenThrows(NotFoundError, 'project_not_found');
  });
});

describe('flagging a project when one of its agreements ends', () => {
  const flag = (
    agreementId: string,
    agreements: AgreementCheck,
    reason: 'agreement_terminated' | 'agreement_expired' = 'agreement_terminated',
  ): ProjectCommand => ({ type: 'FlagProject', agreementId, reason, agreements });

  it('flags the project and puts it on hold when no other agreement covers it', () => {
    project()
      .given(historyAt(qkdStorage, 'develop'))
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .then([flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT)]);
    const history = [
      ...historyAt(qkdStorage, 'develop'),
      flagged(QKD, NICT_AGREEMENT),
      onHoldSince(QKD, NICT_AGREEMENT),
    ];
    expect(stateOf(history)).toMatchObject({
      status: 'on_hold',
      stage: 'develop',
      flaggedAgreements: [NICT_AGREEMENT],
    });
  });

  it('records why the agreement ended', () => {
    project()
      .given([qkdStorage.proposed])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }, 'agreement_expired'))
      .then([flagged(QKD, NICT_AGREEMENT, 'agreement_expired'), onHoldSince(QKD, NICT_AGREEMENT)]);
  });

  it('puts it on hold even when the local copy still has the ending agreement as valid', () => {
    project()
      .given([qkdStorage.proposed])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'valid' }))
      .then([flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT)]);
  });

  it('only flags the project when another valid agreement still covers it', () => {
    project()
      .given(historyAt(brainMorphic, 'ideate'))
      .when(flag(UTOKYO_RESEARCH, { [UTOKYO_ALLIANCE]: 'valid', [UTOKYO_RESEARCH]: 'ended' }, 'agreement_expired'))
      .then([flagged(BRAIN, UTOKYO_RESEARCH, 'agreement_expired')]);
  });

  it('puts it on hold when its other agreements are not valid either', () => {
    for (const other of ['ended', 'pending', 'unknown', undefined] as const) {
      const agreements: AgreementCheck = { [UTOKYO_RESEARCH]: 'ended' };
      if (other) agreements[UTOKYO_ALLIANCE] = other;
      project()
        .given([brainMorphic.proposed])
        .when(flag(UTOKYO_RESEARCH, agreements))
        .then([flagged(BRAIN, UTOKYO_RESEARCH), onHoldSince(BRAIN, UTOKYO_RESEARCH)]);
    }
  });

  it('puts it on hold when the last of its agreements ends', () => {
    const history = [brainMorphic.proposed, flagged(BRAIN, UTOKYO_RESEARCH, 'agreement_expired')];
    project()
      .given(history)
      .when(flag(UTOKYO_ALLIANCE, { [UTOKYO_ALLIANCE]: 'ended', [UTOKYO_RESEARCH]: 'ended' }))
      .then([flagged(BRAIN, UTOKYO_ALLIANCE), onHoldSince(BRAIN, UTOKYO_ALLIANCE)]);
    expect(stateOf([...history, flagged(BRAIN, UTOKYO_ALLIANCE), onHoldSince(BRAIN, UTOKYO_ALLIANCE)])).toMatchObject({
      status: 'on_hold',
      flaggedAgreements: [UTOKYO_RESEARCH, UTOKYO_ALLIANCE],
    });
  });

  it('flags a project already on hold without putting it on hold again', () => {
    project()
      .given([...historyAt(qkdStorage, 'ideate'), gateRecorded(QKD, 'ideate', 'hold'), heldEvent(QKD, 'x')])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .then([flagged(QKD, NICT_AGREEMENT)]);
  });

  it('records nothing when the same agreement is flagged again (the message came twice)', () => {
    project()
      .given([qkdStorage.proposed, flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT)])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .thenNothing();
    // Nor after the project was resumed.
    project()
      .given([qkdStorage.proposed, flagged(QKD, NICT_AGREEMENT), onHoldSince(QKD, NICT_AGREEMENT), resumed(QKD)])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .thenNothing();
    project()
      .given([brainMorphic.proposed, flagged(BRAIN, UTOKYO_RESEARCH)])
      .when(flag(UTOKYO_RESEARCH, { [UTOKYO_ALLIANCE]: 'valid', [UTOKYO_RESEARCH]: 'ended' }))
      .thenNothing();
  });

  it('records nothing for an agreement the project does not run under', () => {
    project()
      .given([qkdStorage.proposed])
      .when(flag(TRANSGENE_AGREEMENT, { [TRANSGENE_AGREEMENT]: 'ended' }))
      .thenNothing();
  });

  it.each(closedHistories(qkdStorage))('records nothing once the project is %s', (_status, history) => {
    project()
      .given(history)
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .thenNothing();
  });

  it('is refused for an unknown project', () => {
    project()
      .given([])
      .when(flag(NICT_AGREEMENT, { [NICT_AGREEMENT]: 'ended' }))
      .thenThrows(NotFoundError, 'project_not_found');
  });
});

describe('business dates (the day an act happened, recorded later)', () => {
  const refusedWith = (history: ProjectEvent[], command: ProjectCommand, code: string, details: object) => {
    project().given(history).when(command).thenThrows(BusinessRuleError, code);
    expect(refusal(history, command)).toMatchObject({ details });
  };
  // Proposed 2017-05-15; GO at generate on 2018-01-20.
  const ideating = [
    brainMorphic.proposed,
    gateRecorded(BRAIN, 'generate', 'go', { today: '2018-01-20' }),
    advanced(BRAIN, 'generate', 'ideate', '2018-01-20'),
  ];

  describe('proposing', () => {
    it('is dated proposedOn when given (a project logged after the fact), else today', () => {
      project()
        .given([])
        .when(propose(brainMorphic, { today: TODAY, proposedOn: '2017-05-15' }))
        .then([brainMorphic.proposed]);
      expect(decide([], propose(brainMorphic, { today: TODAY }))[0]).toMatchObject({ data: { proposedOn: TODAY } });
    });

    it('refuses a proposal dated after today with date_in_future', () => {
      refusedWith([], propose(brainMorphic, { today: TODAY, proposedOn: '2026-06-02' }), 'date_in_future', {
        field: 'proposedOn',
        date: '2026-06-02',
        today: TODAY,
      });
    });
  });

  describe('gate decisions', () => {
    it('dates the decision and what follows from it (advanced, held, killed, completed) by decidedOn', () => {
      project()
        .given(ideating)
        .when(review('go', { today: TODAY, decidedOn: '2019-03-01' }))
        .then([
          gateRecorded(BRAIN, 'ideate', 'go', { today: '2019-03-01' }),
          advanced(BRAIN, 'ideate', 'develop', '2019-03-01'),
        ]);
      project()
        .given(ideating)
        .when(review('hold', { today: TODAY, decidedOn: '2019-03-01' }))
        .then([
          gateRecorded(BRAIN, 'ideate', 'hold', { today: '2019-03-01' }),
          heldEvent(BRAIN, 'held at the ideate gate', '2019-03-01'),
        ]);
      project()
        .given(ideating)
        .when(review('kill', { today: TODAY, decidedOn: '2019-03-01' }))
        .then([
          gateRecorded(BRAIN, 'ideate', 'kill', { today: '2019-03-01' }),
          killed(BRAIN, 'killed at the ideate gate', '2019-03-01'),
        ]);
      project()
        .given(historyAt(tg4050, 'launch'))
        .when(review('go', { today: TODAY, decidedOn: '2024-01-15' }))
        .then([gateRecorded(TG4050, 'launch', 'go', { today: '2024-01-15' }), completed(TG4050, '2024-01-15')]);
    });

    it('is dated today when no date is given', () => {
      expect(decide(ideating, review('go', { today: TODAY }))).toEqual([
        gateRecorded(BRAIN, 'ideate', 'go', { today: TODAY }),
        advanced(BRAIN, 'ideate', 'develop', TODAY),
      ]);
    });

    it('refuses a decision dated after today with date_in_future', () => {
      refusedWith(ideating, review('go', { today: TODAY, decidedOn: '2026-06-02' }), 'date_in_future', {
        field: 'decidedOn',
        date: '2026-06-02',
        today: TODAY,
      });
    });

    it('refuses a decision dated before the project was proposed with before_proposed', () => {
      refusedWith([brainMorphic.proposed], review('go', { decidedOn: '2017-05-14' }), 'before_proposed', {
        field: 'decidedOn',
        date: '2017-05-14',
        proposedOn: '2017-05-15',
      });
      // The day it was proposed is fine.
      project()
        .given([brainMorphic.proposed])
        .when(review('go', { decidedOn: '2017-05-15' }))
        .then([
          gateRecorded(BRAIN, 'generate', 'go', { today: '2017-05-15' }),
          advanced(BRAIN, 'generate', 'ideate', '2017-05-15'),
        ]);
    });

    it('refuses a decision dated before the previous gate decision with before_previous_decision', () => {
      refusedWith(ideating, review('go', { decidedOn: '2018-01-19' }), 'before_previous_decision', {
        field: 'decidedOn',
        date: '2018-01-19',
        previousDecisionOn: '2018-01-20',
      });
      // After a RECYCLE too: the next review of the same gate comes after it.
      const recycled = [...ideating, gateRecorded(BRAIN, 'ideate', 'recycle', { today: '2018-06-01' })];
      project()
        .given(recycled)
        .when(review('go', { decidedOn: '2018-05-31' }))
        .thenThrows(BusinessRuleError, 'before_previous_decision');
      // The same day as the previous one is fine (two gates in one meeting).
      expect(decide(recycled, review('go', { decidedOn: '2018-06-01' }))).toHaveLength(2);
    });
  });

  describe('resuming', () => {
    const held = [...ideating, ...decide(ideating, review('hold', { today: '2018-06-01' }))];
    const resume = (resumedOn?: IsoDate): ProjectCommand => ({
      type: 'ResumeProject',
      agreements: brainMorphic.agreements,
      today: TODAY,
      ...(resumedOn ? { resumedOn } : {}),
    });

    it('is dated resumedOn when given, else today', () => {
      project()
        .given(held)
        .when(resume('2018-09-03'))
        .then([resumed(BRAIN, '2018-09-03')]);
      project()
        .given(held)
        .when(resume())
        .then([resumed(BRAIN, TODAY)]);
    });

    it('refuses a date after today or before the proposal', () => {
      project().given(held).when(resume('2026-06-02')).thenThrows(BusinessRuleError, 'date_in_future');
      project().given(held).when(resume('2017-01-01')).thenThrows(BusinessRuleError, 'before_proposed');
    });
  });

  describe('milestones, budget, spend and outcomes', () => {
    const withMilestone = [...ideating, planned(BRAIN, 'm-chip', 'Prototype chip', '2019-03-31')];
    const complete = (actualDate: IsoDate): ProjectCommand => ({
      type: 'CompleteMilestone',
      milestoneId: 'm-chip',
      actualDate,
      evidence: null,
      today: TODAY,
    });
    const spend = (spentOn: IsoDate): ProjectCommand => ({
      type: 'RecordSpend',
      amount: 1_000_000,
      currency: 'JPY',
      description: 'Test chips',
      spentOn,
      today: TODAY,
    });
    const commit = (committedOn?: IsoDate): ProjectCommand => ({
      type: 'CommitBudget',
      amount: 5_000_000,
      currency: 'JPY',
      today: TODAY,
      ...(committedOn ? { committedOn } : {}),
    });
    const paper = (occurredOn: IsoDate) => outcome('o-paper', 'publication', 'Few-shot spiking networks', occurredOn);

    it.each([
      ['a milestone completion', withMilestone, complete],
      ['a spend', ideating, spend],
      ['a budget commitment', ideating, commit],
      ['an outcome', ideating, paper],
    ] as const)('refuses %s dated after today or before the proposal', (_act, history, command) => {
      project()
        .given([...history])
        .when(command('2026-06-02'))
        .thenThrows(BusinessRuleError, 'date_in_future');
      project()
        .given([...history])
        .when(command('2017-05-14'))
        .thenThrows(BusinessRuleError, 'before_proposed');
      // Today and the day it was proposed are both fine.
      expect(decide([...history], command(TODAY))).toHaveLength(1);
      expect(decide([...history], command('2017-05-15'))).toHaveLength(1);
    });

    it('dates a budget commitment committedOn when given, else today', () => {
      expect(decide(ideating, commit('2019-04-01'))).toEqual([
        { type: 'BudgetCommitted', data: expect.objectContaining({ committedOn: '2019-04-01' }) },
      ]);
      expect(decide(ideating, commit())).toEqual([
        { type: 'BudgetCommitted', data: expect.objectContaining({ committedOn: TODAY }) },
      ]);
    });

    it('dates a spin-out by its outcome', () => {
      const spinOut = outcome('o-spin', 'spin_out', 'Brainmorph', '2020-04-01', { spinOutCompany: 'Brainmorph K.K.' });
      expect(decide(ideating, spinOut)[1]).toEqual({
        type: 'ProjectSpunOut',
        data: { projectId: BRAIN, outcomeId: 'o-spin', company: 'Brainmorph K.K.', spunOutOn: '2020-04-01' },
      });
    });
  });

  it('replays events stored before the effects of a decision carried their date', () => {
    const old: ProjectEvent[] = [
      brainMorphic.proposed,
      gateRecorded(BRAIN, 'generate', 'go', { today: '2018-01-20' }),
      { type: 'ProjectStageAdvanced', data: { projectId: BRAIN, from: 'generate', to: 'ideate' } },
      gateRecorded(BRAIN, 'ideate', 'hold', { today: '2018-06-01' }),
      { type: 'ProjectPutOnHold', data: { projectId: BRAIN, reason: 'x' } },
      { type: 'ProjectResumed', data: { projectId: BRAIN } },
      { type: 'BudgetCommitted', data: { projectId: BRAIN, amount: 1, currency: 'JPY', totalBudget: 60_000_001 } },
    ];
    expect(stateOf(old)).toMatchObject({ stage: 'ideate', status: 'active', lastDecidedOn: '2018-06-01' });
    project()
      .given(old)
      .when(review('go', { decidedOn: '2018-05-31' }))
      .thenThrows(BusinessRuleError, 'before_previous_decision');
  });
});

describe('logging a project at its current stage with its past gate decisions, in one command', () => {
  const past = (decision: GateDecision, decidedOn: IsoDate, notes: string | null = null): PastGateDecision => ({
    decision,
    gatekeepers: GATEKEEPERS,
    criteria: CRITERIA,
    notes,
    decidedOn,
  });
  const proposedOn = brainMorphic.proposed.data.proposedOn;
  const logging = (gateDecisions: PastGateDecision[]) =>
    propose(brainMorphic, { today: TODAY, proposedOn, gateDecisions });

  it('records what proposing and reviewing step by step would record, ending at the stage they led to', () => {
    const decisions = [past('go', '2017-09-29', 'Strong fit'), past('recycle', '2018-03-01'), past('go', '2018-06-15')];
    let stepByStep: ProjectEvent[] = decide([], propose(brainMorphic, { today: TODAY, proposedOn }));
    for (const { decidedOn, ...d } of decisions) {
      stepByStep = [
        ...stepByStep,
        ...decide(stepByStep, { type: 'RecordGateDecision', ...d, decidedOn, today: TODAY }),
      ];
    }
    project().given([]).when(logging(decisions)).then(stepByStep);
    expect(stepByStep.map((e) => e.type)).toEqual([
      'ProjectProposed',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
      'GateDecisionRecorded',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
    ]);
    expect(stateOf(stepByStep)).toMatchObject({ stage: 'develop', status: 'active', lastDecidedOn: '2018-06-15' });
  });

  it('logs a project killed or held at a gate', () => {
    const events = decide([], logging([past('go', '2017-09-29'), past('hold', '2018-03-01', 'No chip yet')]));
    expect(events.at(-1)).toEqual(heldEvent(BRAIN, 'No chip yet', '2018-03-01'));
    expect(stateOf(events)).toMatchObject({ stage: 'ideate', status: 'on_hold' });
  });

  it('refuses decisions out of date order, naming the one refused', () => {
    const command = logging([past('go', '2018-03-01'), past('go', '2017-09-29')]);
    project().given([]).when(command).thenThrows(BusinessRuleError, 'before_previous_decision');
    expect(refusal([], command)).toMatchObject({
      message: expect.stringContaining('gateDecisions.1'),
      details: { field: 'gateDecisions.1.decidedOn', gateDecision: 1, previousDecisionOn: '2018-03-01' },
    });
  });

  it('refuses a decision before the proposal or after today', () => {
    project()
      .given([])
      .when(logging([past('go', '2017-05-14')]))
      .thenThrows(BusinessRuleError, 'before_proposed');
    project()
      .given([])
      .when(logging([past('go', '2017-09-29'), past('go', '2026-06-02')]))
      .thenThrows(BusinessRuleError, 'date_in_future');
  });

  it('refuses a decision after one that closed or held the project', () => {
    project()
      .given([])
      .when(logging([past('kill', '2017-09-29'), past('go', '2018-01-10')]))
      .thenThrows(BusinessRuleError, 'project_closed');
    project()
      .given([])
      .when(logging([past('hold', '2017-09-29'), past('go', '2018-01-10')]))
      .thenThrows(BusinessRuleError, 'project_on_hold');
  });

  it('names the scores out of range by the decision they belong to', () => {
    const command = logging([past('go', '2017-09-29'), { ...past('go', '2018-01-10'), criteria: { strategicFit: 9 } }]);
    project().given([]).when(command).thenThrows(ValidationError, 'criteria_out_of_range');
    expect((refusal([], command) as ValidationError).errors.map((e) => e.field)).toEqual([
      'gateDecisions.1.criteria.strategicFit',
    ]);
  });

  it('checks the agreements before the decisions', () => {
    project()
      .given([])
      .when(
        propose(brainMorphic, {
          today: TODAY,
          gateDecisions: [past('go', '2026-06-02')],
          agreements: { [UTOKYO_ALLIANCE]: 'ended' },
        }),
      )
      .thenThrows(BusinessRuleError, 'agreement_not_valid');
  });
});

describe('a whole life, command by command', () => {
  it('folds what each decision records into the state the next one is decided on', () => {
    const commands: ProjectCommand[] = [
      propose(tg4050, { budget: { amount: 2_500_000, currency: 'eur' } }),
      { type: 'PlanMilestone', milestoneId: 'm-first-patient', name: 'First patient dosed', plannedDate: '2020-01-31' },
      { type: 'PlanMilestone', milestoneId: 'm-phase-i-data', name: 'Phase I data', plannedDate: '2022-09-30' },
      review('go', { today: '2019-09-30' }),
      review('recycle', { notes: 'Add the head-and-neck cohort', today: '2019-12-16' }),
      review('go', { today: '2020-01-20' }),
      {
        type: 'CompleteMilestone',
        milestoneId: 'm-first-patient',
        actualDate: '2020-02-12',
        evidence: null,
        today: TODAY,
      },
      {
        type: 'RecordSpend',
        amount: 1_800_000,
        currency: 'EUR',
        description: 'Trial sites',
        spentOn: '2020-06-30',
        today: TODAY,
      },
      { type: 'CommitBudget', amount: 500_000, currency: 'EUR', committedOn: '2020-07-01', today: TODAY },
      outcome('o-ep-filing', 'patent_filed', 'Neoantigen selection by deep learning', '2020-11-05', {
        patent: { jurisdiction: 'EP', applicationNumber: 'EP20306321' },
      }),
      outcome('o-asco-2022', 'publication', 'TG4050 phase I results (ASCO 2022)', '2022-06-05', {
        partnerIds: ['p-transgene'],
      }),
      {
        type: 'CompleteMilestone',
        milestoneId: 'm-phase-i-data',
        actualDate: '2022-06-05',
        evidence: 'ASCO 2022',
        today: TODAY,
      },
      review('go', { today: '2022-10-03' }),
      {
        type: 'RecordSpend',
        amount: 1_400_000,
        currency: 'eur',
        description: 'Phase I/II extension',
        spentOn: '2023-03-31',
        today: TODAY,
      },
      review('go', { notes: 'Phase I complete; phase II under a new agreement', today: '2024-01-15' }),
      outcome('o-ep-grant', 'patent_granted', 'Neoantigen selection by deep learning', '2024-07-01', {
        relatesTo: 'o-ep-filing',
      }),
    ];
    const history: ProjectEvent[] = [];
    for (const command of commands) history.push(...decide(history, command));
    expect(history.map((event) => event.type)).toEqual([
      'ProjectProposed',
      'MilestonePlanned',
      'MilestonePlanned',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
      'GateDecisionRecorded',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
      'MilestoneCompleted',
      'SpendRecorded',
      'BudgetCommitted',
      'OutcomeRecorded',
      'OutcomeRecorded',
      'MilestoneCompleted',
      'GateDecisionRecorded',
      'ProjectStageAdvanced',
      'SpendRecorded',
      'GateDecisionRecorded',
      'ProjectCompleted',
      'OutcomeRecorded',
    ]);
    expect(history.filter((event) => event.type === 'SpendRecorded').map(({ data }) => data)).toEqual([
      expect.objectContaining({ totalSpent: 1_800_000, overBudget: false }),
      expect.objectContaining({ totalSpent: 3_200_000, overBudget: true, currency: 'EUR' }),
    ]);
    expect(history.at(-1)).toMatchObject({
      data: { partnerIds: ['p-transgene'], patent: { jurisdiction: 'EP', applicationNumber: 'EP20306321' } },
    });
    expect(fold(projectDecider, history)).toEqual({
      exists: true,
      projectId: TG4050,
      agreementIds: [TRANSGENE_AGREEMENT],
      leadPartnerIds: ['p-transgene'],
      proposedOn: '2019-07-01',
      lastDecidedOn: '2024-01-15',
      stage: 'launch',
      status: 'completed',
      currency: 'EUR',
      budget: 3_000_000,
      spent: 3_200_000,
      milestones: { 'm-first-patient': { completed: true }, 'm-phase-i-data': { completed: true } },
      outcomes: {
        'o-ep-filing': {
          kind: 'patent_filed',
          patent: { jurisdiction: 'EP', applicationNumber: 'EP20306321' },
          relatesTo: null,
        },
        'o-asco-2022': { kind: 'publication', patent: null, relatesTo: null },
        'o-ep-grant': {
          kind: 'patent_granted',
          patent: { jurisdiction: 'EP', applicationNumber: 'EP20306321' },
          relatesTo: 'o-ep-filing',
        },
      },
      flaggedAgreements: [],
    });
  });
});
