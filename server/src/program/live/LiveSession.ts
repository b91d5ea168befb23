import type { z } from 'zod';
import type * as live from '@shared/program/live';
import { applyProgramAction, clampClock, initialClock, type ProgramClock } from '@shared/program/programClock';
import { defaultLayoutFor, type Segment } from '@shared/program/schemas';
import type { Peer } from '../../call/Peer';
import type { LeaveReason, Room } from '../../call/Room';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { LetterSource, ProgramSource, QuizSource, VideoSource } from '../ports';
import { groupIdOf, placeLateJoiner, planBreakout, removeFromGroups, VENUE_PEER_ID } from './breakouts';
import type { LiveStateStore, SavedLiveState } from './liveStore';
import { QuizRound } from './quizRound';
import { msUntilVideoEnds } from '@shared/program/videoSync';
import { endVideoIfOver, loadVideo, moveVideo, setVideoDuration } from './videoTimeline';

export interface LiveSources {
  programs: ProgramSource;
  videos: VideoSource;
  letters: LetterSource;
  quizzes: QuizSource;
}

type Input<T extends z.ZodType> = z.output<T>;
type Breakout = live.LiveBreakout & { timer: NodeJS.Timeout };

/** The server clock (ms) and how long one minute of the small-group timer lasts (shorter only in tests). */
export interface LiveTiming {
  now: () => number;
  breakoutMinuteMs: number;
}

const REACTION_INTERVAL_MS = 500;
/**
 * A person leaving on purpose (退出), removed, or whose access ended: their hand and leading end. A dropped connection does not
 * count: weak home Wi-Fi drops often and the device rejoins by itself, back with its hand still up and still
 * leading (while a leader is away the screens show the venue large).
 */
const PERSON_LEFT: ReadonlySet<LeaveReason> = new Set(['left', 'removed', 'revoked']);
/** Sent out of the gathering: they also leave their small group. */
const SENT_OUT: ReadonlySet<LeaveReason> = new Set(['removed', 'revoked']);

/**
 * The live program of one session: clock, layout, exercise video, quiz, small groups, hands. It
 * outlives the session's Room (rooms close when empty or when a media worker dies) so that people
 * who come back land where everyone is. The Room stays the owner of media; this asks it to apply
 * groups, spotlight, the leader (always heard) and mutes. After every change each device gets its own view (`live:state`).
 */
export class LiveSession {
  private room: Room | undefined;
  private segments: Segment[] = [];
  private clock: ProgramClock = initialClock([]);
  private layoutChoice: live.LayoutChoice = 'auto';
  private leaderPeerId: string | null = null;
  private video: live.LiveVideo | null = null;
  private videoEndTimer: NodeJS.Timeout | undefined;
  /** Who follows the video's timeline (the telephone bridge), and the timeline they were last given. */
  private readonly videoFollowers = new Set<(video: live.LiveVideo | null) => void>();
  private followedVideo: live.LiveVideo | null = null;
  private quiz: QuizRound | null = null;
  private breakout: Breakout | null = null;
  private readonly hands = new Map<string, z.output<typeof live.RaisedHand>>();
  /** Removed for the rest of the session, unless the host lets them in again (readmit). */
  private readonly removed = new Map<string, live.RemovedPerson>();
  private readonly lastReactionAt = new Map<string, number>();
  private revision = 0;
  private readonly now: () => number;
  /** When this live program was made: one made before the host ended the session may not save it again. */
  private readonly bornAt: number;
  /** Saves start once the saved program (and a state another node saved) has been read. */
  private loaded = false;
  /** Settles once the saved program has been read (rejects if it cannot be: LiveSessions then forgets this one). */
  readonly ready: Promise<void>;

  constructor(
    readonly sessionId: string,
    private readonly sources: LiveSources,
    private readonly timing: LiveTiming,
    private readonly store: LiveStateStore,
    private readonly logger: Logger,
  ) {
    this.now = timing.now;
    this.bornAt = this.now();
    this.ready = this.loadProgram();
  }

  get attachedRoom(): Room | undefined {
    return this.room;
  }

