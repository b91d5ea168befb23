import { EventEmitter } from 'node:events';
import { VIDEO_DUCK_VOLUME } from '@shared/program/videoSync';
import type { LeaveReason, Room } from '../../call/Room';
import type { Peer } from '../../call/Peer';
import type { Logger } from '../../core/logger';
import type { CallIdentity } from '../../sessions/service';
import type { LocalMedia, RemoteMedia } from '../types';
import { PacedClock } from './PacedClock';
import { PhoneChannel } from './PhoneChannel';
import { PromptPlayer, type PromptOptions } from './PromptPlayer';
import { RoomAudio } from './RoomAudio';
import { RtpLine, type LineSettings } from './RtpLine';

export interface PhoneLegEvents {
  /** A keypad digit (RFC 4733), once per key press. */
  dtmf: [digit: string];
  /** The host muted everyone (or this caller): the bridge may play a chime (playPrompt). */
  mutedByHost: [];
  /** The phone peer left the room (the room closed, the host removed them, close()): the call should end. */
  ended: [reason: LeaveReason];
  /**
   * The gathering ended (the host or the auto-end) and the room is gone, but the line stays open for what the
   * caller hears at the end (the keypad check-in); close() ends it. Without a listener the leg ends as above.
   */
  sessionEnded: [];
  /**
   * Multi-node: the session moved to another node (a drain, a lost lease) and its room here closed; the line stays
   * open so that the caller can be transferred there; close() ends it. Without a listener the leg ends as above.
   */
  roomMoved: [];
}

/**
 * Where the line is: opened here for a RemoteMedia (inbound: `local` then goes into the answer; null: not known
 * yet, the line sends nothing until setRemote), or a line opened before (outbound: its `local` went into the offer,
 * then setRemote with the answer); the leg takes it over and closes it with itself.
 */
export type LineOptions = { logger: Logger } & ({ remote: RemoteMedia | null; line: LineSettings } | { line: RtpLine });

export type PhoneLegOptions = LineOptions & { room: Room; identity: CallIdentity };

/** A sound the caller hears with the room (the exercise video's), read on the leg's clock. */
export interface LegSound {
  /** The next `count` samples at 8 kHz, or null while it is silent. */
  read(count: number): Int16Array | null;
  /** While true the room's voices are lowered under it (to VIDEO_DUCK_VOLUME, as the browsers lower them). */
  readonly ducksVoices: boolean;
}

/** Comfort noise: a faint hiss (about −78 dBov) so the line is never dead digital silence. */
const COMFORT_NOISE_AMPLITUDE = 4;

/**
 * One telephone caller in a room: the line (G.711 RTP with the caller) and the room (a phone peer, Opus on a
 * PlainTransport), joined by a clock that sends the caller a packet every ptime (20 ms), always: the room's
 * mix of everyone but the caller, a prompt, or comfort noise when the room is quiet (livekit/sip#812,
 * bigbluebutton#24262: callers were dropped or unheard when nothing was sent).
 */
export class PhoneLeg extends EventEmitter<PhoneLegEvents> {
  private readonly prompts = new PromptPlayer();
  private readonly clock: PacedClock;
  private producerId = '';
  private sound: LegSound | null = null;
  private room: Room | undefined;
  private peer: Peer | undefined;
  private isClosed = false;
  /** The room closed under the leg (the gathering ended) while the line stays open: nothing more to mix. */
  private roomGone = false;

  private constructor(
    private readonly line: RtpLine,
    private readonly roomAudio: RoomAudio,
    private readonly logger: Logger,
  ) {
    super();
    this.clock = new PacedClock(line.packetSamples / 8, () => this.tick());
    line.on('audio', (samples) => roomAudio.sendVoice(samples));
    line.on('dtmf', (digit) => this.emit('dtmf', digit));
  }

  /** Opens the line (a port of the RTP range) and joins the room as a phone peer; LocalMedia goes into the SDP. */
  static async open(options: PhoneLegOptions): Promise<PhoneLeg> {
    const leg = await PhoneLeg.openLine(options);
    try {
      await leg.joinRoom(options.room, options.identity);
      return leg;
    } catch (error) {
      leg.close();
      throw error;
    }
  }

  /**
   * Opens only the line: the caller hears prompts (or comfort noise) and keys digits before anyone knows which
   * room they belong in; joinRoom puts them in once they do.
   */
  static async openLine(options: LineOptions): Promise<PhoneLeg> {
    const logger = options.logger.child({ phone: true });
    const line = 'remote' in options ? await RtpLine.open(options.line, options.remote, logger) : options.line;
    let roomAudio: RoomAudio | undefined;
    try {
      roomAudio = await RoomAudio.open(logger);
      const leg = new PhoneLeg(line, roomAudio, logger);
      leg.clock.start();
      return leg;
    } catch (error) {
      line.close();
      roomAudio?.close();
      throw error;
    }
  }

  get local(): LocalMedia {
    return this.line.local;
  }

