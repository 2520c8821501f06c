/**
 * Projects from the real cases in the domain notes, at different stages, with the days each act
 * happened. Agreements are named by title (demo-agreements.ts), partners by name (demo-partners.ts).
 * The sources date the results (a year or a fiscal year), not the proposals and gate meetings: those
 * days are picked between the agreement's signature and the first result.
 */
export interface DemoProject {
  title: string;
  agreements: string[];
  leads: string[];
  technologyAreas: string[];
  budget: { amount: number; currency: string };
  proposedOn: string;
  /** Gate decisions, in order. */
  gates: { decision: 'go' | 'hold' | 'recycle'; decidedOn: string }[];
  outcomes: {
    kind: string;
    title: string;
    occurredOn: string;
    patent?: { jurisdiction: string; applicationNumber: string };
  }[];
  spend?: { amount: number; description: string; spentOn: string }[];
}

export const demoProjects: DemoProject[] = [
  {
    title: 'Brain-morphic AI processor for low-power information processing',
    agreements: ['NEC/University of Tokyo Strategic Partnership for Future AI Research and Education'],
    leads: ['University of Tokyo'],
    technologyAreas: ['brain-morphic-ai', 'ai'],
    budget: { amount: 300_000_000, currency: 'JPY' },
    proposedOn: '2017-01-16',
    gates: [
      { decision: 'go', decidedOn: '2017-09-29' },
      { decision: 'go', decidedOn: '2018-03-30' },
    ],
    outcomes: [
      { kind: 'invention_disclosure', title: 'Spiking neural circuit with on-chip learning', occurredOn: '2018-05-14' },
      {
        kind: 'patent_filed',
        title: 'Spiking neural circuit with on-chip learning',
        occurredOn: '2018-09-03',
        patent: { jurisdiction: 'JP', applicationNumber: '2018-164522' },
      },
    ],
    spend: [{ amount: 45_000_000, description: 'Test chip fabrication runs', spentOn: '2019-02-15' }],
  },
  {
    title: 'Quantum-secured storage of face-recognition reference data',
    agreements: ['Quantum cryptography and secret sharing for biometric data'],
    leads: ['National Institute of Information and Communications Technology (NICT)'],
    technologyAreas: ['quantum-cryptography', 'secret-sharing', 'biometrics'],
    budget: { amount: 80_000_000, currency: 'JPY' },
    proposedOn: '2019-04-15',
    gates: [
      { decision: 'go', decidedOn: '2019-07-10' },
      { decision: 'go', decidedOn: '2020-01-20' },
      { decision: 'go', decidedOn: '2020-07-15' },
    ],
    outcomes: [
      {
        kind: 'proof_of_concept',
        title: 'Authentication over the Tokyo QKD Network with secret-shared templates',
        occurredOn: '2020-10-20',
      },
      { kind: 'publication', title: 'Secret sharing for biometric reference data', occurredOn: '2021-03-01' },
    ],
  },
  {
    title: 'Secure computation for multi-institution genome analysis',
    agreements: ['Secure computation for genome analysis across institutions'],
    leads: ['Osaka University'],
    technologyAreas: ['secure-computation', 'genome-analysis'],
    budget: { amount: 40_000_000, currency: 'JPY' },
    proposedOn: '2019-10-15',
    gates: [],
    outcomes: [],
  },
  {
    title: 'TG4050 individualised neoantigen cancer vaccine trials',
    agreements: ['TG4050 AI-powered individualised cancer vaccine'],
    leads: ['Transgene'],
    technologyAreas: ['cancer-vaccines', 'ai', 'immunotherapy'],
    budget: { amount: 5_000_000, currency: 'EUR' },
    proposedOn: '2019-06-10',
    gates: [
      { decision: 'go', decidedOn: '2019-09-20' },
      { decision: 'go', decidedOn: '2020-01-15' },
      { decision: 'go', decidedOn: '2020-05-20' },
    ],
    outcomes: [
      {
        kind: 'patent_filed',
        title: 'Neoantigen selection for individualised vaccines',
        occurredOn: '2020-06-12',
        patent: { jurisdiction: 'EP', applicationNumber: 'EP20306321' },
      },
      {
        kind: 'publication',
        title: 'First patients enrolled in the TG4050 ovarian and head and neck trials',
        occurredOn: '2021-01-28',
      },
    ],
    spend: [{ amount: 1_200_000, description: 'Neoantigen prediction for the first cohort', spentOn: '2021-03-31' }],
  },
];