  /** Whether the saved program (and a state another node saved) has been read. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** The session's (new) room: follow its peers and give it the current groups and spotlight. */
  attach(room: Room): void {
    this.detach();
    this.room = room;
    room.on('peerJoined', this.onPeerJoined);
    room.on('peerLeft', this.onPeerLeft);
    room.once('closed', this.detach);
    void this.syncMedia();
  }

  /** The host ended the session. */
  dispose(): void {
    if (this.breakout) clearTimeout(this.breakout.timer);
    this.breakout = null;
    clearTimeout(this.videoEndTimer);
    this.detach();
    for (const follower of this.videoFollowers) this.tellFollower(follower, null);
    this.videoFollowers.clear();
  }

  /**
   * Follows the exercise video's timeline: called now with the current one, then after every change (loaded,
   * played, paused, moved, its length known, ended, closed: null), and with null once the session has ended.
   * Returns the function that stops following. The telephone bridge plays the video's sound to callers by it.
   */
  followVideo(follower: (video: live.LiveVideo | null) => void): () => void {
    this.videoFollowers.add(follower);
    this.tellFollower(follower, this.video);
    return () => this.videoFollowers.delete(follower);
  }

  viewFor(peerId: string): live.LiveState {
    const effective = this.layout();
    return {
      revision: this.revision,
      serverTime: this.now(),
      segments: this.segments,
      clock: { status: this.clock.status, index: this.clock.index, endsAt: this.clock.endsAt, remainingMs: this.clock.remainingMs },
      layoutChoice: this.layoutChoice,
      layout: effective,
      leaderPeerId: this.leaderPeerId,
      video: this.video,
      quiz: this.quiz?.view(peerId) ?? null,
      breakout: this.breakout ? { groups: this.breakout.groups, endsAt: this.breakout.endsAt } : null,
      hands: [...this.hands.values()],
      removed: peerId === VENUE_PEER_ID ? [...this.removed.values()] : [],
      you: { groupId: this.groupOf(peerId), handRaised: this.hands.has(peerId) },
    };
  }

  /**
   * The saved program changed. Before the start it starts from its (new) first segment; once started, it
   * stays in the current segment wherever that moved (saves keep segment ids), or at the same place in the
   * list if that segment was deleted.
   */
  async reloadSegments(): Promise<void> {
    await this.ready;
    const segments = await this.sources.programs.segmentsFor(this.sessionId);
    const currentId = this.segments[this.clock.index]?.id;
    this.segments = segments;
    const movedTo = this.segments.findIndex((segment) => segment.id === currentId);
    if (this.clock.status === 'not-started') this.clock = initialClock(this.plannedMinutes());
    else if (movedTo >= 0) this.clock = { ...this.clock, index: movedTo };
    else this.clock = clampClock(this.clock, this.plannedMinutes(), this.now());
    await this.commit();
  }

  // The host's actions; each answers with the venue's view.

  async controlProgram(action: Input<typeof live.ProgramControl>): Promise<live.LiveState> {
    if (this.segments.length === 0) throw new AppError('CONFLICT', 'The program has no segments');
    this.clock = applyProgramAction(this.clock, action, this.plannedMinutes(), this.now());
    return this.committedForVenue();
  }

  async setLayout(request: Input<typeof live.SetLayout>): Promise<live.LiveState> {
    if (request.leaderPeerId !== undefined) this.leaderPeerId = this.checkLeader(request.leaderPeerId);
    if (request.layoutChoice) this.layoutChoice = request.layoutChoice;
    return this.committedForVenue();
  }

  async controlVideo(request: Input<typeof live.VideoControl>): Promise<live.LiveState> {
    if (request.action === 'load')
      this.video = loadVideo(await this.sources.videos.playableFor(this.sessionId, request.videoId), this.now());
    else if (request.action === 'loadLetter')
      this.video = loadVideo(await this.sources.letters.playableFor(this.sessionId, request.letterId), this.now());
    else if (request.action === 'close') this.video = null;
    else if (!this.video) throw new AppError('CONFLICT', 'No video is loaded: load one first');
    else if (request.action === 'duration') this.video = setVideoDuration(this.video, request.durationSec, this.now());
    else this.video = moveVideo(this.video, request, this.now());
    this.followVideoEnd();
    return this.committedForVenue();
  }

