import type { LocalSourceState } from './types';

/** The device cannot be used (missing, refused, busy…), and nobody is asking for it right now. */
export function isUnavailable(state: LocalSourceState): boolean {
  return !state.track && !state.acquiring && state.problem !== null;
}

/** The device works and the user turned it off. */
export function isTurnedOff(state: LocalSourceState): boolean {
  return !!state.track && !state.enabled;
}
