import type { CallRequestName, RequestOf, ResponseOf } from '@shared/call/events';
import type { LiveState, ReactionKind } from '@shared/program/live';
import { estimateServerOffset, type ClockSample } from '@shared/program/videoSync';
import { CallError } from '../../lib/errors';
import { request } from '../socket';
import type { CallContext } from './context';

export type { ReactionKind };

/** A 👏 or 👍 someone sent, kept for a few seconds so screens can show it. */
export interface LiveReaction {
  readonly id: string;
  readonly peerId: string;
  readonly displayName: string;
  readonly kind: ReactionKind;
  /** Local clock (ms) when it arrived. */
  readonly at: number;
}

export const REACTION_SHOWN_MS = 4_000;
const CLOCK_SAMPLES = 3;

type LiveStateRequest = {
  [E in CallRequestName]: ResponseOf<E> extends LiveState ? E : never;
}[CallRequestName];

interface LiveProgramHooks {
  /** The host turned our microphone off: the same path as the user's own mute button. */
  muteMic(): void;
  /** The host removed us from the gathering: leave and do not come back by ourselves. */
  removed(): void;
}

/**
 * The session program as this device sees it: the latest LiveState (by revision), the server's
 * clock, the reactions of the last few seconds, the host's requests to this person, and every live
 * request (the host's controls, answers, hands, reactions). The CallClient feeds it the join answer
 * and the notices; it never renders.
 */
export class LiveProgram {
  private current: LiveState | null = null;
  private offset = 0;
  private hasClockSamples = false;
  private recent: readonly LiveReaction[] = [];
  private reactionTimer: ReturnType<typeof setTimeout> | null = null;
  private reactionCount = 0;
  private askedUnmute = false;
  private hostMuted = false;

  constructor(
    private readonly ctx: CallContext,
    private readonly hooks: LiveProgramHooks,
  ) {}

  get state(): LiveState | null {
    return this.current;
  }
  /** Server clock minus local clock, in ms. */
  get serverOffsetMs(): number {
    return this.offset;
  }
  get reactions(): readonly LiveReaction[] {
    return this.recent;
  }
  get unmuteAsked(): boolean {
    return this.askedUnmute;
  }
  get mutedByHost(): boolean {
    return this.hostMuted;
  }

  /** The server's clock now (ms), as well as this device can tell. */
  serverNow(): number {
    return Date.now() + this.offset;
  }

  // -----------------------------------------------------------------------------------------------
  // Fed by the CallClient

  /** Every (re)join: the join answer is the truth (the server may have restarted), then the clock is measured. */
  onJoined(state: LiveState, generation: number): void {
    this.current = null;
    if (!this.hasClockSamples) this.offset = state.serverTime - Date.now();
    this.apply(state);
    void this.measureClock(generation);
  }

  /** A newer picture replaces the one shown; an older one (late notice, late answer) is ignored. */
  apply(state: LiveState): void {
    if (this.current && state.revision < this.current.revision) return;
    this.current = state;
    this.ctx.changed();
  }

  onReaction(notice: Omit<LiveReaction, 'id' | 'at'>): void {
    const now = Date.now();
    const reaction: LiveReaction = { ...notice, id: `r${++this.reactionCount}`, at: now };
    this.recent = [...this.recent.filter((r) => now - r.at < REACTION_SHOWN_MS), reaction];
    this.scheduleReactionExpiry();
    this.ctx.changed();
  }

  onAskedUnmute(): void {
    this.askedUnmute = true;
    this.ctx.changed();
  }

  onMutedByHost(): void {
    this.askedUnmute = false;
    this.hostMuted = true;
    this.hooks.muteMic();
    this.ctx.changed();
  }

  /** The person turned the microphone on again: the reminder of who turned it off goes. */
  forgetMutedByHost(): void {
    if (!this.hostMuted) return;
    this.hostMuted = false;
    this.ctx.changed();
  }

  onRemoved(): void {
    this.hooks.removed();
  }

  /** The call ended: nothing from it stays on screen. */
  reset(): void {
    this.askedUnmute = false;
    this.hostMuted = false;
    this.recent = [];
    if (this.reactionTimer) clearTimeout(this.reactionTimer);
    this.reactionTimer = null;
  }