  async controlQuiz(request: Input<typeof live.QuizControl>): Promise<live.LiveState> {
    if (request.action === 'show') this.quiz = new QuizRound(await this.sources.quizzes.questionFor(this.sessionId, request.questionId));
    else if (request.action === 'close') this.quiz = null;
    else if (!this.quiz) throw new AppError('CONFLICT', 'No question is shown');
    else if (request.action === 'results') this.quiz.showResults();
    else this.quiz.setVenueCount(request.choiceIndex, request.count);
    return this.committedForVenue();
  }

  async startBreakout(request: Input<typeof live.StartBreakout>): Promise<live.LiveState> {
    if (this.breakout) throw new AppError('CONFLICT', 'Small groups are already running: return to the main room first');
    const homePeerIds = this.peers()
      .filter((peer) => peer.role === 'home')
      .map((peer) => peer.id);
    const groups = planBreakout(request.split, request.venue, homePeerIds);
    this.runBreakout(groups, this.now() + request.minutes * this.timing.breakoutMinuteMs);
    return this.committedForVenue();
  }

  /** The server, not the host's tablet, ends the groups on time: everyone returns even if the host is offline. */
  private runBreakout(groups: live.BreakoutGroup[], endsAt: number): void {
    const timer = setTimeout(
      () => {
        this.endBreakout().catch((error: unknown) => this.logger.error({ err: error }, 'could not end small groups'));
      },
      Math.max(0, endsAt - this.now()),
    );
    timer.unref();
    this.breakout = { groups, endsAt, timer };
  }

  /** Everyone back to the main room; nothing happens if the groups have already ended. */
  async endBreakout(): Promise<live.LiveState> {
    if (!this.breakout) return this.viewFor(VENUE_PEER_ID);
    clearTimeout(this.breakout.timer);
    this.breakout = null;
    return this.committedForVenue();
  }

  async lowerHands(): Promise<live.LiveState> {
    this.hands.clear();
    return this.committedForVenue();
  }

  /** Mutes everyone's microphone except the leader's (the venue when no one is chosen) and the venue's own. */
  async muteAll(): Promise<{ mutedCount: number }> {
    const keep = new Set([VENUE_PEER_ID, this.leaderPeerId ?? VENUE_PEER_ID]);
    return { mutedCount: (await this.room?.muteAudioExcept(keep)) ?? 0 };
  }

  askUnmute(peerId: string): void {
    const { room, peer } = this.homePeer(peerId, 'ask the venue to unmute');
    room.notify(peer, 'host:askedUnmute', {});
  }

  remove(peerId: string): void {
    const { room, peer } = this.homePeer(peerId, 'remove the venue');
    this.removed.set(peer.id, { peerId: peer.id, displayName: peer.displayName, removedAt: this.now(), triedAgainAt: null });
    room.notify(peer, 'host:removedYou', {});
    room.removePeer(peer, 'removed');
    this.commitInBackground();
  }

  async readmit(peerId: string): Promise<live.LiveState> {
    if (!this.removed.delete(peerId)) throw new AppError('NOT_FOUND', 'No one with this id was removed in this session', 'peerId');
    return this.committedForVenue();
  }

  /** Before someone enters the room: a removed person is refused, and the host sees that they tried. */
  assertMayJoin(peerId: string): void {
    const removed = this.removed.get(peerId);
    if (!removed) return;
    this.removed.set(peerId, { ...removed, triedAgainAt: this.now() });
    this.commitInBackground();
    throw new AppError('REMOVED', 'The host removed you from this session; the host can let you in again');
  }

  // Anyone's actions.

  async answerQuiz(peer: Peer, request: Input<typeof live.QuizAnswer>): Promise<live.LiveState> {
    if (peer.role !== 'home') throw new AppError('NOT_ALLOWED', 'The venue answers by hands; the host enters the counts');
    if (!this.quiz) throw new AppError('CONFLICT', 'No question is shown');
    this.quiz.answer(peer.id, request.questionId, request.choiceIndex);
    await this.commit();
    return this.viewFor(peer.id);
  }

