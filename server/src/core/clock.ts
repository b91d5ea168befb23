/** What time it is, for rules that depend on it (the join window, auto-end, the planner); tests give their own. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
