/**
 * The live program's countdown as a pure state machine. Times are the server's clock in ms; the
 * server applies host actions, every screen computes the countdown from `endsAt` with its own
 * estimate of the server clock, so all screens switch and count together.
 */
export type ProgramStatus = 'not-started' | 'running' | 'paused' | 'finished';

export interface ProgramClock {
  readonly status: ProgramStatus;
  /** The current segment (0 before the start; the last one once finished). */
  readonly index: number;
  /** While running: when the current segment's planned time is up (server ms). */
  readonly endsAt: number | null;
  /** While not running: the time left in the current segment (negative once over time). */
  readonly remainingMs: number;
}

export type ProgramAction =
  | { action: 'start' }
  | { action: 'next' }
  | { action: 'previous' }
  | { action: 'goto'; index: number }
  | { action: 'pause' }
  | { action: 'resume' }
  | { action: 'extend'; minutes: number };

const MINUTE = 60_000;

export function initialClock(plannedMinutes: readonly number[]): ProgramClock {
  return { status: 'not-started', index: 0, endsAt: null, remainingMs: (plannedMinutes[0] ?? 0) * MINUTE };
}

/** Time left in the current segment at `now`; negative when over time. */
export function remainingMs(clock: ProgramClock, now: number): number {
  return clock.status === 'running' && clock.endsAt !== null ? clock.endsAt - now : clock.remainingMs;
}

/** Applies one host action. `plannedMinutes` is the program's segments' planned minutes, in order. */
export function applyProgramAction(
  clock: ProgramClock,
  action: ProgramAction,
  plannedMinutes: readonly number[],
  now: number,
): ProgramClock {
  const last = plannedMinutes.length - 1;
  const enter = (index: number): ProgramClock => {
    const target = Math.min(Math.max(index, 0), last);
    return { status: 'running', index: target, endsAt: now + plannedMinutes[target]! * MINUTE, remainingMs: 0 };
  };
  switch (action.action) {
    case 'start':
      return clock.status === 'not-started' ? enter(clock.index) : clock;
    case 'next':
      if (clock.status === 'not-started') return enter(clock.index);
      if (clock.status === 'finished') return clock;
      return clock.index >= last ? { status: 'finished', index: last, endsAt: null, remainingMs: 0 } : enter(clock.index + 1);
    case 'previous':
      if (clock.status === 'finished') return enter(last);
      return clock.status === 'not-started' ? clock : enter(clock.index - 1);
    case 'goto':
      return enter(action.index);
    case 'pause':
      return clock.status === 'running' ? { ...clock, status: 'paused', endsAt: null, remainingMs: remainingMs(clock, now) } : clock;
    case 'resume':
      return clock.status === 'paused' ? { ...clock, status: 'running', endsAt: now + clock.remainingMs, remainingMs: 0 } : clock;
    case 'extend': {
      const extra = action.minutes * MINUTE;
      if (clock.status === 'running' && clock.endsAt !== null) return { ...clock, endsAt: Math.max(clock.endsAt, now) + extra };
      if (clock.status === 'finished') return clock;
      return { ...clock, remainingMs: Math.max(clock.remainingMs, 0) + extra };
    }
  }
}

/** After the program was edited during the session: keep the current segment if it still exists. */
export function clampClock(clock: ProgramClock, plannedMinutes: readonly number[], now: number): ProgramClock {
  if (plannedMinutes.length === 0) return initialClock(plannedMinutes);
  if (clock.index < plannedMinutes.length) return clock;
  return applyProgramAction(clock, { action: 'goto', index: plannedMinutes.length - 1 }, plannedMinutes, now);
}
