/**
 * What the services really publish, checked against the contracts: representative stored events of
 * every kind go through each service's publication function, and every message that comes out must
 * be a registered type on its topic, keyed by its aggregate, with a payload that its schema accepts
 * and that declares every field it has (nothing published that the contract does not name).
 */
import { randomUUID } from 'node:crypto';
import * as contracts from '@accord/contracts';
import { MESSAGE_CONTRACTS, messageContract, type MessageType } from '@accord/contracts';
import type { DomainEvent, NewEvent, OutboxMessage, Publisher } from '@accord/event-store';
import * as agreementDomain from '../../../apps/agreement-service/src/agreements/agreement';
import type { AgreementEvent, AgreementTerms } from '../../../apps/agreement-service/src/agreements/agreement';
import { publishAgreementMessages } from '../../../apps/agreement-service/src/agreements/agreement.publication';
import * as partnerDomain from '../../../apps/partner-service/src/partners/partner';
import type { PartnerEvent } from '../../../apps/partner-service/src/partners/partner';
import { publishPartnerMessages } from '../../../apps/partner-service/src/partners/partner.publication';
import * as projectDomain from '../../../apps/project-service/src/projects/project';
import type { ProjectEvent } from '../../../apps/project-service/src/projects/project';
import { publishProjectEvents } from '../../../apps/project-service/src/projects/project.publication';
import { closed, createAjv, problems } from './validation';

const partnerId = '5f0e3a5c-0b1e-4a50-9a55-2f1a3a7c9d10';
const otherPartnerId = '8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e';
const contactId = '0c8e1c1e-8a3b-4f55-b0c4-6a1f2e3d4c5b';
const agreementId = '3d1c2f0e-5b1a-4c1e-9f00-1a2b3c4d5e6f';
const parentAgreementId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const obligationId = '7a2b9c4d-1e2f-4a3b-8c5d-6e7f8a9b0c1d';
const projectId = 'b5e2d1c0-3f4a-4b5c-9d6e-7f8091a2b3c4';
const milestoneId = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const filingId = 'd4e5f6a7-b8c9-4dab-9cde-f0123456789a';
const grantId = 'e5f6a7b8-c9da-4ebc-8def-0123456789ab';
const spinOutId = 'f6a7b8c9-daeb-4fcd-9ef0-123456789abc';

let position = 0;

/** An event as the event store hands it to a publisher. */
function stored(streamId: string, streamVersion: number, event: { type: string; data: object }): NewEvent {
  position += 1;
  const occurredAt = new Date(Date.UTC(2026, 0, 1, 9, 0, position)).toISOString();
  return {
    ...event,
    streamId,
    streamVersion,
    metadata: {
      eventId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: 'alliance-manager-ai-strategy',
      occurredAt,
      schemaVersion: 1,
    },
  };
}

const partnerEvents = (events: PartnerEvent[]) => events.map((e, i) => stored(`partner-${partnerId}`, i + 1, e));
const agreementEvents = (events: AgreementEvent[]) =>
  events.map((e, i) => stored(`agreement-${agreementId}`, i + 1, e));
const projectEvents = (events: ProjectEvent[]) => events.map((e, i) => stored(`project-${projectId}`, i + 1, e));

const partnerHistory: PartnerEvent[] = [
  {
    type: 'PartnerRegistered',
    data: {
      partnerId,
      name: 'University of Tokyo',
      type: 'university',
      country: 'JP',
      website: 'https://www.u-tokyo.ac.jp',
      technologyAreas: ['ai', 'brain-morphic-ai'],
      tier: 'strategic',
    },
  },
  {
    type: 'PartnerRegistered',
    data: {
      partnerId,
      name: 'Transgene',
      type: 'startup',
      country: 'FR',
      website: null,
      technologyAreas: [],
      tier: 'standard',
    },
  },
  { type: 'PartnerProfileUpdated', data: { partnerId, changes: { name: 'The University of Tokyo', website: null } } },
  { type: 'PartnerProfileUpdated', data: { partnerId, changes: { type: 'research_institute', country: 'JP' } } },
  { type: 'PartnerTierChanged', data: { partnerId, from: 'key', to: 'strategic' } },
  { type: 'PartnerActivated', data: { partnerId, agreementId } },
  { type: 'PartnerActivated', data: { partnerId, agreementId: null } },
  { type: 'PartnerMarkedDormant', data: { partnerId, reason: null } },
  { type: 'PartnerMarkedDormant', data: { partnerId, reason: 'no activity in a year' } },
  { type: 'PartnerArchived', data: { partnerId, reason: 'merged' } },
  { type: 'PartnerRestored', data: { partnerId, status: 'dormant' } },
  {
    type: 'ContactAdded',
    data: { partnerId, contactId, name: 'sealed:v1:abc', email: 'sealed:v1:def', role: 'legal', internal: false },
  },
  { type: 'ContactUpdated', data: { partnerId, contactId, changes: { name: 'sealed:v1:ghi' } } },
  { type: 'ContactUpdated', data: { partnerId, contactId, changes: { role: 'ip_counsel', internal: true } } },
  { type: 'ContactRemoved', data: { partnerId, contactId } },
  { type: 'ContactErased', data: { partnerId, contactId } },
];

