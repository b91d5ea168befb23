/** A count per fixed window: at most `points` in `seconds`. */
export interface Window {
  points: number;
  seconds: number;
}

/** The socket edge's limits (the per-request budgets are in shared/src/call/budgets.ts). */
export interface RealtimeLimits {
  /**
   * Largest message a client may send, in bytes (socket.io's maxHttpBufferSize); a larger one closes its connection.
   * The largest real requests are about 2 KB (Chromium's call:ready 2,032 B, a simulcast call:produce 1,808 B).
   */
  maxMessageBytes: number;
  /** A socket that has not joined within this time (or left and did not join again) is closed. */
  joinWindowMs: number;
  /**
   * The same for a socket whose page asked `call:prepare` with valid credentials: a person looking at the lobby's
   * greeting before pressing 参加する (an older adult may take minutes).
   */
  lobbyWindowMs: number;
  /** Unknown or invalid messages a socket that has not joined may send before it is closed. */
  maxStrikes: number;
  /** New connections per client address (the handshake is refused beyond it; socket.io clients retry by themselves). */
  connectionsPerAddress: Window;
  /** Messages of any kind per socket; beyond it the socket is closed as a flood. */
  messagesPerSocket: Window;
}

export const defaultRealtimeLimits: RealtimeLimits = {
  maxMessageBytes: 16 * 1024,
  joinWindowMs: 10_000,
  lobbyWindowMs: 15 * 60_000,
  maxStrikes: 5,
  connectionsPerAddress: { points: 30, seconds: 10 },
  messagesPerSocket: { points: 500, seconds: 10 },
};
