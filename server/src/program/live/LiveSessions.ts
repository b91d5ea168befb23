import type { LiveState } from '@shared/program/live';
import type { Room } from '../../call/Room';
import type { RoomRegistry } from '../../call/RoomRegistry';
import type { Logger } from '../../core/logger';
import { LiveSession, type LiveSources } from './LiveSession';
import type { LiveStateStore } from './liveStore';

export interface LiveSessionsOptions {
  /** The server clock (ms); tests may replace it. */
  now?: () => number;
  /** A live program whose room stayed closed this long is forgotten (the host never pressed 終える). */
  idleDisposeMs?: number;
  /** How long one "minute" of the small-group timer lasts (ms). Only tests shorten it. */
  breakoutMinuteMs?: number;
  /** How long a moved session's first join waits for its saved live program to be read (ms). */
  resumeWaitMs?: number;
}

const DEFAULT_IDLE_DISPOSE_MS = 3 * 60 * 60 * 1000;
/**
 * A Redis read takes a millisecond; one still unanswered after this is Redis in trouble (the client has no command
 * timeout). The join is then answered with the program's start, well within the device's 10 s request timeout, and
 * the resumed program follows in `live:state` once read.
 */
export const RESUME_WAIT_MS = 2_000;
const MINUTE_MS = 60_000;

/**
 * The live programs by session id. One outlives its session's rooms: it is created with the first
 * room, follows every later room of the session, and ends when the host ends the session (or after
 * its room stayed closed for hours). With a shared store (several nodes) each change is saved there and a live
 * program is forgotten as soon as its room closes: the session may come back on another node, and the next room,
 * here or there, resumes from the store.
 */
export class LiveSessions {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly now: () => number;
  private readonly idleDisposeMs: number;
  private readonly breakoutMinuteMs: number;
  private readonly resumeWaitMs: number;

  constructor(
    rooms: RoomRegistry,
    private readonly sources: LiveSources,
    private readonly store: LiveStateStore,
    private readonly logger: Logger,
    options: LiveSessionsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.idleDisposeMs = options.idleDisposeMs ?? DEFAULT_IDLE_DISPOSE_MS;
    this.breakoutMinuteMs = options.breakoutMinuteMs ?? MINUTE_MS;
    this.resumeWaitMs = options.resumeWaitMs ?? RESUME_WAIT_MS;
    rooms.on('roomCreated', (room) => this.forRoom(room));
    sources.programs.onProgramSaved((sessionId) => this.followSavedProgram(sessionId));
  }

  serverTime(): number {
    return this.now();
  }

  /** The live program of this room's session, following this room. */
  forRoom(room: Room): LiveSession {
    let session = this.sessions.get(room.sessionId);
    if (!session) {
      const timing = { now: this.now, breakoutMinuteMs: this.breakoutMinuteMs };
      session = new LiveSession(room.sessionId, this.sources, timing, this.store, this.logger.child({ sessionId: room.sessionId }));
      this.sessions.set(room.sessionId, session);
      this.forgetIfUnreadable(session);
    }
    if (session.attachedRoom !== room && !room.closed) {
      session.attach(room);
      this.cancelIdleDispose(room.sessionId);
      room.once('closed', () => this.scheduleIdleDispose(room.sessionId, session));
    }
    return session;
  }

  /** The live program of this room's session once its saved program has been read: what the host's actions need. */
  async ready(room: Room): Promise<LiveSession> {
    const session = this.forRoom(room);
    await session.ready;
    return session;
  }

  /**
   * For the join answer: the live program as this peer sees it. With a shared store, a join that comes before the
   * saved program has been read (the first joins of a session new on this node) waits for that one read, so that a
   * moved session's devices start where it was; at most `resumeWaitMs`, and a read that failed gives the start.
   */
  async joinView(room: Room, peerId: string): Promise<LiveState> {
    const session = this.forRoom(room);
    if (this.store.shared && !session.isLoaded) await settledWithin(session.ready, this.resumeWaitMs);
    return this.forRoom(room).viewFor(peerId);
  }

  /** Refuses someone the host removed from this session (REMOVED) and tells the host they tried. */
  assertMayJoin(sessionId: string, peerId: string): void {
    this.sessions.get(sessionId)?.assertMayJoin(peerId);
  }

  find(sessionId: string): LiveSession | undefined {
    return this.sessions.get(sessionId);
  }

  /** The host ended the session: its live program is gone, here and in the store. */
  dispose(sessionId: string): void {
    this.forget(sessionId);
    this.store
      .end(sessionId, this.now())
      .catch((error: unknown) => this.logger.error({ err: error, sessionId }, 'could not end the saved live program'));
  }

  /** The server stops: the live programs leave its memory (a shared store keeps them for the node that takes over). */
  disposeAll(): void {
    for (const sessionId of [...this.sessions.keys()]) this.forget(sessionId);
  }

  private forget(sessionId: string): void {
    this.cancelIdleDispose(sessionId);
    this.sessions.get(sessionId)?.dispose();
    this.sessions.delete(sessionId);
  }

  /**
   * Called by the program service after the save has committed: nothing may escape from here, or the
   * host's save would be answered with an error although it was stored.
   */
  private followSavedProgram(sessionId: string): void {
    const logFailure = (error: unknown) => this.logger.error({ err: error, sessionId }, 'could not reload the program');
    try {
      this.sessions.get(sessionId)?.reloadSegments().catch(logFailure);
    } catch (error) {
      logFailure(error);
    }
  }

  /** A live program whose saved program could not be read is dropped: the next request makes a new one. */
  private forgetIfUnreadable(session: LiveSession): void {
    session.ready.catch((error: unknown) => {
      this.logger.error({ err: error, sessionId: session.sessionId }, 'could not read the program');
      if (this.sessions.get(session.sessionId) === session) this.forget(session.sessionId);
    });
  }

  private scheduleIdleDispose(sessionId: string, session: LiveSession): void {
    if (this.sessions.get(sessionId) !== session || session.attachedRoom) return;
    this.cancelIdleDispose(sessionId);
    if (this.store.shared) return this.forget(sessionId);
    const timer = setTimeout(() => {
      if (!session.attachedRoom) this.forget(sessionId);
    }, this.idleDisposeMs);
    timer.unref();
    this.idleTimers.set(sessionId, timer);
  }

  private cancelIdleDispose(sessionId: string): void {
    clearTimeout(this.idleTimers.get(sessionId));
    this.idleTimers.delete(sessionId);
  }
}

/** Waits until the promise settles (either way) or `ms` have passed, whichever comes first. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([promise.then(noop, noop), timeUp]);
  clearTimeout(timer);
}

function noop(): void {}