  async setHand(peer: Peer, raised: boolean): Promise<live.LiveState> {
    const changed = raised ? !this.hands.has(peer.id) : this.hands.has(peer.id);
    if (raised && changed) this.hands.set(peer.id, { peerId: peer.id, displayName: peer.displayName, raisedAt: this.now() });
    if (!raised) this.hands.delete(peer.id);
    if (changed) await this.commit();
    return this.viewFor(peer.id);
  }

  react(peer: Peer, kind: Input<typeof live.ReactionKind>): void {
    const now = this.now();
    const last = this.lastReactionAt.get(peer.id);
    if (last !== undefined && now - last < REACTION_INTERVAL_MS)
      throw new AppError('RATE_LIMITED', 'One reaction at a time: wait a moment');
    this.lastReactionAt.set(peer.id, now);
    this.openRoom()?.broadcast('live:reaction', { peerId: peer.id, displayName: peer.displayName, kind });
  }

  // Inside.

  private async loadProgram(): Promise<void> {
    // Side by side: a moved session's first join waits for both (LiveSessions.joinView).
    const savedState = this.store.load(this.sessionId).catch((error: unknown) => {
      this.logger.error({ err: error }, 'could not read the saved live program: it starts again');
      return undefined;
    });
    this.segments = await this.sources.programs.segmentsFor(this.sessionId);
    this.clock = initialClock(this.plannedMinutes());
    const saved = await savedState;
    if (saved) this.resume(saved);
    this.loaded = true;
    if (saved) this.sendOutRemoved();
    // Whoever joined while the program was being read was answered without it; a resumed one is saved and shown.
    if (saved || this.peers().length > 0) this.commitInBackground();
  }

  /** Another node's live program of this session (a drain, a crash): where it was, its timers running on. */
  private resume(saved: SavedLiveState): void {
    this.revision = saved.revision;
    const index = this.segments.findIndex((segment) => segment.id === saved.segmentId);
    if (this.segments.length > 0)
      this.clock = index >= 0 ? { ...saved.clock, index } : clampClock(saved.clock, this.plannedMinutes(), this.now());
    this.layoutChoice = saved.layoutChoice;
    this.leaderPeerId = saved.leaderPeerId;
    this.video = saved.video;
    this.followVideoEnd();
    this.quiz = saved.quiz ? QuizRound.restore(saved.quiz) : null;
    // Groups whose time ran out while the session moved have ended.
    if (saved.breakout && saved.breakout.endsAt > this.now()) this.runBreakout(saved.breakout.groups, saved.breakout.endsAt);
    for (const hand of saved.hands) this.hands.set(hand.peerId, hand);
    for (const person of saved.removed) this.removed.set(person.peerId, person);
  }

  /** Someone the host removed who joined here while the resumed program was being read leaves again. */
  private sendOutRemoved(): void {
    const room = this.openRoom();
    for (const peer of room?.listPeers() ?? []) {
      if (!this.removed.has(peer.id)) continue;
      room!.notify(peer, 'host:removedYou', {});
      room!.removePeer(peer, 'removed');
    }
  }

  private saved(): SavedLiveState {
    return {
      revision: this.revision,
      segmentId: this.segments[this.clock.index]?.id ?? null,
      clock: this.clock,
      layoutChoice: this.layoutChoice,
      leaderPeerId: this.leaderPeerId,
      video: this.video,
      quiz: this.quiz?.saved() ?? null,
      breakout: this.breakout ? { groups: this.breakout.groups, endsAt: this.breakout.endsAt } : null,
      hands: [...this.hands.values()],
      removed: [...this.removed.values()],
    };
  }

  /** The server, not the venue's player, ends the video on time: every screen stops and voices come back at once. */
  private followVideoEnd(): void {
    clearTimeout(this.videoEndTimer);
    const ms = this.video && msUntilVideoEnds(this.video, this.now());
    if (ms === null || ms === undefined) return;
    this.videoEndTimer = setTimeout(() => this.endVideoIfOver(), ms);
    this.videoEndTimer.unref();
  }

  private endVideoIfOver(): void {
    const ended = this.video && endVideoIfOver(this.video, this.now());
    if (!ended) return this.followVideoEnd();
    this.video = ended;
    this.commitInBackground();
  }

