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

  controlProgram(connection: CallConnection, request: Request<'program:control'>): Answer<'program:control'> {
    return this.asHost(connection, 'move through the program').controlProgram(request);
  }

  setLayout(connection: CallConnection, request: Request<'program:setLayout'>): Answer<'program:setLayout'> {
    return this.asHost(connection, 'change the layout').setLayout(request);
  }

  async controlVideo(connection: CallConnection, request: Request<'video:control'>): Promise<Answer<'video:control'>> {
    return await this.asHost(connection, 'control the video').controlVideo(request);
  }

  controlQuiz(connection: CallConnection, request: Request<'quiz:control'>): Answer<'quiz:control'> {
    return this.asHost(connection, 'show questions').controlQuiz(request);
  }

  startBreakout(connection: CallConnection, request: Request<'breakout:start'>): Answer<'breakout:start'> {
    return this.asHost(connection, 'start small groups').startBreakout(request);
  }

  endBreakout(connection: CallConnection): Answer<'breakout:end'> {
    return this.asHost(connection, 'end small groups').endBreakout();
  }

  muteAll(connection: CallConnection): Answer<'host:muteAll'> {
    return this.asHost(connection, 'mute everyone').muteAll();
  }

  askUnmute(connection: CallConnection, request: Request<'host:askUnmute'>): Answer<'host:askUnmute'> {
    this.asHost(connection, 'ask someone to unmute').askUnmute(request.peerId);
    return {};
  }

  lowerHands(connection: CallConnection): Answer<'host:lowerHands'> {
    return this.asHost(connection, 'lower the hands').lowerHands();
  }

  remove(connection: CallConnection, request: Request<'host:remove'>): Answer<'host:remove'> {
    this.asHost(connection, 'remove someone').remove(request.peerId);
    return {};
  }

  readmit(connection: CallConnection, request: Request<'host:readmit'>): Answer<'host:readmit'> {
    return this.asHost(connection, 'let someone in again').readmit(request.peerId);
  }

  answerQuiz(connection: CallConnection, request: Request<'quiz:answer'>): Answer<'quiz:answer'> {
    const { session, peer } = this.asAnyone(connection);
    return session.answerQuiz(peer, request);
  }

  setHand(connection: CallConnection, request: Request<'hand:set'>): Answer<'hand:set'> {
    const { session, peer } = this.asAnyone(connection);
    return session.setHand(peer, request.raised);
  }

  react(connection: CallConnection, request: Request<'reaction:send'>): Answer<'reaction:send'> {
    const { session, peer } = this.asAnyone(connection);
    session.react(peer, request.kind);
    return {};
  }

  private asHost(connection: CallConnection, what: string): LiveSession {
    const { room, peer } = connection.current();
    if (peer.role !== 'venue') throw new AppError('NOT_ALLOWED', `Only the host can ${what}`);
    return this.live.forRoom(room);
  }

  private asAnyone(connection: CallConnection): { session: LiveSession; peer: Peer } {
    const { room, peer } = connection.current();
    return { session: this.live.forRoom(room), peer };
  }
}
