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

/**
 * A clock set to a time of the test's choosing, that runs on from there as a real one does: acts
 * recorded one after another get times in that order, and `set` moves it on (or back).
 */
export class FakeClock extends Clock {
  private setAt = performance.now();

  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime() + Math.floor(performance.now() - this.setAt));
  }

  set(to: Date | string): void {
    this.current = new Date(to);
    this.setAt = performance.now();
  }
}
