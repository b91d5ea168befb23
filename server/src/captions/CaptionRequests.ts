import { and, desc, eq } from 'drizzle-orm';
import type { ResponseOf, ValidRequestOf } from '@shared/call/events';
import type { Permissions } from '../auth/permissions';
import type { CallConnection } from '../call/CallConnection';
import type { RoomRegistry } from '../call/RoomRegistry';
import { AppError } from '../core/errors';
import type { Db } from '../db/client';
import { sessions } from '../db/schema';
import type { CaptionBoards } from './CaptionBoards';
import type { CaptionLinkService } from './links';

export type CaptionRequestName = 'caption:open' | 'caption:get' | 'caption:send' | 'caption:auto' | 'caption:setTranscript';
type Request<E extends CaptionRequestName> = ValidRequestOf<E>;
type Answer<E extends CaptionRequestName> = Promise<ResponseOf<E>>;

/** A writer page's seat: its session, and the caption link it came with (none: a signed-in staff member). */
interface WriterSeat {
  sessionId: string;
  linkId: string | undefined;
}

const ONLY_WRITERS = 'Only the caption writer (the host, staff, or a caption link) can send captions';

/**
 * The captions' socket requests (realtime/handlers/captions.ts). The caption role is the venue device (the host) in
 * the call, or a writer page opened with a staff sign-in or a caption link; its access is checked again before every
 * line (a link stopped or expired, a sign-in ended: the page is refused from then on). Multi-node: a writer page is
 * answered WRONG_NODE (with the node's URL) at its opening and at each line while another node holds the session, and
 * moves there like a call device, since a session's captions live on its room's node.
 */
export class CaptionRequests {
  private readonly seats = new WeakMap<CallConnection, WriterSeat>();

  constructor(
    private readonly db: Db,
    private readonly boards: CaptionBoards,
    private readonly links: Pick<CaptionLinkService, 'grant' | 'isValid'>,
    private readonly permissions: Pick<Permissions, 'maySeeSession'>,
    private readonly rooms: Pick<RoomRegistry, 'servedHere'>,
  ) {}

  async open(connection: CallConnection, request: Request<'caption:open'>): Answer<'caption:open'> {
    if (connection.inCall) throw new AppError('ALREADY_JOINED', 'This device is in the call: captions are sent from the call screen');
    let seat: WriterSeat;
    if ('token' in request) {
      const grant = await this.links.grant(request.token);
      seat = { sessionId: await this.liveSessionOf(grant.venueId), linkId: grant.linkId };
    } else {
      const user = connection.user;
      if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      if (!(await this.permissions.maySeeSession(user, request.sessionId)))
        throw new AppError('SESSION_NOT_FOUND', 'No session with this id');
      seat = { sessionId: request.sessionId, linkId: undefined };
    }
    await this.rooms.servedHere(seat.sessionId);
    const stopFollowing = await this.boards.follow(seat.sessionId, connection.channel);
    connection.attach({
      sessionId: seat.sessionId,
      end: () => {
        stopFollowing();
        this.seats.delete(connection);
      },
    });
    this.seats.set(connection, seat);
    return this.boards.state(seat.sessionId);
  }

  async get(connection: CallConnection): Answer<'caption:get'> {
    const joined = connection.joined();
    if (joined) return this.boards.state(joined.room.sessionId);
    return this.boards.state(this.writerSeat(connection).sessionId);
  }

  async send(connection: CallConnection, request: Request<'caption:send'>): Answer<'caption:send'> {
    const sessionId = await this.writerSession(connection);
    if (request.replaces) return this.boards.replace(sessionId, request.replaces, request.text);
    return this.boards.add(sessionId, request.text, 'typed');
  }

  async auto(connection: CallConnection, request: Request<'caption:auto'>): Answer<'caption:auto'> {
    const sessionId = this.hostSession(connection, 'caption the room automatically');
    if (request.final && request.text !== '') await this.boards.add(sessionId, request.text, 'auto');
    else await this.boards.setInterim(sessionId, request.text === '' ? null : request.text);
    return {};
  }

  async setTranscript(connection: CallConnection, request: Request<'caption:setTranscript'>): Answer<'caption:setTranscript'> {
    return this.boards.setKeepTranscript(this.hostSession(connection, 'choose 「記録を残す」'), request.keep);
  }

  /** The session the caption role writes for: the host's room, or a writer page's seat whose access still holds. */
  private async writerSession(connection: CallConnection): Promise<string> {
    const joined = connection.joined();
    if (joined) {
      if (joined.peer.role !== 'venue') throw new AppError('NOT_ALLOWED', ONLY_WRITERS);
      return joined.room.sessionId;
    }
    const seat = this.writerSeat(connection);
    if (seat.linkId !== undefined && !(await this.links.isValid(seat.linkId))) {
      connection.detach();
      throw new AppError('INVALID_TOKEN', 'This caption link has been stopped or has expired: ask the host for a new one');
    }
    const user = connection.user;
    if (seat.linkId === undefined && !(user && (await this.permissions.maySeeSession(user, seat.sessionId)))) {
      connection.detach();
      throw new AppError('NOT_ALLOWED', 'Your sign-in no longer covers this venue');
    }
    // The session was placed on another node after this page opened (its first join, a drain, a dead node).
    await this.rooms.servedHere(seat.sessionId);
    return seat.sessionId;
  }

  private writerSeat(connection: CallConnection): WriterSeat {
    const seat = connection.attached && this.seats.get(connection);
    if (!seat) throw new AppError('NOT_ALLOWED', ONLY_WRITERS);
    return seat;
  }

  private hostSession(connection: CallConnection, what: string): string {
    const { room, peer } = connection.current();
    if (peer.role !== 'venue') throw new AppError('NOT_ALLOWED', `Only the venue device can ${what}`);
    return room.sessionId;
  }

  /** The venue's gathering that is live now (a caption link opens it). */
  private async liveSessionOf(venueId: string): Promise<string> {
    const [row] = await this.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.venueId, venueId), eq(sessions.status, 'live')))
      .orderBy(desc(sessions.startsAt))
      .limit(1);
    if (!row) throw new AppError('NO_ACTIVE_SESSION', 'The gathering has not started yet: open this page again when it starts');
    return row.id;
  }
}