const terms: AgreementTerms = {
  title: 'NEC/University of Tokyo Strategic Partnership for Future AI Research and Education',
  purpose: 'Brain-morphic AI research, AI ethics and law, scholarships and internships',
  partyIds: [partnerId, otherPartnerId],
  ownerId: 'alliance-manager-ai-strategy',
  parentAgreementId: null,
  technologyAreas: ['ai', 'brain-morphic-ai'],
  effectiveDate: '2016-09-05',
  expiryDate: '2026-09-04',
  autoRenew: true,
  noticePeriodDays: 180,
  funding: [{ direction: 'outbound', amount: 500_000_000, currency: 'JPY', schedule: null }],
  ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 60, backgroundIpListed: true },
};

const agreementHistory: AgreementEvent[] = [
  { type: 'AgreementDrafted', data: { agreementId, type: 'comprehensive_alliance', ...terms } },
  {
    type: 'AgreementDrafted',
    data: { agreementId, type: 'nda', ...terms, parentAgreementId, expiryDate: null, technologyAreas: [] },
  },
  {
    type: 'AgreementTermsRevised',
    data: {
      agreementId,
      changes: {
        title: 'Strategic Partnership',
        purpose: null,
        partyIds: [partnerId],
        ownerId: 'someone-else',
        parentAgreementId,
        effectiveDate: '2016-10-01',
        expiryDate: null,
        autoRenew: false,
        noticePeriodDays: 90,
        technologyAreas: ['ai'],
        funding: [{ direction: 'in_kind', amount: 1, currency: 'EUR', schedule: 'once' }],
        ipTerms: { foregroundOwnership: 'company', publicationReviewDays: 30, backgroundIpListed: false },
      },
    },
  },
  { type: 'AgreementNegotiationStarted', data: { agreementId } },
  { type: 'AgreementSubmittedForReview', data: { agreementId } },
  { type: 'AgreementApproved', data: { agreementId, approvedBy: 'legal-director' } },
  { type: 'AgreementSignedByParty', data: { agreementId, partyId: 'company', signedOn: '2016-09-01' } },
  { type: 'AgreementSignedByParty', data: { agreementId, partyId: partnerId, signedOn: '2016-09-02' } },
  {
    type: 'AgreementFullyExecuted',
    data: { agreementId, executedOn: '2016-09-02', agreementType: 'comprehensive_alliance', terms },
  },
  { type: 'AgreementActivated', data: { agreementId, activatedOn: '2016-09-05' } },
  {
    type: 'AgreementAmended',
    data: { agreementId, amendment: 1, summary: 'Adds AI law', changes: { technologyAreas: ['ai', 'ai-law'] } },
  },
  {
    type: 'AgreementAmended',
    data: {
      agreementId,
      amendment: 2,
      summary: 'New funding and IP terms',
      changes: {
        purpose: null,
        expiryDate: '2027-09-04',
        autoRenew: false,
        noticePeriodDays: 30,
        funding: [],
        ipTerms: { foregroundOwnership: 'partner', publicationReviewDays: 0, backgroundIpListed: true },
      },
    },
  },
  { type: 'AgreementRenewalWindowOpened', data: { agreementId, daysBeforeExpiry: 90, expiryDate: '2026-09-04' } },
  {
    type: 'AgreementRenewed',
    data: { agreementId, previousExpiryDate: '2026-09-04', newExpiryDate: '2028-09-04', renewal: 1, automatic: true },
  },
  { type: 'AgreementExpired', data: { agreementId, expiredOn: '2028-09-05' } },
  { type: 'AgreementTerminated', data: { agreementId, reason: 'merged', terminatedOn: '2027-01-31' } },
  {
    type: 'ObligationAdded',
    data: { agreementId, obligationId, kind: 'report', description: 'Annual report', dueDate: '2017-09-05' },
  },
  { type: 'ObligationMet', data: { agreementId, obligationId, metOn: '2017-09-01' } },
  { type: 'ObligationWaived', data: { agreementId, obligationId, reason: 'replaced by a symposium' } },
  { type: 'ObligationOverdue', data: { agreementId, obligationId, dueDate: '2017-09-05' } },
];

