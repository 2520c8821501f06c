import { addDays, daysBetween, extendBy, termOf } from './calendar';

describe('terms', () => {
  it('are whole months when they are, and days otherwise', () => {
    expect(termOf('2016-07-01', '2026-06-30')).toEqual({ months: 120 });
    expect(termOf('2023-04-01', '2025-03-31')).toEqual({ months: 24 });
    expect(termOf('2025-01-10', '2025-02-05')).toEqual({ days: 27 });
    expect(extendBy('2026-03-31', { months: 12 })).toBe('2027-03-31');
    expect(extendBy('2024-02-29', { months: 12 })).toBe('2025-02-28');
    expect(extendBy('2025-02-27', { days: 28 })).toBe('2025-03-27');
  });
});

describe('dates', () => {
  it('counts the days between two dates, across month, year and leap-year boundaries', () => {
    expect(daysBetween('2026-06-30', '2026-06-30')).toBe(0);
    expect(daysBetween('2026-01-31', '2026-02-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2026-04-01', '2026-06-30')).toBe(90);
    expect(daysBetween('2026-07-01', '2026-06-30')).toBe(-1);
  });

  it('adds days, forwards and backwards, across month, year and leap-year boundaries', () => {
    expect(addDays('2026-06-30', 0)).toBe('2026-06-30');
    expect(addDays('2026-06-30', 1)).toBe('2026-07-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-31', -31)).toBe('2024-02-29');
    expect(addDays('2026-06-30', -90)).toBe('2026-04-01');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('are inverse of each other', () => {
    for (const [from, days] of [
      ['2016-07-01', 3651],
      ['2024-02-29', 365],
      ['2023-03-31', -400],
    ] as const) {
      expect(daysBetween(from, addDays(from, days))).toBe(days);
    }
  });
});
