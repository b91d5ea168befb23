import type { Clock } from '../../server/src/core/clock';
import type { SessionDaySettings } from '../../server/src/core/config';

/** A clock a test sets and moves; it stands still in between. */
export class TestClock implements Clock {
  private current: number;

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }

  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}

/**
 * The test servers' day of a session unless a test gives its own: the demo's session today (10:00–11:30 Japan time)
 * can be joined and is not ended automatically whenever the tests run. Production: 30 / 30 / 60 minutes.
 */
export const TEST_SESSION_DAY: SessionDaySettings = { joinOpensMinutes: 24 * 60, joinGraceMinutes: 24 * 60, autoEndMinutes: 24 * 60 };