  get peerId(): string | undefined {
    return this.peer?.id;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Plays 8 kHz PCM to the caller (instead of the room, or over it); resolves when played or the call ended. */
  playPrompt(samples8k: Int16Array, options?: PromptOptions): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return this.prompts.play(samples8k, options);
  }

  /** Stops the prompt playing and those waiting (each counts as done): the caller keyed something. */
  stopPrompts(): void {
    this.prompts.clear();
  }

  /** Mixes a sound into what the caller hears from the room (the exercise video's), or stops it (null). */
  setSound(sound: LegSound | null): void {
    this.sound = sound;
  }

  /** A re-INVITE moved the caller's media. */
  setRemote(remote: RemoteMedia): void {
    this.line.setRemote(remote);
  }

  /** The caller mutes or unmutes themselves (keypad): their producer pauses, as a browser's would. */
  async setMuted(muted: boolean): Promise<void> {
    if (this.room && this.peer && !this.peer.closed && !this.isClosed) await this.room.setProducerPaused(this.peer, this.producerId, muted);
  }

  /** Leaves the room and frees the line's port and the loopback socket. Safe to call twice. */
  close(): void {
    if (this.room && this.peer && !this.peer.closed) this.room.removePeer(this.peer, 'left');
    else this.shutDown('left');
  }

  /** Joins the room as a phone peer (once); `muted`: with the caller's voice paused from the start. */
  async joinRoom(room: Room, identity: CallIdentity, options: { muted?: boolean } = {}): Promise<void> {
    if (this.room) throw new Error('This phone leg is already in a room');
    if (this.isClosed) throw new Error('The call ended before it could join');
    this.room = room;
    const channel = new PhoneChannel({
      consumerAdded: (consumerId, ssrc) => this.roomAudio.addStream(consumerId, ssrc),
      consumerClosed: (consumerId) => this.roomAudio.removeStream(consumerId),
      mutedByHost: () => this.emit('mutedByHost'),
    });
    let movedAway = false;
    const onMovedAway = () => (movedAway = true);
    const onLeft = (peer: Peer, reason: LeaveReason) => {
      if (peer !== this.peer) return;
      room.off('peerLeft', onLeft);
      room.off('movedAway', onMovedAway);
      if (reason === 'session-ended' && this.listenerCount('sessionEnded') > 0 && !this.isClosed) {
        this.leaveEndedRoom();
        this.emit('sessionEnded');
      } else if (movedAway && reason === 'room-closed' && this.listenerCount('roomMoved') > 0 && !this.isClosed) {
        this.leaveEndedRoom();
        this.emit('roomMoved');
      } else this.shutDown(reason);
    };
    room.on('peerLeft', onLeft);
    room.once('movedAway', onMovedAway);
    try {
      const joined = await room.addPhonePeer(identity, channel, this.roomAudio.endpoint, options);
      this.peer = joined.peer;
      this.producerId = joined.producerId;
      this.roomAudio.connect(joined.sfuPort);
    } catch (error) {
      room.off('peerLeft', onLeft);
      room.off('movedAway', onMovedAway);
      throw error;
    }
    if (this.peer.closed) {
      this.shutDown('left');
      throw new Error('The phone peer left while joining');
    }
    this.logger.info({ local: this.line.local, peerId: identity.peerId }, 'phone leg joined the room');
  }

  /** The room's voices (lowered under the video's sound) and the video's sound, a prompt, or comfort noise. */
  private tick(): void {
    const count = this.line.packetSamples;
    const roomMix = this.roomGone ? null : this.roomAudio.mix(count);
    const sound = this.sound?.read(count) ?? null;
    const voiceGain = this.sound?.ducksVoices ? VIDEO_DUCK_VOLUME : 1;
    const prompt = this.prompts.read(count);
    const out = new Int16Array(count);
    const useRoom = (roomMix || sound) && (!prompt || prompt.overRoom);
    for (let i = 0; i < count; i++) {
      const room = useRoom ? (roomMix ? roomMix[i]! * voiceGain : 0) + (sound ? sound[i]! : 0) : 0;
      out[i] = Math.max(-32768, Math.min(32767, Math.round(room + (prompt ? prompt.samples[i]! : 0))));
    }
    if (!useRoom && !prompt) for (let i = 0; i < count; i++) out[i] = Math.round((Math.random() * 2 - 1) * COMFORT_NOISE_AMPLITUDE);
    this.line.send(out);
  }

  /** The room's side is gone with the room (its router closed); the line, its clock and the prompts go on. */
  private leaveEndedRoom(): void {
    this.roomGone = true;
    this.sound = null;
    this.roomAudio.close();
    this.logger.info({ line: this.line.stats }, 'phone leg left the closed room; the line stays open');
  }

  private shutDown(reason: LeaveReason): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.clock.stop();
    this.sound = null;
    this.prompts.clear();
    this.line.close();
    this.roomAudio.close();
    this.logger.info({ reason, line: this.line.stats }, 'phone leg closed');
    this.emit('ended', reason);
    this.removeAllListeners();
  }
}
