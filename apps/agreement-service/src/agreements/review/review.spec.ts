import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import {
  A,
  agreement,
  approve,
  approved,
  historyOf,
  negotiationStarted,
  submitted,
  terminated,
  TODAY,
  utokyo,
} from '../../../test/agreement.given';

describe('negotiation, review and approval', () => {
  it('takes a draft through negotiation, review and approval', () => {
    agreement()
      .given(historyOf(utokyo, 'draft'))
      .when({ type: 'StartNegotiation' })
      .then([negotiationStarted(A)]);
    agreement()
      .given(historyOf(utokyo, 'in_negotiation'))
      .when({ type: 'SubmitForReview' })
      .then([submitted(A)]);
    agreement()
      .given(historyOf(utokyo, 'in_review'))
      .when(approve('2016-06-15', TODAY))
      .then([approved(A, '2016-06-15')]);
  });

  it('sends a draft straight to review, without negotiation', () => {
    agreement()
      .given([utokyo.drafted])
      .when({ type: 'SubmitForReview' })
      .then([submitted(A)]);
  });

  it('records nothing when a step is repeated', () => {
    agreement().given(historyOf(utokyo, 'in_negotiation')).when({ type: 'StartNegotiation' }).thenNothing();
    agreement().given(historyOf(utokyo, 'in_review')).when({ type: 'SubmitForReview' }).thenNothing();
    agreement()
      .given(historyOf(utokyo, 'approved'))
      .when({ type: 'Approve', approvedBy: 'u-someone-else', approvedOn: '2016-06-16', today: TODAY })
      .thenNothing();
  });

  it.each(['in_review', 'approved', 'signed', 'active'] as const)('does not negotiate one %s', (stage) => {
    agreement()
      .given(historyOf(utokyo, stage))
      .when({ type: 'StartNegotiation' })
      .thenThrows(BusinessRuleError, 'not_a_draft');
  });

  it.each(['approved', 'signed', 'active'] as const)('does not review one %s', (stage) => {
    agreement()
      .given(historyOf(utokyo, stage))
      .when({ type: 'SubmitForReview' })
      .thenThrows(BusinessRuleError, 'not_reviewable');
  });

  it.each(['draft', 'in_negotiation', 'signed', 'active'] as const)('does not approve one %s', (stage) => {
    agreement().given(historyOf(utokyo, stage)).when(approve()).thenThrows(BusinessRuleError, 'not_in_review');
  });

  it('refuses every step on a terminated agreement', () => {
    const history = [...historyOf(utokyo, 'in_review'), terminated(A, '2016-05-01')];
    agreement().given(history).when({ type: 'StartNegotiation' }).thenThrows(BusinessRuleError, 'agreement_ended');
    agreement().given(history).when({ type: 'SubmitForReview' }).thenThrows(BusinessRuleError, 'agreement_ended');
    agreement().given(history).when(approve()).thenThrows(BusinessRuleError, 'agreement_ended');
  });

  it('is refused for an unknown agreement', () => {
    agreement().given([]).when({ type: 'StartNegotiation' }).thenThrows(NotFoundError, 'agreement_not_found');
    agreement().given([]).when({ type: 'SubmitForReview' }).thenThrows(NotFoundError, 'agreement_not_found');
    agreement().given([]).when(approve()).thenThrows(NotFoundError, 'agreement_not_found');
  });
});