const outcome = {
  projectId,
  title: 'Spiking neural network circuit with on-chip learning',
  occurredOn: '2021-02-10',
  partnerIds: [partnerId],
  patent: null,
  relatesTo: null,
  spinOutCompany: null,
};
const patent = { jurisdiction: 'JP', applicationNumber: '2021-123456' };

const projectHistory: ProjectEvent[] = [
  {
    type: 'ProjectProposed',
    data: {
      projectId,
      title: 'Brain-morphic AI',
      agreementIds: [agreementId],
      leadPartnerIds: [partnerId],
      technologyAreas: ['ai'],
      budget: { amount: 250_000_000, currency: 'JPY' },
      team: [
        { memberRef: 'emp-10442', role: 'project_lead', organisation: 'company' },
        { memberRef: 'utokyo-0193', role: 'researcher', organisation: 'partner' },
      ],
      proposedOn: '2017-01-15',
    },
  },
  {
    type: 'GateDecisionRecorded',
    data: {
      projectId,
      gate: 'ideate→develop',
      stage: 'ideate',
      decision: 'go',
      gatekeepers: ['cto-office'],
      criteria: { strategicFit: 5, technicalFeasibility: 4 },
      notes: null,
      decidedOn: '2019-03-01',
    },
  },
  {
    type: 'GateDecisionRecorded',
    data: {
      projectId,
      gate: 'launch→close',
      stage: 'launch',
      decision: 'recycle',
      gatekeepers: ['cto-office', 'ai-research-director'],
      criteria: {},
      notes: 'Another review in a quarter',
      decidedOn: '2023-03-01',
    },
  },
  { type: 'ProjectStageAdvanced', data: { projectId, from: 'ideate', to: 'develop' } },
  { type: 'ProjectPutOnHold', data: { projectId, reason: 'held at the develop gate' } },
  { type: 'ProjectResumed', data: { projectId } },
  { type: 'ProjectKilled', data: { projectId, reason: 'killed at the develop gate' } },
  { type: 'ProjectCompleted', data: { projectId } },
  { type: 'ProjectSpunOut', data: { projectId, outcomeId: spinOutId, company: 'Brainmorph Inc.' } },
  {
    type: 'MilestonePlanned',
    data: { projectId, milestoneId, name: 'Prototype processor', plannedDate: '2020-03-31' },
  },
  { type: 'MilestoneCompleted', data: { projectId, milestoneId, actualDate: '2020-03-15', evidence: null } },
  { type: 'MilestoneCompleted', data: { projectId, milestoneId, actualDate: '2020-03-15', evidence: 'Demo report' } },
  { type: 'BudgetCommitted', data: { projectId, amount: 12_000_000, currency: 'JPY', totalBudget: 262_000_000 } },
  {
    type: 'SpendRecorded',
    data: {
      projectId,
      amount: 1234.56,
      currency: 'JPY',
      description: 'Test chip fabrication run',
      spentOn: '2020-11-02',
      totalSpent: 300_000_000,
      overBudget: true,
    },
  },
  { type: 'OutcomeRecorded', data: { ...outcome, outcomeId: filingId, kind: 'patent_filed', patent } },
  {
    type: 'OutcomeRecorded',
    data: { ...outcome, outcomeId: grantId, kind: 'patent_granted', patent, relatesTo: filingId },
  },
  { type: 'OutcomeRecorded', data: { ...outcome, outcomeId: randomUUID(), kind: 'publication' } },
  {
    type: 'OutcomeRecorded',
    data: { ...outcome, outcomeId: spinOutId, kind: 'spin_out', spinOutCompany: 'Brainmorph Inc.' },
  },
  { type: 'ProjectFlagged', data: { projectId, agreementId, reason: 'agreement_terminated' } },
  { type: 'ProjectFlagged', data: { projectId, agreementId, reason: 'agreement_expired' } },
];

/** Each event an append of its own, published with the aggregate as it stands after it. */
function published<State, E extends DomainEvent>(
  events: NewEvent[],
  evolve: (state: State, event: E) => State,
  initial: State,
  publish: Publisher,
): OutboxMessage[] {
  let state = initial;
  return events.flatMap((event) => {
    state = evolve(state, event as unknown as E);
    return publish([event], state);
  });
}

function publishedMessages(): OutboxMessage[] {
  return [
    ...published(
      partnerEvents(partnerHistory),
      partnerDomain.evolvePartner,
      partnerDomain.initialPartnerState(),
      publishPartnerMessages,
    ),
    ...published(
      agreementEvents(agreementHistory),
      agreementDomain.evolveAgreement,
      agreementDomain.initialAgreementState(),
      publishAgreementMessages,
    ),
    ...published(
      projectEvents(projectHistory),
      projectDomain.evolveProject,
      projectDomain.initialProjectState(),
      publishProjectEvents,
    ),
  ];
}

