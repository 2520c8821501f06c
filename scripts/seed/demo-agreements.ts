/**
 * Agreements from the real cases in the domain notes. Parties are named as in demo-partners.ts;
 * `steps` says how far each one has gone (the seed walks it through the real API).
 */
export interface DemoAgreement {
  title: string;
  type: string;
  parties: string[];
  /** The title of the master agreement it falls under. */
  parent?: string;
  purpose: string;
  ownerId: string;
  technologyAreas: string[];
  effectiveDate: string;
  expiryDate?: string;
  autoRenew?: boolean;
  funding?: { direction: string; amount: number; currency: string; schedule?: string }[];
  ipTerms?: { foregroundOwnership: string; publicationReviewDays: number; backgroundIpListed: boolean };
  obligations?: { kind: string; description: string; dueDate: string }[];
  steps: ('negotiate' | 'review' | 'approve' | 'sign')[];
}

const SIGNED: DemoAgreement['steps'] = ['negotiate', 'review', 'approve', 'sign'];

export const demoAgreements: DemoAgreement[] = [
  {
    title: 'NEC/University of Tokyo Strategic Partnership for Future AI Research and Education',
    type: 'comprehensive_alliance',
    parties: ['University of Tokyo'],
    purpose:
      'Organisation-to-organisation alliance: brain-morphic AI research, ethics and legal implications of AI, scholarships and long-term internships; top management involved on both sides.',
    ownerId: 'alliance-ai-strategy',
    technologyAreas: ['ai', 'brain-morphic-ai', 'ai-ethics', 'ai-law'],
    effectiveDate: '2016-09-05',
    expiryDate: '2031-09-04',
    funding: [{ direction: 'outbound', amount: 1_000_000_000, currency: 'JPY', schedule: 'yearly, over the alliance' }],
    ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 60, backgroundIpListed: true },
    obligations: [{ kind: 'report', description: 'Annual report to both steering committees', dueDate: '2027-03-31' }],
    steps: SIGNED,
  },
  {
    title: 'Future AI Scholarship and long-term doctoral internships',
    type: 'scholarship_internship',
    parties: ['University of Tokyo'],
    parent: 'NEC/University of Tokyo Strategic Partnership for Future AI Research and Education',
    purpose: 'Scholarships for doctoral students studying AI, and long-term internships at the company.',
    ownerId: 'alliance-ai-strategy',
    technologyAreas: ['ai', 'scholarships'],
    effectiveDate: '2017-04-01',
    expiryDate: '2027-03-31',
    autoRenew: true,
    steps: SIGNED,
  },
  {
    title: 'Quantum cryptography and secret sharing for biometric data',
    type: 'joint_research',
    parties: ['National Institute of Information and Communications Technology (NICT)'],
    purpose: 'Storing and transmitting face-recognition data with quantum cryptography and secret sharing.',
    ownerId: 'alliance-ai-security',
    technologyAreas: ['quantum-cryptography', 'secret-sharing', 'biometrics'],
    effectiveDate: '2019-04-01',
    expiryDate: '2027-01-31',
    ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 45, backgroundIpListed: true },
    obligations: [
      { kind: 'milestone_evidence', description: 'Demonstration of the authentication system', dueDate: '2026-10-31' },
    ],
    steps: SIGNED,
  },
  {
    title: 'Secure computation for genome analysis across institutions',
    type: 'joint_research',
    parties: ['Osaka University'],
    purpose: 'Trials of secure computation so analysts can run their own methods on encrypted genome data.',
    ownerId: 'alliance-healthcare',
    technologyAreas: ['secure-computation', 'genome-analysis'],
    effectiveDate: '2027-01-01',
    expiryDate: '2029-12-31',
    // Signed, coming into force next year.
    steps: SIGNED,
  },
  {
    title: 'Inter-AI Negotiation Automation Platform Testbed',
    type: 'testbed',
    parties: [
      'Industrial Internet Consortium',
      'Fraunhofer IOSB',
      'Kabuku Inc.',
      'Korea Electronics Technology Institute',
      'Oki Electric Industry',
      'Toyota Tsusho',
      'National Institute of Advanced Industrial Science and Technology (AIST)',
    ],
    purpose: 'A testbed for automated negotiation between AI systems coordinating interests across companies.',
    ownerId: 'alliance-industrial-iot',
    technologyAreas: ['inter-ai-negotiation', 'industrial-iot', 'testbeds'],
    effectiveDate: '2018-10-01',
    expiryDate: '2027-09-30',
    ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 30, backgroundIpListed: false },
    steps: SIGNED,
  },
  {
    title: 'MOU on preventive health-check services in Bihar',
    type: 'mou',
    parties: ['Government of Bihar'],
    purpose: 'Periodic home-visit health checks and lifestyle advice to mitigate chronic diseases such as diabetes.',
    ownerId: 'alliance-public-sector',
    technologyAreas: ['preventive-healthcare'],
    effectiveDate: '2019-02-01',
    steps: SIGNED,
  },
  {
    title: 'TG4050 AI-powered individualised cancer vaccine',
    type: 'co_development',
    parties: ['Transgene'],
    purpose:
      'Co-development of TG4050; first patients enrolled in two clinical trials (ovarian, head and neck cancers).',
    ownerId: 'alliance-healthcare',
    technologyAreas: ['ai', 'cancer-vaccines', 'immunotherapy'],
    effectiveDate: '2019-06-01',
    expiryDate: '2028-05-31',
    funding: [
      { direction: 'in_kind', amount: 5_000_000, currency: 'EUR', schedule: 'AI neoantigen prediction services' },
    ],
    ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 90, backgroundIpListed: true },
    obligations: [
      { kind: 'report', description: 'Clinical trial progress report (ovarian cancer arm)', dueDate: '2026-12-31' },
      {
        kind: 'publication_review',
        description: 'Review of the head and neck cancer trial publication',
        dueDate: '2027-02-28',
      },
    ],
    steps: SIGNED,
  },
];
