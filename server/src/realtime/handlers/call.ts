import type { CallService } from '../../call/CallService';
import * as media from '../../call/mediaRequests';
import type { HandlersOf } from './types';

/** Preparing (from the lobby), joining, media signalling, leaving and ending the session. */
export function callHandlers(call: CallService): HandlersOf<`call:${string}`> {
  return {
    'call:prepare': async (req, conn) => await call.prepare(conn, req),
    'call:join': async (req, conn) => await call.join(conn, req),
    'call:createTransport': (req, conn) => media.createTransport(conn, req),
    'call:connectTransport': (req, conn) => media.connectTransport(conn, req),
    'call:restartIce': (req, conn) => media.restartIce(conn, req),
    'call:ready': (req, conn) => media.ready(conn, req),
    'call:produce': (req, conn) => media.produce(conn, req),
    'call:pauseProducer': (req, conn) => media.setProducerPaused(conn, req, true),
    'call:resumeProducer': (req, conn) => media.setProducerPaused(conn, req, false),
    'call:closeProducer': (req, conn) => media.closeProducer(conn, req),
    'call:setPreferredLayers': (req, conn) => media.setPreferredLayers(conn, req),
    'call:setVisibleVideos': (req, conn) => media.setVisibleVideos(conn, req),
    'call:leave': (_req, conn) => call.leave(conn),
    'call:endSession': async (_req, conn) => await call.endSession(conn),
  };
}