  private layout(): 'gallery' | 'spotlight' {
    if (this.layoutChoice !== 'auto') return this.layoutChoice;
    const segment = this.segments[this.clock.index];
    return segment ? defaultLayoutFor(segment.kind) : 'gallery';
  }

  private groupOf(peerId: string): string | null {
    return this.breakout ? groupIdOf(this.breakout.groups, peerId) : null;
  }

  private plannedMinutes(): number[] {
    return this.segments.map((segment) => segment.plannedMinutes);
  }

  private openRoom(): Room | undefined {
    return this.room && !this.room.closed ? this.room : undefined;
  }

  private peers(): Peer[] {
    return this.openRoom()?.listPeers() ?? [];
  }

  private checkLeader(peerId: string | null): string | null {
    if (peerId === null || peerId === VENUE_PEER_ID) return null;
    if (!this.room?.getPeer(peerId)) throw new AppError('NOT_FOUND', 'No one with this id is in the call', 'leaderPeerId');
    return peerId;
  }

  private homePeer(peerId: string, refusal: string): { room: Room; peer: Peer } {
    if (peerId === VENUE_PEER_ID) throw new AppError('NOT_ALLOWED', `The host cannot ${refusal}`);
    const room = this.room;
    const peer = room?.getPeer(peerId);
    if (!room || !peer) throw new AppError('NOT_FOUND', 'No one with this id is in the call', 'peerId');
    return { room, peer };
  }

  private async committedForVenue(): Promise<live.LiveState> {
    await this.commit();
    return this.viewFor(VENUE_PEER_ID);
  }

  /** A change: new revision, the room's media follows, then every device gets its own view. */
  private async commit(): Promise<void> {
    this.revision += 1;
    if (this.loaded) this.store.save(this.sessionId, this.saved(), this.bornAt);
    if (this.video !== this.followedVideo) {
      this.followedVideo = this.video;
      for (const follower of this.videoFollowers) this.tellFollower(follower, this.video);
    }
    await this.syncMedia();
    const room = this.openRoom();
    if (room) for (const peer of room.listPeers()) room.notify(peer, 'live:state', this.viewFor(peer.id));
  }

  private async syncMedia(): Promise<void> {
    const room = this.room;
    if (!room || room.closed) return;
    await room.setGroups(this.breakout ? (peerId) => this.groupOf(peerId) : null);
    await room.setSpotlight(this.layout() === 'spotlight' ? (this.leaderPeerId ?? VENUE_PEER_ID) : null);
    await room.setLeader(this.leaderPeerId);
  }

  /** A follower's failure is logged: it must not fail the host's action. */
  private tellFollower(follower: (video: live.LiveVideo | null) => void, video: live.LiveVideo | null): void {
    try {
      follower(video);
    } catch (error) {
      this.logger.error({ err: error, sessionId: this.sessionId }, 'a follower of the video failed');
    }
  }

  private commitInBackground(): void {
    this.commit().catch((error: unknown) => this.logger.error({ err: error, sessionId: this.sessionId }, 'could not send the live state'));
  }

  /** Someone at home joining during small groups goes to the smallest group (or back to their own). */
  private readonly onPeerJoined = (peer: Peer): void => {
    if (!this.breakout || peer.role !== 'home' || this.groupOf(peer.id) !== null) return;
    this.breakout = { ...this.breakout, groups: placeLateJoiner(this.breakout.groups, peer.id) };
    this.commitInBackground();
  };

  private readonly onPeerLeft = (peer: Peer, reason: LeaveReason): void => {
    if (!PERSON_LEFT.has(reason)) return;
    let changed = this.hands.delete(peer.id);
    if (this.leaderPeerId === peer.id) {
      this.leaderPeerId = null;
      changed = true;
    }
    if (SENT_OUT.has(reason) && this.breakout) {
      this.breakout = { ...this.breakout, groups: removeFromGroups(this.breakout.groups, peer.id) };
      changed = true;
    }
    if (changed) this.commitInBackground();
  };

  private readonly detach = (): void => {
    const room = this.room;
    this.room = undefined;
    room?.off('peerJoined', this.onPeerJoined);
    room?.off('peerLeft', this.onPeerLeft);
    room?.off('closed', this.detach);
  };
}
