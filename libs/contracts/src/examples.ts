/**
 * One example payload per message type, typed by the payload interfaces (so they compile only if
 * they fit them), validated against the schemas by the contracts' tests, and published as the
 * examples of the AsyncAPI document. The story: the University of Tokyo alliance.
 */
import type { AgreementDraftedV1 } from './agreement.contract';
import type { AccordMessageHeaders } from './headers.contract';
import type { MessagePayloads, MessageType } from './registry';
import { TOPICS } from './registry';

const partnerId = '5f0e3a5c-0b1e-4a50-9a55-2f1a3a7c9d10';
const contactId = '0c8e1c1e-8a3b-4f55-b0c4-6a1f2e3d4c5b';
const agreementId = '3d1c2f0e-5b1a-4c1e-9f00-1a2b3c4d5e6f';
const obligationId = '7a2b9c4d-1e2f-4a3b-8c5d-6e7f8a9b0c1d';
const projectId = 'b5e2d1c0-3f4a-4b5c-9d6e-7f8091a2b3c4';
const milestoneId = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const filingId = 'd4e5f6a7-b8c9-4dab-9cde-f0123456789a';
const grantId = 'e5f6a7b8-c9da-4ebc-8def-0123456789ab';

const partner = (version: number, occurredAt: string) => ({ partnerId, version, occurredAt });
const agreement = (version: number, occurredAt: string) => ({ agreementId, version, occurredAt });
const project = (
  version: number,
  occurredAt: string,
  stage: 'generate' | 'ideate' | 'develop' | 'launch' = 'develop',
) => ({ projectId, version, occurredAt, stage, status: 'active' }) as const;

const terms: Omit<AgreementDraftedV1, 'agreementId' | 'version' | 'occurredAt' | 'status'> = {
  agreementType: 'comprehensive_alliance',
  title: 'NEC/University of Tokyo Strategic Partnership for Future AI Research and Education',
  partnerIds: [partnerId],
  ownerId: 'alliance-manager-ai-strategy',
  parentAgreementId: null,
  technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics'],
  effectiveDate: '2016-09-05',
  expiryDate: '2026-09-04',
};

