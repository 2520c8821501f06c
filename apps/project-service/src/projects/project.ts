import type { DomainEvent } from '@accord/event-store';

/** The Project aggregate: events, state and evolve. Pure: no framework, no I/O. */
export const STAGES = ['generate', 'ideate', 'develop', 'launch'] as const;
export const PROJECT_STATUSES = ['active', 'on_hold', 'completed', 'killed', 'spun_out'] as const;
export const GATE_DECISIONS = ['go', 'kill', 'hold', 'recycle'] as const;
export const OUTCOME_KINDS = [
  'invention_disclosure',
  'patent_filed',
  'patent_granted',
  'publication',
  'proof_of_concept',
  'product_launch',
  'standard_contribution',
  'spin_out',
] as const;
export const TEAM_ROLES = ['project_lead', 'researcher', 'engineer', 'intern', 'advisor'] as const;

export type Stage = (typeof STAGES)[number];
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export type GateDecision = (typeof GATE_DECISIONS)[number];
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export type IsoDate = string;

export interface Money {
  amount: number;
  /** ISO 4217 */
  currency: string;
}

/**
 * A team member by reference (an employee or partner-staff id and a role), never by name: personal
 * data stays in the systems that can erase it.
 */
export interface TeamMember {
  memberRef: string;
  role: (typeof TEAM_ROLES)[number];
  organisation: 'company' | 'partner';
}

export interface Patent {
  jurisdiction: string;
  applicationNumber: string;
}

type Id = { projectId: string };

export type ProjectEvent =
  | DomainEvent<
      'ProjectProposed',
      Id & {
        title: string;
        agreementIds: string[];
        leadPartnerIds: string[];
        technologyAreas: string[];
        budget: Money;
        team: TeamMember[];
        proposedOn: IsoDate;
      }
    >
  | DomainEvent<
      'GateDecisionRecorded',
      Id & {
        gate: string;
        stage: Stage;
        decision: GateDecision;
        gatekeepers: string[];
        criteria: Record<string, number>;
        notes: string | null;
        decidedOn: IsoDate;
      }
    >
  /*
   * The business dates below (advancedOn, heldOn, ...) were added later: events stored before them
   * have none, and readers fall back to the day the event was recorded (see recordedDay).
   */
  | DomainEvent<'ProjectStageAdvanced', Id & { from: Stage; to: Stage; advancedOn?: IsoDate }>
  /** No heldOn when a reaction to an agreement ending put it on hold: the day it was recorded stands. */
  | DomainEvent<'ProjectPutOnHold', Id & { reason: string; heldOn?: IsoDate }>
  | DomainEvent<'ProjectResumed', Id & { resumedOn?: IsoDate }>
  | DomainEvent<'ProjectKilled', Id & { reason: string; killedOn?: IsoDate }>
  | DomainEvent<'ProjectCompleted', Id & { completedOn?: IsoDate }>
  | DomainEvent<'ProjectSpunOut', Id & { outcomeId: string; company: string; spunOutOn?: IsoDate }>
  | DomainEvent<'MilestonePlanned', Id & { milestoneId: string; name: string; plannedDate: IsoDate }>
  | DomainEvent<'MilestoneCompleted', Id & { milestoneId: string; actualDate: IsoDate; evidence: string | null }>
  | DomainEvent<
      'BudgetCommitted',
      Id & { amount: number; currency: string; totalBudget: number; committedOn?: IsoDate }
    >
  | DomainEvent<
      'SpendRecorded',
      Id & {
        amount: number;
        currency: string;
        description: string;
        spentOn: IsoDate;
        totalSpent: number;
        overBudget: boolean;
      }
    >
  | DomainEvent<
      'OutcomeRecorded',
      Id & {
        outcomeId: string;
        kind: OutcomeKind;
        title: string;
        occurredOn: IsoDate;
        partnerIds: string[];
        patent: Patent | null;
        /** For a grant: the filing it grants. */
        relatesTo: string | null;
        spinOutCompany: string | null;
      }
    >
  | DomainEvent<'ProjectFlagged', Id & { agreementId: string; reason: 'agreement_terminated' | 'agreement_expired' }>;

export type ProjectState =
  | { exists: false }
  | {
      exists: true;
      projectId: string;
      agreementIds: string[];
      leadPartnerIds: string[];
      /** Business time: nothing about the project happened before it was proposed. */
      proposedOn: IsoDate;
      /** The latest gate decision's date: gates are decided in order. */
      lastDecidedOn: IsoDate | null;
      stage: Stage;
      status: ProjectStatus;
      currency: string;
      budget: number;
      spent: number;
      milestones: Record<string, { completed: boolean }>;
      outcomes: Record<string, { kind: OutcomeKind; patent: Patent | null; relatesTo: string | null }>;
      /** Agreements whose end flagged this project. */
      flaggedAgreements: string[];
    };

export const initialProjectState = (): ProjectState => ({ exists: false });

export function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
  if (event.type === 'ProjectProposed') {
    const { projectId, agreementIds, leadPartnerIds, budget, proposedOn } = event.data;
    return {
      exists: true,
      projectId,
      agreementIds,
      leadPartnerIds,
      proposedOn,
      lastDecidedOn: null,
      stage: 'generate',
      status: 'active',
      currency: budget.currency,
      budget: budget.amount,
      spent: 0,
      milestones: {},
      outcomes: {},
      flaggedAgreements: [],
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'GateDecisionRecorded':
      return { ...state, lastDecidedOn: event.data.decidedOn };
    case 'ProjectStageAdvanced':
      return { ...state, stage: event.data.to };
    case 'ProjectPutOnHold':
      return { ...state, status: 'on_hold' };
    case 'ProjectResumed':
      return { ...state, status: 'active' };
    case 'ProjectKilled':
      return { ...state, status: 'killed' };
    case 'ProjectCompleted':
      return { ...state, status: 'completed' };
    case 'ProjectSpunOut':
      return { ...state, status: 'spun_out' };
    case 'MilestonePlanned':
      return { ...state, milestones: { ...state.milestones, [event.data.milestoneId]: { completed: false } } };
    case 'MilestoneCompleted':
      return { ...state, milestones: { ...state.milestones, [event.data.milestoneId]: { completed: true } } };
    case 'BudgetCommitted':
      return { ...state, budget: event.data.totalBudget };
    case 'SpendRecorded':
      return { ...state, spent: event.data.totalSpent };
    case 'OutcomeRecorded':
      return {
        ...state,
        outcomes: {
          ...state.outcomes,
          [event.data.outcomeId]: { kind: event.data.kind, patent: event.data.patent, relatesTo: event.data.relatesTo },
        },
      };
    case 'ProjectFlagged':
      return { ...state, flaggedAgreements: [...state.flaggedAgreements, event.data.agreementId] };
  }
}

export const projectStream = (projectId: string): string => `project-${projectId}`;
