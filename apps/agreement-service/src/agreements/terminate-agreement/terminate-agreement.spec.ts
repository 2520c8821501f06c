import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import { A, agreement, expired, historyOf, terminated, TODAY, utokyo } from '../../../test/agreement.given';

describe('termination', () => {
  it.each(['draft', 'in_negotiation', 'in_review', 'approved', 'signed', 'active'] as const)(
    'ends an agreement %s, with the reason and the date',
    (stage) => {
      agreement()
        .given(historyOf(utokyo, stage))
        .when({ type: 'Terminate', reason: 'partner withdrew', terminatedOn: '2020-01-31', today: TODAY })
        .then([terminated(A, '2020-01-31')]);
    },
  );

  it('is refused once terminated or expired', () => {
    const active = historyOf(utokyo, 'active');
    agreement()
      .given([...active, terminated(A, '2020-01-31')])
      .when({ type: 'Terminate', reason: 'again', terminatedOn: '2020-02-01', today: TODAY })
      .thenThrows(BusinessRuleError, 'agreement_ended');
    agreement()
      .given([...active, expired(A, '2026-07-01')])
      .when({ type: 'Terminate', reason: 'late', terminatedOn: '2026-07-02', today: TODAY })
      .thenThrows(BusinessRuleError, 'agreement_ended');
  });

  it('is refused for an unknown agreement', () => {
    agreement()
      .given([])
      .when({ type: 'Terminate', reason: 'x', terminatedOn: '2020-01-31', today: TODAY })
      .thenThrows(NotFoundError, 'agreement_not_found');
  });
});
