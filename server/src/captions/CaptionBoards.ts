import { CAPTION_LIMITS, type CaptionLine, type CaptionSource, type CaptionsState } from '@shared/captions/schemas';
import type { Peer } from '../call/Peer';
import type { PeerChannel } from '../call/PeerChannel';
import type { Room } from '../call/Room';
import type { RoomRegistry } from '../call/RoomRegistry';
import type { Clock } from '../core/clock';
import { AppError } from '../core/errors';
import { newId } from '../db/ids';
import type { CaptionTranscripts } from './transcript';

/** One session's captions in memory: the recent lines, the words being recognised, the writers' pages. */
interface Board {
  lines: CaptionLine[];
  interim: string | null;
  keepTranscript: boolean;
  writers: Set<PeerChannel>;
  touchedAt: number;
}

/** A session's captions untouched this long, with no writer page open, are forgotten (they are live captions). */
const IDLE_FORGET_MS = 6 * 60 * 60 * 1000;

/**
 * The live captions of every session: lines typed by the caption role or recognised by the venue's browser, sent to
 * everyone in the call through its Room (`caption:state`) and to the open writer pages (which are not in the call).
 * Lines are kept in memory only (the last few), and stored with the session only while its transcript is kept.
 */
export class CaptionBoards {
  private readonly boards = new Map<string, Board>();
  /** Boards being made (whether the transcript is kept is being read): everyone asking meanwhile gets the same one. */
  private readonly loading = new Map<string, Promise<Board>>();
  private readonly rooms = new Map<string, Room>();

  constructor(
    rooms: Pick<RoomRegistry, 'on'>,
    private readonly transcripts: Pick<CaptionTranscripts, 'isKept' | 'setKept' | 'store'>,
    private readonly clock: Clock,
  ) {
    rooms.on('roomCreated', (room) => {
      this.rooms.set(room.sessionId, room);
      room.on('peerJoined', (peer) => {
        const board = peer.role === 'venue' ? this.board(room.sessionId) : Promise.resolve(this.boards.get(room.sessionId));
        // A board that cannot be read now is read again at the next caption request (the device asks with caption:get).
        board.then((b) => b && this.showSoFar(room, peer, b)).catch(() => undefined);
      });
      // The writer pages follow the session to its next node, as the room's devices do (they open it again).
      room.once('movedAway', () => {
        for (const writer of this.boards.get(room.sessionId)?.writers ?? [])
          if (writer.connected) writer.notify('call:rejoin', { reason: 'node-moved' });
      });
      room.once('closed', () => {
        if (this.rooms.get(room.sessionId) === room) this.rooms.delete(room.sessionId);
      });
    });
  }

  async state(sessionId: string): Promise<CaptionsState> {
    return stateOf(sessionId, await this.board(sessionId));
  }

  /** A new line on every screen (the recognition's interim words end with a final line). */
  async add(sessionId: string, text: string, source: CaptionSource): Promise<CaptionLine> {
    const board = await this.board(sessionId);
    const line: CaptionLine = { id: newId('cl'), text, source, corrected: false, at: this.clock.now().toISOString() };
    board.lines.push(line);
    if (board.lines.length > CAPTION_LIMITS.linesKept) board.lines.splice(0, board.lines.length - CAPTION_LIMITS.linesKept);
    if (source === 'auto') board.interim = null;
    if (board.keepTranscript) await this.transcripts.store(sessionId, line);
    this.publish(sessionId, board);
    return line;
  }

  /** The caption writer corrects a recent line (automatic or typed): the new text replaces it on every screen. */
  async replace(sessionId: string, lineId: string, text: string): Promise<CaptionLine> {
    const board = await this.board(sessionId);
    const index = board.lines.findIndex((line) => line.id === lineId);
    if (index < 0) throw new AppError('NOT_FOUND', 'This line is no longer on the screens: send it as a new line', 'replaces');
    const line: CaptionLine = { ...board.lines[index]!, text, corrected: true };
    board.lines[index] = line;
    if (board.keepTranscript) await this.transcripts.store(sessionId, line);
    this.publish(sessionId, board);
    return line;
  }

  /** The words the venue's recognition is still hearing (null: none). */
  async setInterim(sessionId: string, text: string | null): Promise<void> {
    const board = await this.board(sessionId);
    if (board.interim === text) return;
    board.interim = text;
    this.publish(sessionId, board);
  }

  /** 「記録を残す」 on or off: from now on, lines are stored with the session (or not). */
  async setKeepTranscript(sessionId: string, keep: boolean): Promise<CaptionsState> {
    const board = await this.board(sessionId);
    await this.transcripts.setKept(sessionId, keep);
    board.keepTranscript = keep;
    this.publish(sessionId, board);
    return stateOf(sessionId, board);
  }

  /** A writer page follows the session's captions until the returned function is called. */
  async follow(sessionId: string, channel: PeerChannel): Promise<() => void> {
    (await this.board(sessionId)).writers.add(channel);
    return () => this.boards.get(sessionId)?.writers.delete(channel);
  }

  private publish(sessionId: string, board: Board): void {
    board.touchedAt = this.clock.now().getTime();
    const state = stateOf(sessionId, board);
    this.rooms.get(sessionId)?.broadcast('caption:state', state);
    for (const writer of board.writers) if (writer.connected) writer.notify('caption:state', state);
  }

  /** A device joining sees the captions so far (and the venue whether 「記録を残す」 is on); nothing when there are none. */
  private showSoFar(room: Room, peer: Peer, board: Board): void {
    if (board.lines.length > 0 || board.interim !== null || board.keepTranscript)
      room.notify(peer, 'caption:state', stateOf(room.sessionId, board));
  }

  private async board(sessionId: string): Promise<Board> {
    const known = this.boards.get(sessionId);
    if (known) return known;
    let loading = this.loading.get(sessionId);
    if (!loading) {
      loading = this.newBoard(sessionId).finally(() => this.loading.delete(sessionId));
      this.loading.set(sessionId, loading);
    }
    return loading;
  }

  private async newBoard(sessionId: string): Promise<Board> {
    const keepTranscript = await this.transcripts.isKept(sessionId);
    this.forgetIdle();
    const board: Board = { lines: [], interim: null, keepTranscript, writers: new Set(), touchedAt: this.clock.now().getTime() };
    this.boards.set(sessionId, board);
    return board;
  }

  private forgetIdle(): void {
    const now = this.clock.now().getTime();
    for (const [sessionId, board] of this.boards) {
      if (board.writers.size === 0 && !this.rooms.has(sessionId) && now - board.touchedAt > IDLE_FORGET_MS) this.boards.delete(sessionId);
    }
  }
}

function stateOf(sessionId: string, board: Board): CaptionsState {
  return { sessionId, lines: board.lines.slice(), interim: board.interim, keepTranscript: board.keepTranscript };
}
