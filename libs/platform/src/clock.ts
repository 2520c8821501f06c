/**
 * The time, injected: time-based rules (activation, expiry, overdue obligations) are tested by
 * moving a fake clock, never by waiting. Tests override the provider with `FakeClock`.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Today's date in UTC, `YYYY-MM-DD`: agreements and obligations run by calendar days. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export class FakeClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }
}
