import type { CallConnection } from '../../call/CallConnection';
import { AppError } from '../../core/errors';
import type { RequestHandlers } from '../requestRouter';
import type { LiveSession } from '../../program/live/LiveSession';
import type { LiveSessions } from '../../program/live/LiveSessions';

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
  | 'hand:set'
  | 'reaction:send';

export type LiveHandlers = Pick<RequestHandlers<CallConnection>, LiveRequestName>;

/** The live program's requests: the host's (the venue device) are refused from anyone else. */
export function createLiveHandlers(live: LiveSessions): LiveHandlers {
  const asHost = (conn: CallConnection, what: string): LiveSession => {
    const { room, peer } = conn.current();
    if (peer.role !== 'venue') throw new AppError('NOT_ALLOWED', `Only the host can ${what}`);
    return live.forRoom(room);
  };
  const asAnyone = (conn: CallConnection) => {
    const { room, peer } = conn.current();
    return { session: live.forRoom(room), peer };
  };
  return {
    'live:clock': () => ({ serverTime: live.serverTime() }),
    'program:control': (req, conn) => asHost(conn, 'move through the program').controlProgram(req),
    'program:setLayout': (req, conn) => asHost(conn, 'change the layout').setLayout(req),
    'video:control': (req, conn) => asHost(conn, 'control the video').controlVideo(req),
    'quiz:control': (req, conn) => asHost(conn, 'show questions').controlQuiz(req),
    'breakout:start': (req, conn) => asHost(conn, 'start small groups').startBreakout(req),
    'breakout:end': (_req, conn) => asHost(conn, 'end small groups').endBreakout(),
    'host:muteAll': (_req, conn) => asHost(conn, 'mute everyone').muteAll(),
    'host:askUnmute': (req, conn) => {
      asHost(conn, 'ask someone to unmute').askUnmute(req.peerId);
      return {};
    },
    'host:lowerHands': (_req, conn) => asHost(conn, 'lower the hands').lowerHands(),
    'host:remove': (req, conn) => {
      asHost(conn, 'remove someone').remove(req.peerId);
      return {};
    },
    'quiz:answer': (req, conn) => {
      const { session, peer } = asAnyone(conn);
      return session.answerQuiz(peer, req);
    },
    'hand:set': (req, conn) => {
      const { session, peer } = asAnyone(conn);
      return session.setHand(peer, req.raised);
    },
    'reaction:send': (req, conn) => {
      const { session, peer } = asAnyone(conn);
      session.react(peer, req.kind);
      return {};
    },
  };
}
