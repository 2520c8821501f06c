/**
 * Agreements from the real cases in the domain notes, told with their real dates. Parties are named
 * as in demo-partners.ts. An agreement with `signed` is logged as executed in one request (its
 * approval and every party's signature, each on its day, as an alliance manager enters a signed
 * paper); `steps` takes one still in progress as far as it has gone.
 *
 * Dates: the 2016 alliance's from its announcement (5 Sep 2016). The other cases are reported in the
 * company's results for fiscal 2020 (April 2019 to March 2020), which give no day: a date within that
 * year is picked for each and said so below. Expiry dates, terms and the drafting dates (a few weeks
 * before each approval) are not in the sources.
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
  /** Drafted on `draftedOn`, approved by legal on `approvedOn`, signed by us and every partner on `signedOn`. */
  signed?: { draftedOn: string; approvedOn: string; signedOn: string };
  steps?: ('negotiate' | 'review' | 'approve')[];
}

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
    // Announced and concluded on 5 Sep 2016; the approval a week before is assumed.
    signed: { draftedOn: '2016-06-20', approvedOn: '2016-08-29', signedOn: '2016-09-05' },
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
    // One of the alliance's first actions (announced with it); signed before the 2017 academic year, a date picked.
    signed: { draftedOn: '2017-01-16', approvedOn: '2017-02-20', signedOn: '2017-03-10' },
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
    // Demonstrated in fiscal 2020; the joint R&D from the start of that year, a date picked.
    signed: { draftedOn: '2019-02-04', approvedOn: '2019-03-15', signedOn: '2019-03-25' },
  },
  {
    title: 'Secure computation for genome analysis across institutions',
    type: 'joint_research',
    parties: ['Osaka University'],
    purpose: 'Trials of secure computation so analysts can run their own methods on encrypted genome data.',
    ownerId: 'alliance-healthcare',
    technologyAreas: ['secure-computation', 'genome-analysis'],
    effectiveDate: '2019-10-01',
    expiryDate: '2029-12-31',
    // Trials in fiscal 2020: a date within it picked.
    signed: { draftedOn: '2019-08-05', approvedOn: '2019-09-12', signedOn: '2019-09-20' },
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
    effectiveDate: '2019-11-01',
    expiryDate: '2027-09-30',
    ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 30, backgroundIpListed: false },
    // Approved by the consortium in fiscal 2020: a date within it picked.
    signed: { draftedOn: '2019-09-02', approvedOn: '2019-10-15', signedOn: '2019-10-28' },
  },
  {
    title: 'MOU on preventive health-check services in Bihar',
    type: 'mou',
    parties: ['Government of Bihar'],
    purpose: 'Periodic home-visit health checks and lifestyle advice to mitigate chronic diseases such as diabetes.',
    ownerId: 'alliance-public-sector',
    technologyAreas: ['preventive-healthcare'],
    effectiveDate: '2020-01-20',
    // Concluded in fiscal 2020: a date within it picked.
    signed: { draftedOn: '2019-12-02', approvedOn: '2020-01-10', signedOn: '2020-01-20' },
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
    // Co-development from the company's entry into drug development (May 2019); the first patients were enrolled in fiscal 2020.
    signed: { draftedOn: '2019-04-08', approvedOn: '2019-05-13', signedOn: '2019-05-24' },
  },
];
