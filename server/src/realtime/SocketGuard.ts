import type { Socket } from 'socket.io';
import type { RealtimeLimits } from './limits';
import type { WindowLimiter } from './RequestLimiter';
import type { ThrottledLog } from './ThrottledLog';

/** What the guard needs to know of the connection: whether it is in a call now, or in its lobby (prepared). */
export interface JoinState {
  readonly inCall: boolean;
  readonly prepared?: boolean;
  /** Takes part in a session outside the call (a caption writer's page): kept open like a joined socket. */
  readonly attached?: unknown;
}

export interface SocketGuardDeps {
  limits: RealtimeLimits;
  /** Messages per socket (shared by all sockets, keyed by socket id). */
  messages: WindowLimiter;
  log: ThrottledLog;
  now?: () => number;
}

/**
 * Closes one socket that is not worth keeping: one that has not joined within the join window (the lobby window once
 * its page has prepared with valid credentials; or left and did not join again), one that has not joined and keeps sending unknown or invalid messages (strikes), and one that floods.
 * A page whose socket is closed connects again by itself when it wants to be in the call (client Reconnector).
 */
export class SocketGuard {
  private strikes = 0;
  private unjoinedSince: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly now: () => number;

  constructor(
    private readonly socket: Pick<Socket, 'id' | 'disconnect'>,
    private readonly state: JoinState,
    private readonly deps: SocketGuardDeps,
  ) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.unjoinedSince = this.now();
    this.schedule(this.deps.limits.joinWindowMs);
  }

  /** Counts one incoming message; false when the socket is over its message budget (it is closed then). */
  async admitMessage(): Promise<boolean> {
    if (this.closed) return false;
    const retryAfterMs = await this.deps.messages.admit(this.socket.id);
    if (retryAfterMs === undefined) return true;
    this.close('flood', 'socket sent too many messages; closed');
    return false;
  }

  /** An unknown or invalid message: it counts toward closing a socket that has not joined. */
  strike(): void {
    if (this.closed || this.present) return;
    this.strikes += 1;
    if (this.strikes >= this.deps.limits.maxStrikes)
      this.close('strikes', 'socket sent unknown or invalid messages before joining; closed');
  }

  /** The socket is gone: stop watching it. */
  dispose(): void {
    this.closed = true;
    this.clearTimer();
  }

  private get present(): boolean {
    return this.state.inCall || this.state.attached !== undefined;
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(this.checkJoined, delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly checkJoined = (): void => {
    this.timer = undefined;
    if (this.closed) return;
    const limits = this.deps.limits;
    if (this.present) {
      this.unjoinedSince = undefined;
      this.schedule(limits.joinWindowMs);
      return;
    }
    const window = this.state.prepared ? limits.lobbyWindowMs : limits.joinWindowMs;
    const now = this.now();
    this.unjoinedSince ??= now;
    const waited = now - this.unjoinedSince;
    if (waited >= window) this.close('join-deadline', 'socket did not join in time; closed');
    else this.schedule(window - waited);
  };

  private close(kind: 'flood' | 'strikes' | 'join-deadline', message: string): void {
    if (this.closed) return;
    this.dispose();
    this.deps.log.warn(kind, { socketId: this.socket.id }, message);
    try {
      this.socket.disconnect(true);
    } catch (error) {
      this.deps.log.error('internal', { err: error, socketId: this.socket.id }, 'closing a socket failed');
    }
  }
}
