import type { CheckinOffer } from '@shared/checkins/offer';
import { DEFAULT_CHECKIN_QUESTIONS } from '@shared/checkins/defaultQuestions';
import type { Checkin, CheckinAnswers } from '@shared/checkins/schemas';
import type { RoomRegistry } from '../../call/RoomRegistry';
import { WrongNodeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { LiveSessions } from '../../program/live/LiveSessions';
import type { CallIdentity } from '../../sessions/service';
import type { PhoneRefused } from '../directory';
import type { CallerHandOver } from '../handOff';
import { phoneCheckinQuestions, type PhoneCheckinQuestion } from '../checkinQuestions';
import type { CallerLookup, IvrPrompt, PinCheck } from '../ivr';
import { IvrRunner } from '../ivrRunner';
import type { PhoneLeg } from '../media/PhoneLeg';
import type { PromptId } from '../promptList';
import type { PromptLibrary } from '../prompts';
import type { PhoneCall } from '../types';
import { CheckinRunner } from './CheckinRunner';
import { promptsFor } from './spokenPrompts';
import type { VideoSounds } from './VideoSounds';

/** The check-ins the home page uses (CheckinService): the same offer and the same rows. */
export interface PhoneCheckins {
  offer(sessionId: string, participantId: string): CheckinOffer | Promise<CheckinOffer>;
  submitOwn(sessionId: string, participantId: string, input: { answers: CheckinAnswers; trouble: boolean }): Checkin | Promise<Checkin>;
}

export interface CallSessionDeps {
  rooms: RoomRegistry;
  live: LiveSessions;
  prompts: PromptLibrary;
  checkins: PhoneCheckins;
  /** The exercise video's sound, mixed into every caller's line. */
  videoSounds: VideoSounds;
  logger: Logger;
  /** Multi-node: callers whose session another node holds are transferred there (absent on a single node). */
  handOver?: CallerHandOver;
}

/** How long a transfer to the node holding the session may take before the caller is told and the call ends. */
const HAND_OVER_TIMEOUT_MS = 15_000;

/** Who the caller is, once known (by number, keypad or because the gathering called them). */
export type KeypadCheck = (pin: string) => Promise<{ ok: true; identity: CallIdentity } | PhoneRefused>;

/**
 * One telephone call from the moment its line is open until it ends: the dialog (IvrRunner) on the call's leg,
 * keys from RTP or SIP INFO, then the room. Whatever ends first (the caller hangs up, the host removes them, the
 * room closes) ends the rest.
 */
export class PhoneCallSession {
  private identity: CallIdentity | null = null;
  private refusal: PhoneRefused | null = null;
  private muted = false;
  private inRoom = false;
  private ended = false;
  /** Bumped when prompts are stopped, so that the rest of a stopped sequence is not played. */
  private promptRun = 0;
  private readonly runner: IvrRunner;
  /** The keypad check-in, once the gathering ended with the caller on the line. */
  private checkin: CheckinRunner | null = null;
  private checkinAsked = false;
  private readonly answers: CheckinAnswers = {};
  /** The keypad answers' stores, one after another in the order they were keyed. */
  private answersStored: Promise<void> = Promise.resolve();
  private readonly logger: Logger;
  private readonly endListeners: (() => void)[] = [];

  constructor(
    private readonly call: PhoneCall,
    private readonly leg: PhoneLeg,
    private readonly deps: CallSessionDeps,
    private readonly checkKeypad: KeypadCheck,
  ) {
    const logger = deps.logger.child({ callId: call.callId });
    this.logger = logger;
    this.runner = new IvrRunner(
      { play: (prompt) => this.play(prompt), stopPrompt: () => this.stopPrompts() },
      {
        checkPin: (pin) => this.checkPin(pin),
        join: () => this.joinRoom(),
        toggleMute: () => this.toggleMute(),
        raiseHand: () => this.raiseHand(),
        hangup: () => this.end(),
      },
      (error) => logger.error({ err: error }, 'telephone call failed; hanging up'),
    );
    leg.on('dtmf', (digit) => this.digit(digit));
    leg.on('mutedByHost', () => this.mutedByHost());
    leg.on('sessionEnded', () => this.afterGathering());
    if (deps.handOver) leg.on('roomMoved', () => this.followMovedRoom());
    leg.on('ended', () => this.end());
    call.on('dtmf', (digit) => this.digit(digit));
    call.on('mediaChanged', (media) => leg.setRemote(media));
    call.on('ended', () => this.end());
  }

  /**
   * Starts the dialog: a known caller (or one the gathering called) joins after the greeting. A caller known at once
   * (or called from a node that does not hold the session) whose session another node holds is handed over before
   * anything is played: that node greets them. `muted`: handed over from a node where their microphone was off; they
   * join with it off.
   */
  start(lookup: CallerLookup, who: CallIdentity | PhoneRefused | null, { muted = false }: { muted?: boolean } = {}): void {
    this.muted = muted;
    if (who && 'peerId' in who) this.identity = who;
    else if (who) this.refusal = who;
    if (lookup.kind !== 'known' || !this.deps.handOver) {
      this.runner.start(lookup);
      return;
    }
    void this.handedOverElsewhere(false)
      .then((handed) => {
        if (!handed) this.runner.start(lookup);
      })
      .catch((error: unknown) => this.cannotHandOver(error));
  }

  get peerId(): string | null {
    return this.identity?.peerId ?? null;
  }

  onEnded(listener: () => void): void {
    this.endListeners.push(listener);
  }

  /** Ends the call, its dialog and its leg (leaves the room); safe to call from any side, twice. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.runner.close();
    this.checkin?.close();
    this.leg.close();
    this.call.hangup();
    for (const listener of this.endListeners.splice(0)) listener();
  }

  private digit(digit: string): void {
    if (this.checkin) this.checkin.digit(digit);
    else this.runner.digit(digit);
  }

  /**
   * The gathering ended with the caller on the line: instead of hanging up at once, the keypad check-in the home
   * page would offer them (or only the goodbye), then BYE.
   */
  private afterGathering(): void {
    if (this.ended || this.checkinAsked) return;
    this.checkinAsked = true;
    this.runner.close();
    this.inRoom = false;
    void this.startCheckin().catch((error: unknown) => {
      this.logger.error({ err: error }, 'the keypad check-in failed; hanging up');
      this.end();
    });
  }

  /**
   * Multi-node: the caller's session moved to another node (a drain, a lost lease) and its room here closed. The
   * caller follows it as the devices rejoin: transferred to the session's next node, where they hear only
   * 「集まりに入りました」 (they were greeted here) and join its room. If that cannot be done (no node with a telephone
   * takes the session, the transfer fails, or placement put the session back here) they are told and the call ends.
   */
  private followMovedRoom(): void {
    if (this.ended) return;
    this.inRoom = false;
    this.runner.close();
    this.logger.info('the session moved to another node; the caller follows it');
    void this.handedOverElsewhere(true)
      .then((handed) => {
        if (!handed) this.cannotHandOver(new Error('the session was placed on this node again; its room here is closed'));
      })
      .catch((error: unknown) => this.cannotHandOver(error));
  }

  private async startCheckin(): Promise<void> {
    const questions = await this.checkinQuestions();
    if (this.ended) return;
    this.logger.info({ questions: questions.length }, 'gathering ended; keypad check-in');
    this.checkin = new CheckinRunner(
      questions,
      { play: (prompt) => this.playNow([prompt]), stopPrompt: () => this.stopPrompts() },
      { answer: (questionKey, answerKey) => this.saveAnswer(questionKey, answerKey), hangup: () => this.end() },
    );
    this.checkin.start();
  }

  /** The same offer as the home page's: consent given, not yet answered for this session. */
  private async checkinQuestions(): Promise<PhoneCheckinQuestion[]> {
    const participantId = this.identity?.participantId;
    if (!participantId) return [];
    try {
      return phoneCheckinQuestions(await this.deps.checkins.offer(this.identity!.session.id, participantId), DEFAULT_CHECKIN_QUESTIONS);
    } catch (error) {
      this.logger.warn({ err: error }, 'no check-in offer for the caller; goodbye only');
      return [];
    }
  }

  /**
   * Each answer is stored as it is given (the row holds every answer so far, the rest 'skipped'): a caller who
   * hangs up half way keeps what they answered, as a home participant who skips questions does.
   */
  private saveAnswer(questionKey: string, answerKey: string): void {
    const participantId = this.identity?.participantId;
    if (!participantId) return;
    this.answers[questionKey] = answerKey;
    const sessionId = this.identity!.session.id;
    const answers = { ...this.answers };
    this.answersStored = this.answersStored
      .then(async () => {
        await this.deps.checkins.submitOwn(sessionId, participantId, { answers, trouble: false });
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not store a keypad check-in answer'));
  }

  private async play(prompt: IvrPrompt): Promise<void> {
    await this.playNow(promptsFor(prompt, this.refusal));
  }

  /** In the call, prompts play over the room's sound, so that nobody is cut off for the caller. */
  private async playNow(ids: readonly PromptId[]): Promise<void> {
    const run = this.promptRun;
    for (const id of ids) {
      const samples = this.deps.prompts.get(id);
      if (samples) await this.leg.playPrompt(samples, { overRoom: this.inRoom });
      if (this.ended || run !== this.promptRun) return;
    }
  }

  private stopPrompts(): void {
    this.promptRun++;
    this.leg.stopPrompts();
  }

  private async checkPin(pin: string): Promise<PinCheck> {
    const result = await this.checkKeypad(pin);
    if ('identity' in result) {
      this.identity = result.identity;
      // Handed over (or told why not): this node's dialog is closed, so the answer is not fed to it.
      await this.handedOverElsewhere(true).catch((error: unknown) => this.cannotHandOver(error));
      return 'ok';
    }
    if (result.reason === 'WRONG_KEYPAD_NUMBER') return 'wrong';
    if (result.reason === 'TOO_MANY_ATTEMPTS') return 'limited';
    this.refusal = result;
    return 'noGathering';
  }

  private async joinRoom(): Promise<void> {
    if (!this.identity) throw new Error('joining without knowing who is calling');
    let room;
    try {
      room = await this.deps.rooms.getOrCreate(this.identity.session.id);
    } catch (error) {
      // The session moved to another node after the caller was found (a drain, a lost lease): hand them over.
      if (!(error instanceof WrongNodeError) || !this.deps.handOver) throw error;
      const handed = await this.handedOverElsewhere(true).catch((handOverError: unknown) => {
        this.cannotHandOver(handOverError);
        return true;
      });
      if (handed) return;
      throw error;
    }
    await this.leg.joinRoom(room, this.identity, { muted: this.muted });
    this.deps.videoSounds.attach(this.leg, this.deps.live.forRoom(room));
    this.inRoom = true;
    // Handed over with the microphone off: after 「集まりに入りました」, how to turn it on again.
    if (this.muted) void this.playNow(['self-muted']);
  }

  /**
   * Multi-node: when another node holds the caller's session, transfers the call there (REFER to that node with a
   * signed hand-off) and answers true; this node's dialog stops at once. False when the session is held here.
   */
  private async handedOverElsewhere(greeted: boolean): Promise<boolean> {
    const handOver = this.deps.handOver;
    const identity = this.identity;
    if (!handOver || !identity?.participantId || this.ended) return false;
    const target = await handOver.targetFor({
      sessionId: identity.session.id,
      participantId: identity.participantId,
      greeted,
      muted: this.muted,
    });
    if (!target) return false;
    this.runner.close();
    void this.transferTo(target.uri, target.nodeId).catch((error: unknown) => this.cannotHandOver(error));
    return true;
  }

  private async transferTo(uri: string, nodeId: string): Promise<void> {
    this.logger.info({ nodeId }, 'handing the caller over to the node holding their session');
    const result = await this.call.transfer(uri, HAND_OVER_TIMEOUT_MS);
    if (result.outcome === 'transferred' || result.outcome === 'ended') {
      this.logger.info({ nodeId, outcome: result.outcome }, 'caller handed over');
      this.end();
      return;
    }
    this.cannotHandOver(new Error(`transfer ${result.outcome}${'status' in result ? ` (${result.status})` : ''}`), nodeId);
  }

  /** The caller could not be handed over (REFER refused, the new call failed, no telephone there): told, then BYE. */
  private cannotHandOver(error: unknown, nodeId?: string): void {
    if (this.ended) return;
    this.logger.warn({ err: error, nodeId }, 'could not hand the caller over to the node holding their session; hanging up');
    this.runner.close();
    void this.playNow(['cannot-join', 'goodbye']).finally(() => this.end());
  }

  /**
   * The host muted the caller (their voice is paused in the room): the chime and why. Their microphone is now off,
   * as a browser's is: `*6` turns it on, and a hand-off to another node carries it.
   */
  private mutedByHost(): void {
    this.muted = true;
    void this.playNow(['chime', 'muted-by-host']);
  }

  private async toggleMute(): Promise<boolean> {
    this.muted = !this.muted;
    await this.leg.setMuted(this.muted);
    return this.muted;
  }

  private raiseHand(): void {
    const peerId = this.identity?.peerId;
    if (!peerId) return;
    void this.deps.rooms
      .find(this.identity!.session.id)
      .then(async (room) => {
        const peer = room?.getPeer(peerId);
        if (room && peer) await (await this.deps.live.ready(room)).setHand(peer, true);
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not raise the caller’s hand'));
  }
}
