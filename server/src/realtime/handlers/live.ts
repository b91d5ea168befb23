import type { LiveRequestName, LiveRequests } from '../../program/live/LiveRequests';
import type { HandlersOf } from './types';

/** The live program: the host's controls, quiz answers, hands and reactions. */
export function liveHandlers(live: LiveRequests): HandlersOf<LiveRequestName> {
  return {
    'live:clock': () => live.clock(),
    'program:control': (req, conn) => live.controlProgram(conn, req),
    'program:setLayout': (req, conn) => live.setLayout(conn, req),
    'video:control': async (req, conn) => await live.controlVideo(conn, req),
    'quiz:control': (req, conn) => live.controlQuiz(conn, req),
    'quiz:answer': (req, conn) => live.answerQuiz(conn, req),
    'breakout:start': (req, conn) => live.startBreakout(conn, req),
    'breakout:end': (_req, conn) => live.endBreakout(conn),
    'host:muteAll': (_req, conn) => live.muteAll(conn),
    'host:askUnmute': (req, conn) => live.askUnmute(conn, req),
    'host:lowerHands': (_req, conn) => live.lowerHands(conn),
    'host:remove': (req, conn) => live.remove(conn, req),
    'host:readmit': (req, conn) => live.readmit(conn, req),
    'hand:set': (req, conn) => live.setHand(conn, req),
    'reaction:send': (req, conn) => live.react(conn, req),
  };
}