  // -----------------------------------------------------------------------------------------------
  // Anyone

  /** Answers the quiz shown now; answering again changes the answer. */
  answer(questionId: string, choiceIndex: number): Promise<LiveState> {
    return this.send('quiz:answer', { questionId, choiceIndex });
  }

  setHand(raised: boolean): Promise<LiveState> {
    return this.send('hand:set', { raised });
  }

  /** 👏 or 👍. Too many in a short time are dropped by the server; that is not worth a message. */
  async react(kind: ReactionKind): Promise<void> {
    try {
      await request(this.ctx.socket, 'reaction:send', { kind });
    } catch (error) {
      if (!(error instanceof CallError && error.code === 'RATE_LIMITED')) throw error;
    }
  }

  /** The person answered the host's 「マイクをオンに」 (either way): the question goes away. */
  dismissUnmuteAsk(): void {
    if (!this.askedUnmute) return;
    this.askedUnmute = false;
    this.ctx.changed();
  }

  // -----------------------------------------------------------------------------------------------
  // The host (refused with NOT_ALLOWED from anyone else)

  control(action: RequestOf<'program:control'>): Promise<LiveState> {
    return this.send('program:control', action);
  }
  setLayout(req: RequestOf<'program:setLayout'>): Promise<LiveState> {
    return this.send('program:setLayout', req);
  }
  video(req: RequestOf<'video:control'>): Promise<LiveState> {
    return this.send('video:control', req);
  }
  quiz(req: RequestOf<'quiz:control'>): Promise<LiveState> {
    return this.send('quiz:control', req);
  }
  startBreakout(req: RequestOf<'breakout:start'>): Promise<LiveState> {
    return this.send('breakout:start', req);
  }
  endBreakout(): Promise<LiveState> {
    return this.send('breakout:end', {});
  }
  lowerHands(): Promise<LiveState> {
    return this.send('host:lowerHands', {});
  }
  /** Returns how many microphones were turned off. */
  async muteAll(): Promise<number> {
    const { mutedCount } = await request(this.ctx.socket, 'host:muteAll', {});
    return mutedCount;
  }
  async askUnmute(peerId: string): Promise<void> {
    await request(this.ctx.socket, 'host:askUnmute', { peerId });
  }
  async remove(peerId: string): Promise<void> {
    await request(this.ctx.socket, 'host:remove', { peerId });
  }
  /** Someone removed in this session may join again. */
  readmit(peerId: string): Promise<LiveState> {
    return this.send('host:readmit', { peerId });
  }

  // -----------------------------------------------------------------------------------------------

  /** Sends a request answered with the new LiveState and shows it at once (the notice may come later). */
  private async send<E extends LiveStateRequest>(event: E, payload: RequestOf<E>): Promise<LiveState> {
    const state = (await request(this.ctx.socket, event, payload)) as LiveState;
    this.apply(state);
    return state;
  }

  /** A few round trips right after joining; the quickest one tells the server's clock best. */
  private async measureClock(generation: number): Promise<void> {
    const samples: ClockSample[] = [];
    try {
      for (let i = 0; i < CLOCK_SAMPLES; i++) {
        const sentAt = Date.now();
        const { serverTime } = await request(this.ctx.socket, 'live:clock', { clientTime: sentAt }, 5_000);
        if (this.ctx.isStale(generation)) return;
        samples.push({ sentAt, receivedAt: Date.now(), serverTime });
      }
    } catch (error) {
      this.ctx.log('live:clock failed', error);
    }
    if (samples.length === 0 || this.ctx.isStale(generation)) return;
    this.offset = estimateServerOffset(samples);
    this.hasClockSamples = true;
    this.ctx.changed();
  }

  private scheduleReactionExpiry(): void {
    if (this.reactionTimer || this.recent.length === 0) return;
    const oldest = this.recent[0]!;
    const wait = Math.max(0, oldest.at + REACTION_SHOWN_MS - Date.now());
    this.reactionTimer = setTimeout(() => {
      this.reactionTimer = null;
      const now = Date.now();
      this.recent = this.recent.filter((r) => now - r.at < REACTION_SHOWN_MS);
      this.scheduleReactionExpiry();
      this.ctx.changed();
    }, wait + 1);
  }
}
