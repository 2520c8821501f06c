import { checkBusinessDate } from './business-date';
import { BusinessRuleError } from './errors';

function refusal(check: () => unknown): BusinessRuleError {
  try {
    check();
  } catch (error) {
    if (error instanceof BusinessRuleError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('checkBusinessDate', () => {
  const approval = { date: '2016-08-29', code: 'before_approved', what: 'the approval' };

  it('returns a date on or before today and not before the acts it depends on', () => {
    expect(checkBusinessDate('signedOn', '2016-09-05', '2026-12-05', [approval])).toBe('2016-09-05');
    expect(checkBusinessDate('signedOn', '2026-12-05', '2026-12-05')).toBe('2026-12-05');
    expect(checkBusinessDate('signedOn', '2016-08-29', '2026-12-05', [approval])).toBe('2016-08-29');
  });

  it('refuses a day after today, naming the field', () => {
    expect(refusal(() => checkBusinessDate('signedOn', '2026-12-06', '2026-12-05'))).toMatchObject({
      code: 'date_in_future',
      details: { field: 'signedOn', date: '2026-12-06', today: '2026-12-05' },
    });
  });

  it('refuses a day before an earlier act, with that act’s code and date under its detail name', () => {
    expect(refusal(() => checkBusinessDate('signedOn', '2016-08-28', '2026-12-05', [approval]))).toMatchObject({
      code: 'before_approved',
      details: { field: 'signedOn', notBefore: '2016-08-29' },
    });
    const proposal = { date: '2017-01-16', code: 'before_proposed', what: 'the proposal', detail: 'proposedOn' };
    expect(refusal(() => checkBusinessDate('decidedOn', '2017-01-15', '2026-12-05', [proposal]))).toMatchObject({
      code: 'before_proposed',
      details: { proposedOn: '2017-01-16' },
    });
  });

  it('checks nothing against an act whose date is unknown', () => {
    const undated = { date: null, code: 'before_drafted', what: 'the draft' };
    expect(checkBusinessDate('signedOn', '1990-01-01', '2026-12-05', [undated])).toBe('1990-01-01');
  });
});
