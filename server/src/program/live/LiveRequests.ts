import type { ResponseOf, ValidRequestOf } from '@shared/call/events';
import type { CallConnection } from '../../call/CallConnection';
import type { Peer } from '../../call/Peer';
import { AppError } from '../../core/errors';
import type { LiveSession } from './LiveSession';
import type { LiveSessions } from './LiveSessions';

type Request<E extends LiveRequestName> = ValidRequestOf<E>;
type Answer<E extends LiveRequestName> = ResponseOf<E> | Promise<ResponseOf<E>>;

export type LiveRequestName =
  | 'live:clock'
  | 'program:control'
  | 'program:setLayout'
  | 'video:control'
  | 'quiz:control'
  | 'quiz:answer'
  | 'breakout:start'
  | 'breakout:end'
  | 'host:muteAll'
  | 'host:askUnmute'
  | 'host:lowerHands'
  | 'host:remove'
  | 'host:readmit'
  | 'hand:set'
  | 'reaction:send';

/**
 * The live program's socket requests (realtime/handlers/live.ts), each on the live program of the device's room:
 * the host's (the venue device) are refused from anyone else.
 */
export class LiveRequests {
  constructor(private readonly live: LiveSessions) {}

  clock(): Answer<'live:clock'> {
    return { serverTime: this.live.serverTime() };
  }

  async controlProgram(connection: CallConnection, request: Request<'program:control'>): Promise<ResponseOf<'program:control'>> {
    return (await this.asHost(connection, 'move through the program')).controlProgram(request);
  }

  async setLayout(connection: CallConnection, request: Request<'program:setLayout'>): Promise<ResponseOf<'program:setLayout'>> {
    return (await this.asHost(connection, 'change the layout')).setLayout(request);
  }

  async controlVideo(connection: CallConnection, request: Request<'video:control'>): Promise<ResponseOf<'video:control'>> {
    return (await this.asHost(connection, 'control the video')).controlVideo(request);
  }

  async controlQuiz(connection: CallConnection, request: Request<'quiz:control'>): Promise<ResponseOf<'quiz:control'>> {
    return (await this.asHost(connection, 'show questions')).controlQuiz(request);
  }

  async startBreakout(connection: CallConnection, request: Request<'breakout:start'>): Promise<ResponseOf<'breakout:start'>> {
    return (await this.asHost(connection, 'start small groups')).startBreakout(request);
  }

  async endBreakout(connection: CallConnection): Promise<ResponseOf<'breakout:end'>> {
    return (await this.asHost(connection, 'end small groups')).endBreakout();
  }

  async muteAll(connection: CallConnection): Promise<ResponseOf<'host:muteAll'>> {
    return (await this.asHost(connection, 'mute everyone')).muteAll();
  }

  async askUnmute(connection: CallConnection, request: Request<'host:askUnmute'>): Promise<ResponseOf<'host:askUnmute'>> {
    (await this.asHost(connection, 'ask someone to unmute')).askUnmute(request.peerId);
    return {};
  }

  async lowerHands(connection: CallConnection): Promise<ResponseOf<'host:lowerHands'>> {
    return (await this.asHost(connection, 'lower the hands')).lowerHands();
  }

  async remove(connection: CallConnection, request: Request<'host:remove'>): Promise<ResponseOf<'host:remove'>> {
    (await this.asHost(connection, 'remove someone')).remove(request.peerId);
    return {};
  }

  async readmit(connection: CallConnection, request: Request<'host:readmit'>): Promise<ResponseOf<'host:readmit'>> {
    return (await this.asHost(connection, 'let someone in again')).readmit(request.peerId);
  }

  async answerQuiz(connection: CallConnection, request: Request<'quiz:answer'>): Promise<ResponseOf<'quiz:answer'>> {
    const { session, peer } = await this.asAnyone(connection);
    return session.answerQuiz(peer, request);
  }

  async setHand(connection: CallConnection, request: Request<'hand:set'>): Promise<ResponseOf<'hand:set'>> {
    const { session, peer } = await this.asAnyone(connection);
    return session.setHand(peer, request.raised);
  }

  async react(connection: CallConnection, request: Request<'reaction:send'>): Promise<ResponseOf<'reaction:send'>> {
    const { session, peer } = await this.asAnyone(connection);
    session.react(peer, request.kind);
    return {};
  }

  private async asHost(connection: CallConnection, what: string): Promise<LiveSession> {
    const { room, peer } = connection.current();
    if (peer.role !== 'venue') throw new AppError('NOT_ALLOWED', `Only the host can ${what}`);
    return this.live.ready(room);
  }

  private async asAnyone(connection: CallConnection): Promise<{ session: LiveSession; peer: Peer }> {
    const { room, peer } = connection.current();
    return { session: await this.live.ready(room), peer };
  }
}
