import { fold } from '@accord/event-store';
import { COMPANY, type AgreementEvent } from './agreement';
import { agreementDecider, type AgreementCommand } from './agreement.decide';
import { A, allianceTerms, AMENDED_ON, approve, decide, draft, revise, TODAY } from '../../test/agreement.given';

describe('a whole life, command by command', () => {
  it('folds what each decision records into the state the next one is decided on', () => {
    const commands: AgreementCommand[] = [
      draft(allianceTerms),
      revise({ noticePeriodDays: 120 }),
      { type: 'StartNegotiation' },
      { type: 'SubmitForReview' },
      approve('2016-06-15'),
      { type: 'Sign', partyId: 'p-utokyo', signedOn: '2016-06-20', today: '2016-06-20' },
      { type: 'Sign', partyId: COMPANY, signedOn: '2016-06-22', today: '2016-06-22' },
      { type: 'Activate', today: '2016-07-01' },
      {
        type: 'Amend',
        summary: 'Adds quantum computing',
        changes: { technologyAreas: ['ai', 'quantum-computing'] },
        effectiveOn: AMENDED_ON,
        today: TODAY,
      },
      { type: 'OpenRenewalWindow', today: '2026-05-16' },
      { type: 'Renew', newExpiryDate: '2031-06-30', renewedOn: '2026-05-20', today: '2026-05-20' },
      { type: 'OpenRenewalWindow', today: '2031-04-01' },
    ];
    const history: AgreementEvent[] = [];
    for (const command of commands) history.push(...decide(history, command));
    expect(history.map((event) => event.type)).toEqual([
      'AgreementDrafted',
      'AgreementTermsRevised',
      'AgreementNegotiationStarted',
      'AgreementSubmittedForReview',
      'AgreementApproved',
      'AgreementSignedByParty',
      'AgreementSignedByParty',
      'AgreementFullyExecuted',
      'AgreementActivated',
      'AgreementAmended',
      'AgreementRenewalWindowOpened',
      'AgreementRenewed',
      'AgreementRenewalWindowOpened',
    ]);
    expect(fold(agreementDecider, history)).toEqual({
      exists: true,
      agreementId: A,
      type: 'comprehensive_alliance',
      terms: {
        ...allianceTerms,
        noticePeriodDays: 120,
        technologyAreas: ['ai', 'quantum-computing'],
        expiryDate: '2031-06-30',
      },
      status: 'active',
      signatures: { 'p-utokyo': '2016-06-20', company: '2016-06-22' },
      draftedOn: null,
      approvedOn: '2016-06-15',
      executedOn: '2016-06-22',
      amendments: 1,
      renewals: 1,
      // Ten years from 2016-07-01, as first agreed.
      term: { months: 120 },
      windowsOpened: [90],
      obligations: {},
    });
  });
});
