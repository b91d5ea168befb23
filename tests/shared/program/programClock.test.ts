import { describe, expect, it } from 'vitest';
import { applyProgramAction, clampClock, initialClock, remainingMs, type ProgramClock } from '@shared/program/programClock';

const MINUTE = 60_000;
const planned = [5, 10, 15];
const T0 = 1_000_000;

const started = (): ProgramClock => applyProgramAction(initialClock(planned), { action: 'start' }, planned, T0);

describe('program clock', () => {
  it('starts at the first segment with its planned minutes as the countdown', () => {
    expect(initialClock(planned)).toEqual({ status: 'not-started', index: 0, endsAt: null, remainingMs: 5 * MINUTE });
    expect(started()).toEqual({ status: 'running', index: 0, endsAt: T0 + 5 * MINUTE, remainingMs: 0 });
    expect(remainingMs(started(), T0 + MINUTE)).toBe(4 * MINUTE);
  });

  it('counts below zero when a segment runs over time, without moving on by itself', () => {
    expect(remainingMs(started(), T0 + 6 * MINUTE)).toBe(-MINUTE);
  });

  it('next enters the following segment with a fresh countdown and finishes after the last', () => {
    const second = applyProgramAction(started(), { action: 'next' }, planned, T0 + MINUTE);
    expect(second).toMatchObject({ status: 'running', index: 1, endsAt: T0 + MINUTE + 10 * MINUTE });
    const third = applyProgramAction(second, { action: 'next' }, planned, T0 + 2 * MINUTE);
    const finished = applyProgramAction(third, { action: 'next' }, planned, T0 + 3 * MINUTE);
    expect(finished).toEqual({ status: 'finished', index: 2, endsAt: null, remainingMs: 0 });
    expect(applyProgramAction(finished, { action: 'next' }, planned, T0 + 4 * MINUTE)).toBe(finished);
  });

  it('previous goes back (restarting that segment) and from finished re-enters the last one', () => {
    const second = applyProgramAction(started(), { action: 'next' }, planned, T0);
    expect(applyProgramAction(second, { action: 'previous' }, planned, T0 + MINUTE)).toMatchObject({
      index: 0,
      endsAt: T0 + MINUTE + 5 * MINUTE,
    });
    const finished: ProgramClock = { status: 'finished', index: 2, endsAt: null, remainingMs: 0 };
    expect(applyProgramAction(finished, { action: 'previous' }, planned, T0)).toMatchObject({ status: 'running', index: 2 });
    expect(applyProgramAction(started(), { action: 'previous' }, planned, T0)).toMatchObject({ index: 0 });
  });

  it('goto clamps to the program', () => {
    expect(applyProgramAction(started(), { action: 'goto', index: 9 }, planned, T0)).toMatchObject({ index: 2, endsAt: T0 + 15 * MINUTE });
  });

  it('pause keeps the time left and resume continues from it', () => {
    const paused = applyProgramAction(started(), { action: 'pause' }, planned, T0 + 2 * MINUTE);
    expect(paused).toEqual({ status: 'paused', index: 0, endsAt: null, remainingMs: 3 * MINUTE });
    expect(remainingMs(paused, T0 + 60 * MINUTE)).toBe(3 * MINUTE);
    const resumed = applyProgramAction(paused, { action: 'resume' }, planned, T0 + 10 * MINUTE);
    expect(resumed).toEqual({ status: 'running', index: 0, endsAt: T0 + 13 * MINUTE, remainingMs: 0 });
  });

  it('extend adds minutes, counted from now when already over time', () => {
    expect(applyProgramAction(started(), { action: 'extend', minutes: 1 }, planned, T0).endsAt).toBe(T0 + 6 * MINUTE);
    expect(applyProgramAction(started(), { action: 'extend', minutes: 1 }, planned, T0 + 7 * MINUTE).endsAt).toBe(T0 + 8 * MINUTE);
    const paused = applyProgramAction(started(), { action: 'pause' }, planned, T0 + MINUTE);
    expect(applyProgramAction(paused, { action: 'extend', minutes: 2 }, planned, T0).remainingMs).toBe(6 * MINUTE);
  });

  it('clampClock keeps the segment if it still exists, else moves to the new last one', () => {
    const third = applyProgramAction(started(), { action: 'goto', index: 2 }, planned, T0);
    expect(clampClock(third, [5, 10, 15, 20], T0 + MINUTE)).toBe(third);
    expect(clampClock(third, [5, 10], T0 + MINUTE)).toMatchObject({ status: 'running', index: 1, endsAt: T0 + MINUTE + 10 * MINUTE });
    expect(clampClock(third, [], T0)).toMatchObject({ status: 'not-started', index: 0 });
  });
});
