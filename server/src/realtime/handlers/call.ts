import type { CheckinCallActions } from '../../checkins/callActions';
import type { LiveHandlers } from './live';
import type { RequestHandlers } from '../requestRouter';
import type { CallConnection } from '../../call/CallConnection';
import type { CallService } from '../../call/CallService';

/** Signalling handlers: payloads arrive validated; each one delegates to the service or the room. */
export function createCallHandlers(call: CallService, checkins: CheckinCallActions, live: LiveHandlers): RequestHandlers<CallConnection> {
  return {
    ...live,
    'call:join': (req, conn) => call.join(conn, req),
    'call:createTransport': (req, conn) => {
      const { room, peer } = conn.current();
      return room.createTransport(peer, req.direction, req.forceTcp);
    },
    'call:connectTransport': async (req, conn) => {
      const { room, peer } = conn.current();
      await room.connectTransport(peer, req.transportId, req.dtlsParameters);
      return {};
    },
    'call:restartIce': async (req, conn) => {
      const { room, peer } = conn.current();
      return { iceParameters: await room.restartIce(peer, req.transportId) };
    },
    'call:ready': async (req, conn) => {
      const { room, peer } = conn.current();
      await room.setReady(peer, req.rtpCapabilities);
      return {};
    },
    'call:produce': async (req, conn) => {
      const { room, peer } = conn.current();
      return { producerId: await room.produce(peer, req) };
    },
    'call:pauseProducer': async (req, conn) => {
      const { room, peer } = conn.current();
      await room.setProducerPaused(peer, req.producerId, true);
      return {};
    },
    'call:resumeProducer': async (req, conn) => {
      const { room, peer } = conn.current();
      await room.setProducerPaused(peer, req.producerId, false);
      return {};
    },
    'call:closeProducer': (req, conn) => {
      const { room, peer } = conn.current();
      room.closeProducer(peer, req.producerId);
      return {};
    },
    'call:setPreferredLayers': async (req, conn) => {
      const { room, peer } = conn.current();
      await room.setPreferredLayers(peer, req.consumerId, req.spatialLayer, req.temporalLayer);
      return {};
    },
    'call:setVisibleVideos': async (req, conn) => {
      const { room, peer } = conn.current();
      await room.setVisibleVideos(peer, req.peerIds);
      return {};
    },
    'call:leave': (_req, conn) => {
      conn.leave('left');
      return {};
    },
    'call:endSession': async (_req, conn) => {
      await call.endSession(conn);
      return {};
    },
    'checkin:submit': (req, conn) => checkins.submit(conn, req),
    'checkin:submitQuestionnaire': (req, conn) => checkins.submitQuestionnaire(conn, req),
  };
}
