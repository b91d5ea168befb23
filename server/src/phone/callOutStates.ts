import type { CallOutState } from '@shared/phone/schemas';

/** How long the roster shows how a call went (one gathering's day). */
export const CALL_STATE_KEPT_MS = 12 * 60 * 60_000;

/** A call that still waits for a line or rings: the person is being called (a second tap is refused). */
export function isRinging(state: CallOutState | undefined): boolean {
  return state === 'waiting' || state === 'ringing';
}

/**
 * Each person's last call from a gathering (「電話をかける」), for the roster: kept in this server's memory, or
 * shared by the nodes of a cluster (cluster/RedisCallOutStates.ts), so that a session that moves node keeps them.
 */
export interface CallOutStates {
  /** The gathering's people's last call states, by participant id. */
  of(sessionId: string): Promise<Map<string, CallOutState>>;
  set(sessionId: string, participantId: string, state: CallOutState): Promise<void>;
}

/** One server's call states, each kept for a day. */
export class MemoryCallOutStates implements CallOutStates {
  /** `${sessionId}|${participantId}` → the state and when it was set. */
  private readonly calls = new Map<string, { state: CallOutState; at: number }>();

  of(sessionId: string): Promise<Map<string, CallOutState>> {
    const prefix = `${sessionId}|`;
    const states = new Map<string, CallOutState>();
    for (const [key, entry] of this.calls) if (key.startsWith(prefix)) states.set(key.slice(prefix.length), entry.state);
    return Promise.resolve(states);
  }

  set(sessionId: string, participantId: string, state: CallOutState): Promise<void> {
    const now = Date.now();
    for (const [key, entry] of this.calls) if (now - entry.at > CALL_STATE_KEPT_MS) this.calls.delete(key);
    this.calls.set(`${sessionId}|${participantId}`, { state, at: now });
    return Promise.resolve();
  }
}