export const MESSAGE_EXAMPLES: { [T in MessageType]: MessagePayloads[T] } = {
  'accord.partner.registered.v1': {
    ...partner(1, '2016-06-01T09:00:00.000Z'),
    name: 'University of Tokyo',
    type: 'university',
    country: 'JP',
    website: 'https://www.u-tokyo.ac.jp',
    technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics'],
    tier: 'strategic',
    status: 'prospect',
  },
  'accord.partner.profile-updated.v1': {
    ...partner(2, '2016-06-02T10:15:00.000Z'),
    changes: { technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics', 'ai-law'] },
  },
  'accord.partner.tier-changed.v1': {
    ...partner(3, '2016-06-03T08:00:00.000Z'),
    from: 'key',
    to: 'strategic',
    changedOn: '2016-04-01',
  },
  'accord.partner.activated.v1': {
    ...partner(4, '2016-09-05T06:30:00.000Z'),
    status: 'active',
    agreementId,
    activatedOn: '2016-09-05',
  },
  'accord.partner.marked-dormant.v1': {
    ...partner(5, '2027-01-10T09:00:00.000Z'),
    status: 'dormant',
    reason: 'no joint activity for a year',
    markedDormantOn: '2027-01-01',
  },
  'accord.partner.archived.v1': {
    ...partner(6, '2028-01-10T09:00:00.000Z'),
    status: 'archived',
    reason: null,
    archivedOn: '2027-12-31',
  },
  'accord.partner.restored.v1': {
    ...partner(7, '2028-02-01T09:00:00.000Z'),
    status: 'dormant',
    restoredOn: '2028-02-01',
  },
  'accord.partner.contact-added.v1': {
    ...partner(8, '2028-02-02T09:00:00.000Z'),
    contactId,
    role: 'principal_investigator',
    internal: false,
  },
  'accord.partner.contact-updated.v1': { ...partner(9, '2028-02-03T09:00:00.000Z'), contactId, role: 'legal' },
  'accord.partner.contact-removed.v1': { ...partner(10, '2028-02-04T09:00:00.000Z'), contactId },
  'accord.partner.contact-erased.v1': { ...partner(11, '2028-02-05T09:00:00.000Z'), contactId },

  'accord.agreement.drafted.v1': { ...agreement(1, '2016-07-01T09:00:00.000Z'), ...terms, status: 'draft' },
  'accord.agreement.terms-revised.v1': {
    ...agreement(2, '2016-07-04T09:00:00.000Z'),
    changes: {
      noticePeriodDays: 180,
      funding: [{ direction: 'outbound', amount: 500_000_000, currency: 'JPY', schedule: 'annually over 10 years' }],
    },
  },
  'accord.agreement.negotiation-started.v1': {
    ...agreement(3, '2016-07-05T09:00:00.000Z'),
    status: 'in_negotiation',
  },
  'accord.agreement.submitted-for-review.v1': { ...agreement(4, '2016-08-01T09:00:00.000Z'), status: 'in_review' },
  'accord.agreement.approved.v1': {
    ...agreement(5, '2016-08-20T09:00:00.000Z'),
    status: 'approved',
    approvedBy: 'legal-director',
  },
  'accord.agreement.signed-by-party.v1': {
    ...agreement(6, '2016-09-01T09:00:00.000Z'),
    partyId: 'company',
    signedOn: '2016-09-01',
  },
  'accord.partnership.established.v1': {
    ...agreement(8, '2016-09-05T06:00:00.000Z'),
    ...terms,
    executedOn: '2016-09-05',
    status: 'signed',
  },
  'accord.agreement.activated.v1': {
    ...agreement(9, '2016-09-05T06:00:00.000Z'),
    status: 'active',
    activatedOn: '2016-09-05',
  },
  'accord.agreement.amended.v1': {
    ...agreement(10, '2019-04-01T09:00:00.000Z'),
    amendment: 1,
    summary: 'Adds AI ethics and law to the research programme',
    changes: { technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics', 'ai-law'] },
  },
  'accord.agreement.renewal-window-opened.v1': {
    ...agreement(11, '2026-06-06T00:00:05.000Z'),
    daysBeforeExpiry: 90,
    expiryDate: '2026-09-04',
  },
  'accord.agreement.renewed.v1': {
    ...agreement(12, '2026-07-01T09:00:00.000Z'),
    previousExpiryDate: '2026-09-04',
    newExpiryDate: '2031-09-04',
    renewal: 1,
    automatic: false,
  },
  'accord.agreement.expired.v1': {
    ...agreement(13, '2031-09-05T00:00:05.000Z'),
    status: 'expired',
    expiredOn: '2031-09-05',
  },
  'accord.agreement.terminated.v1': {
    ...agreement(13, '2030-03-31T09:00:00.000Z'),
    status: 'terminated',
    reason: 'programme merged into the 2030 alliance',
    terminatedOn: '2030-03-31',
  },
  'accord.agreement.obligation-added.v1': {
    ...agreement(10, '2017-01-10T09:00:00.000Z'),
    obligationId,
    kind: 'report',
    description: 'Annual research report to the steering committee',
    dueDate: '2017-09-05',
  },
  'accord.agreement.obligation-met.v1': {
    ...agreement(11, '2017-08-30T09:00:00.000Z'),
    obligationId,
    metOn: '2017-08-30',
  },
  'accord.agreement.obligation-waived.v1': {
    ...agreement(11, '2017-08-30T09:00:00.000Z'),
    obligationId,
    reason: 'replaced by the joint symposium',
  },
  'accord.agreement.obligation-overdue.v1': {
    ...agreement(11, '2017-09-06T00:00:05.000Z'),
    obligationId,
    dueDate: '2017-09-05',
  },

  'accord.project.proposed.v1': {
    ...project(1, '2017-01-15T09:00:00.000Z', 'generate'),
    title: 'Brain-morphic AI: low-power information processing modelled on the brain',
    agreementIds: [agreementId],
    leadPartnerIds: [partnerId],
    technologyAreas: ['ai', 'brain-morphic-ai'],
    budget: { amount: 250_000_000, currency: 'JPY' },
    team: [
      { memberRef: 'emp-10442', role: 'project_lead', organisation: 'company' },
      { memberRef: 'utokyo-staff-0193', role: 'researcher', organisation: 'partner' },
    ],
    proposedOn: '2017-01-15',
  },
  'accord.project.gate-decision-recorded.v1': {
    ...project(4, '2019-03-01T09:00:00.000Z', 'develop'),
    gate: 'ideate→develop',
    decision: 'go',
    gatekeepers: ['cto-office', 'ai-research-director'],
    criteria: { strategicFit: 5, technicalFeasibility: 4, marketPotential: 3 },
    notes: 'Prototype chip meets the power budget',
    decidedOn: '2019-03-01',
  },
  'accord.project.stage-advanced.v1': {
    ...project(5, '2019-03-01T09:00:00.000Z', 'develop'),
    from: 'ideate',
    to: 'develop',
    advancedOn: '2019-03-01',
  },
  'accord.project.put-on-hold.v1': {
    ...project(6, '2020-04-01T09:00:00.000Z'),
    status: 'on_hold',
    reason: 'held at the develop gate',
    heldOn: '2020-03-30',
  },
  'accord.project.resumed.v1': { ...project(7, '2020-06-01T09:00:00.000Z'), resumedOn: '2020-06-01' },
  'accord.project.killed.v1': {
    ...project(8, '2021-03-01T09:00:00.000Z'),
    status: 'killed',
    reason: 'superseded by the neuromorphic chip programme',
    killedOn: '2021-03-01',
  },
  'accord.project.completed.v1': {
    ...project(9, '2024-03-01T09:00:00.000Z', 'launch'),
    status: 'completed',
    completedOn: '2024-02-27',
  },
  'accord.project.spun-out.v1': {
    ...project(10, '2024-06-01T09:00:00.000Z', 'launch'),
    status: 'spun_out',
    outcomeId: grantId,
    company: 'Brainmorph Inc.',
    spunOutOn: '2024-06-01',
  },
  'accord.project.milestone-planned.v1': {
    ...project(11, '2019-04-01T09:00:00.000Z'),
    milestoneId,
    name: 'Prototype of the brain-morphic processor',
    plannedDate: '2020-03-31',
  },
  'accord.project.milestone-completed.v1': {
    ...project(12, '2020-03-15T09:00:00.000Z'),
    milestoneId,
    actualDate: '2020-03-15',
    evidence: 'Demo report, internal doc 2020-031',
  },
  'accord.project.budget-committed.v1': {
    ...project(13, '2020-04-01T09:00:00.000Z'),
    amount: 12_000_000,
    currency: 'JPY',
    totalBudget: 262_000_000,
    committedOn: '2020-04-01',
  },
  'accord.project.spend-recorded.v1': {
    ...project(14, '2020-11-02T09:00:00.000Z'),
    amount: 3_500_000,
    currency: 'JPY',
    description: 'Test chip fabrication run',
    spentOn: '2020-11-02',
    totalSpent: 48_500_000,
    overBudget: false,
  },
  'accord.project.outcome-recorded.v1': {
    ...project(16, '2022-08-01T09:00:00.000Z'),
    outcomeId: grantId,
    kind: 'patent_granted',
    title: 'Spiking neural network circuit with on-chip learning',
    occurredOn: '2022-08-01',
    partnerIds: [partnerId],
    patent: { jurisdiction: 'JP', applicationNumber: '2021-123456' },
    relatesTo: filingId,
    spinOutCompany: null,
  },
  'accord.project.patent-filed.v1': {
    ...project(15, '2021-02-10T09:00:00.000Z'),
    outcomeId: filingId,
    kind: 'patent_filed',
    title: 'Spiking neural network circuit with on-chip learning',
    occurredOn: '2021-02-10',
    partnerIds: [partnerId],
    patent: { jurisdiction: 'JP', applicationNumber: '2021-123456' },
    relatesTo: null,
    spinOutCompany: null,
  },
  'accord.project.flagged.v1': {
    ...project(17, '2030-03-31T09:00:05.000Z'),
    status: 'on_hold',
    agreementId,
    reason: 'agreement_terminated',
  },
};

/** The headers the example would arrive with (ids made up, but well-formed). */
export function exampleHeaders(type: MessageType): AccordMessageHeaders {
  const payload = MESSAGE_EXAMPLES[type] as unknown as Record<string, unknown>;
  const topic = TOPICS.find((t) => t.types.includes(type));
  if (!topic) throw new Error(`${type} is on no topic`);
  return {
    ce_specversion: '1.0',
    ce_id: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
    ce_type: type,
    ce_source: topic.source,
    ce_subject: String(payload[topic.key.field]),
    ce_time: String(payload.occurredAt),
    'content-type': 'application/json',
    correlation_id: '1f7c6d2e-9a4b-4c3d-8e5f-6a7b8c9d0e1f',
    causation_id: '2a8d7e3f-0b5c-4d4e-9f60-7b8c9d0e1f2a',
    actor: 'alliance-manager-ai-strategy',
  };
}
