import { BusinessRuleError, NotFoundError, ValidationError } from '@accord/event-store';
import type { Patent, ProjectEvent } from '../project';
import {
  BRAIN,
  brainMorphic,
  outcome,
  outcomeRecorded,
  historyAt,
  closedHistories,
  project,
  decide,
  stateOf,
  refusal,
} from '../../../test/project.given';

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