describe('what the services publish', () => {
  const ajv = createAjv();
  const validators = new Map(
    MESSAGE_CONTRACTS.map((c) => [c.type, { open: ajv.compile(c.schema), closed: ajv.compile(closed(c.schema)) }]),
  );
  let messages: OutboxMessage[];

  beforeAll(() => {
    messages = publishedMessages();
  });

  it('covers every published message type', () => {
    const seen = new Set(messages.map((m) => m.type));
    expect(MESSAGE_CONTRACTS.map((c) => c.type).filter((type) => !seen.has(type))).toEqual([]);
  });

  it('publishes only registered types, on their topic, keyed by their aggregate', () => {
    for (const message of messages) {
      const contract = messageContract(message.type);
      expect(contract).toBeDefined();
      expect(message.topic).toBe(contract?.topic);
      expect(message.key).toBe((message.payload as Record<string, unknown>)[contract!.key.field]);
    }
  });

  it('publishes payloads that their schemas accept, and that declare every field they carry', () => {
    const failures: string[] = [];
    for (const message of messages) {
      const validate = validators.get(message.type as MessageType);
      if (!validate) continue;
      // As it travels: through the outbox's jsonb column and JSON on Kafka.
      const payload: unknown = JSON.parse(JSON.stringify(message.payload));
      const errors = problems(validate.open, payload) || problems(validate.closed, payload);
      if (errors) failures.push(`${message.type} ${JSON.stringify(payload)}\n${errors}`);
    }
    expect(failures).toEqual([]);
  });

  it('never publishes contacts’ sealed personal data', () => {
    for (const message of messages.filter((m) => m.topic === contracts.PARTNER_TOPIC)) {
      expect(message.payload).not.toHaveProperty('name', expect.stringMatching(/^sealed/));
      expect(message.payload).not.toHaveProperty('email');
    }
  });

  it('publishes a patent filing as its own type, other outcomes as outcome-recorded', () => {
    const kinds = (type: string) =>
      messages.filter((m) => m.type === type).map((m) => (m.payload as { kind: string }).kind);
    expect(kinds(contracts.MESSAGE_TYPES.projectPatentFiled)).toEqual(['patent_filed']);
    expect(kinds(contracts.MESSAGE_TYPES.projectOutcomeRecorded)).toEqual([
      'patent_granted',
      'publication',
      'spin_out',
    ]);
  });
});

describe("the services' vocabularies are in the contracts' enums", () => {
  it.each([
    ['partner types', partnerDomain.PARTNER_TYPES, contracts.PARTNER_TYPES_V1],
    ['partner tiers', partnerDomain.PARTNER_TIERS, contracts.PARTNER_TIERS_V1],
    ['partner statuses', partnerDomain.PARTNER_STATUSES, contracts.PARTNER_STATUSES_V1],
    ['contact roles', partnerDomain.CONTACT_ROLES, contracts.CONTACT_ROLES_V1],
    ['agreement types', agreementDomain.AGREEMENT_TYPES, contracts.AGREEMENT_TYPES_V1],
    ['agreement statuses', agreementDomain.AGREEMENT_STATUSES, contracts.AGREEMENT_STATUSES_V1],
    ['funding directions', agreementDomain.FUNDING_DIRECTIONS, contracts.FUNDING_DIRECTIONS_V1],
    ['foreground ownership', agreementDomain.FOREGROUND_OWNERSHIP, contracts.FOREGROUND_OWNERSHIP_V1],
    ['obligation kinds', agreementDomain.OBLIGATION_KINDS, contracts.OBLIGATION_KINDS_V1],
    ['project stages', projectDomain.STAGES, contracts.PROJECT_STAGES_V1],
    ['project statuses', projectDomain.PROJECT_STATUSES, contracts.PROJECT_STATUSES_V1],
    ['gate decisions', projectDomain.GATE_DECISIONS, contracts.GATE_DECISIONS_V1],
    ['outcome kinds', projectDomain.OUTCOME_KINDS, contracts.OUTCOME_KINDS_V1],
    ['team roles', projectDomain.TEAM_ROLES, contracts.TEAM_ROLES_V1],
  ] as [string, readonly string[], readonly string[]][])('%s', (_what, service, contract) => {
    // A value the service uses but the contract lacks would be published unannounced.
    expect(service.filter((value) => !contract.includes(value))).toEqual([]);
  });
});
