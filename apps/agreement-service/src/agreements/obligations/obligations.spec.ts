import { BusinessRuleError, NotFoundError } from '@accord/event-store';
import type { AgreementEvent } from '../agreement';
import type { IsoDate } from '../calendar';
import type { AgreementCommand } from '../agreement.decide';
import { agreement, expired, historyOf, terminated, TODAY, transgene } from '../../../test/agreement.given';

describe('obligations (TG4050 co-development)', () => {
  const id = transgene.drafted.data.agreementId;
  const active = historyOf(transgene, 'active');
  const report = 'o-phase1-report';
  const add: AgreementCommand = {
    type: 'AddObligation',
    obligationId: report,
    kind: 'report',
    description: 'Phase I interim immunogenicity report',
    dueDate: '2024-06-30',
  };
  const added: AgreementEvent = {
    type: 'ObligationAdded',
    data: {
      agreementId: id,
      obligationId: report,
      kind: 'report',
      description: 'Phase I interim immunogenicity report',
      dueDate: '2024-06-30',
    },
  };
  const met = (metOn: IsoDate): AgreementEvent => ({
    type: 'ObligationMet',
    data: { agreementId: id, obligationId: report, metOn },
  });
  const waived: AgreementEvent = {
    type: 'ObligationWaived',
    data: { agreementId: id, obligationId: report, reason: 'superseded by the final report', waivedOn: '2024-07-10' },
  };
  const overdue: AgreementEvent = {
    type: 'ObligationOverdue',
    data: { agreementId: id, obligationId: report, dueDate: '2024-06-30' },
  };
  const withReport = [...active, added];
  const meet = (metOn: IsoDate): AgreementCommand => ({
    type: 'MeetObligation',
    obligationId: report,
    metOn,
    today: TODAY,
  });
  const waive: AgreementCommand = {
    type: 'WaiveObligation',
    obligationId: report,
    reason: 'superseded by the final report',
    waivedOn: '2024-07-10',
    today: TODAY,
  };
  const markOverdue = (today: IsoDate): AgreementCommand => ({
    type: 'MarkObligationOverdue',
    obligationId: report,
    today,
  });

  describe('adding', () => {
    it('records the obligation', () => {
      agreement().given(active).when(add).then([added]);
    });

    it('is allowed before signing', () => {
      agreement().given([transgene.drafted]).when(add).then([added]);
    });

    it('refuses the same id twice', () => {
      agreement().given(withReport).when(add).thenThrows(BusinessRuleError, 'obligation_exists');
    });

    it('is refused once the agreement has ended, and for an unknown agreement', () => {
      agreement()
        .given([...active, terminated(id, '2024-01-31')])
        .when(add)
        .thenThrows(BusinessRuleError, 'agreement_ended');
      agreement()
        .given([...active, expired(id, '2028-01-01')])
        .when(add)
        .thenThrows(BusinessRuleError, 'agreement_ended');
      agreement().given([]).when(add).thenThrows(NotFoundError, 'agreement_not_found');
    });
  });

  describe('meeting', () => {
    it('meets an open obligation, or an overdue one', () => {
      agreement()
        .given(withReport)
        .when(meet('2024-06-28'))
        .then([met('2024-06-28')]);
      agreement()
        .given([...withReport, overdue])
        .when(meet('2024-07-15'))
        .then([met('2024-07-15')]);
    });

    it('records nothing when met again', () => {
      agreement()
        .given([...withReport, met('2024-06-28')])
        .when(meet('2024-07-01'))
        .thenNothing();
    });

    it('refuses a waived obligation', () => {
      agreement()
        .given([...withReport, waived])
        .when(meet('2024-07-01'))
        .thenThrows(BusinessRuleError, 'obligation_closed');
    });
  });

  describe('waiving', () => {
    it('waives an open obligation, or an overdue one', () => {
      agreement().given(withReport).when(waive).then([waived]);
      agreement()
        .given([...withReport, overdue])
        .when(waive)
        .then([waived]);
    });

    it('records nothing when waived again', () => {
      agreement()
        .given([...withReport, waived])
        .when(waive)
        .thenNothing();
    });

    it('refuses a met obligation', () => {
      agreement()
        .given([...withReport, met('2024-06-28')])
        .when(waive)
        .thenThrows(BusinessRuleError, 'obligation_closed');
    });
  });

  describe('marking overdue (the scheduler)', () => {
    it('marks an open obligation overdue the day after it was due', () => {
      agreement().given(withReport).when(markOverdue('2024-07-01')).then([overdue]);
      agreement().given(withReport).when(markOverdue('2024-09-01')).then([overdue]);
    });

    it('does nothing on the due date or before', () => {
      agreement().given(withReport).when(markOverdue('2024-06-30')).thenNothing();
      agreement().given(withReport).when(markOverdue('2024-01-01')).thenNothing();
    });

    it('does nothing for an obligation already overdue, met or waived', () => {
      agreement()
        .given([...withReport, overdue])
        .when(markOverdue('2024-07-02'))
        .thenNothing();
      agreement()
        .given([...withReport, met('2024-06-28')])
        .when(markOverdue('2024-07-01'))
        .thenNothing();
      agreement()
        .given([...withReport, waived])
        .when(markOverdue('2024-07-01'))
        .thenNothing();
    });

    it('never marks one on an agreement that has ended', () => {
      agreement()
        .given([...withReport, terminated(id, '2024-03-31')])
        .when(markOverdue('2024-07-01'))
        .thenNothing();
      agreement()
        .given([...withReport, expired(id, '2024-05-01')])
        .when(markOverdue('2024-07-01'))
        .thenNothing();
    });
  });

  it('are not found when unknown, whatever the command', () => {
    const other = 'o-missing';
    for (const command of [
      { type: 'MeetObligation', obligationId: other, metOn: '2024-07-01', today: TODAY },
      { type: 'WaiveObligation', obligationId: other, reason: 'x', waivedOn: '2024-07-01', today: TODAY },
      { type: 'MarkObligationOverdue', obligationId: other, today: '2024-07-01' },
    ] satisfies AgreementCommand[]) {
      agreement().given(withReport).when(command).thenThrows(NotFoundError, 'obligation_not_found');
      agreement().given([]).when(command).thenThrows(NotFoundError, 'agreement_not_found');
    }
  });
});
