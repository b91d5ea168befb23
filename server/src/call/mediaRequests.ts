import type { ResponseOf, ValidRequestOf } from '@shared/call/events';
import type { CallConnection } from './CallConnection';

/*
 * What a joined device asks of its room's media, one function per signalling request
 * (realtime/handlers/call.ts): each takes the connection's room and peer (NOT_JOINED before a join)
 * and hands over to the Room, which owns the media.
 */

type Request<E extends MediaRequestName> = ValidRequestOf<E>;
type Answer<E extends MediaRequestName> = Promise<ResponseOf<E>>;
type MediaRequestName =
  | 'call:createTransport'
  | 'call:connectTransport'
  | 'call:restartIce'
  | 'call:ready'
  | 'call:produce'
  | 'call:pauseProducer'
  | 'call:resumeProducer'
  | 'call:closeProducer'
  | 'call:setPreferredLayers'
  | 'call:setVisibleVideos';

export async function createTransport(
  connection: CallConnection,
  request: Request<'call:createTransport'>,
): Answer<'call:createTransport'> {
  const { room, peer } = connection.current();
  return room.createTransport(peer, request.direction, request.forceTcp);
}

export async function connectTransport(
  connection: CallConnection,
  request: Request<'call:connectTransport'>,
): Answer<'call:connectTransport'> {
  const { room, peer } = connection.current();
  await room.connectTransport(peer, request.transportId, request.dtlsParameters);
  return {};
}

export async function restartIce(connection: CallConnection, request: Request<'call:restartIce'>): Answer<'call:restartIce'> {
  const { room, peer } = connection.current();
  return { iceParameters: await room.restartIce(peer, request.transportId) };
}

export async function ready(connection: CallConnection, request: Request<'call:ready'>): Answer<'call:ready'> {
  const { room, peer } = connection.current();
  await room.setReady(peer, request.rtpCapabilities);
  return {};
}

export async function produce(connection: CallConnection, request: Request<'call:produce'>): Answer<'call:produce'> {
  const { room, peer } = connection.current();
  return { producerId: await room.produce(peer, request) };
}

export async function setProducerPaused(
  connection: CallConnection,
  request: Request<'call:pauseProducer' | 'call:resumeProducer'>,
  paused: boolean,
): Answer<'call:pauseProducer' | 'call:resumeProducer'> {
  const { room, peer } = connection.current();
  await room.setProducerPaused(peer, request.producerId, paused);
  return {};
}

export async function closeProducer(connection: CallConnection, request: Request<'call:closeProducer'>): Answer<'call:closeProducer'> {
  const { room, peer } = connection.current();
  room.closeProducer(peer, request.producerId);
  return {};
}

export async function setPreferredLayers(
  connection: CallConnection,
  request: Request<'call:setPreferredLayers'>,
): Answer<'call:setPreferredLayers'> {
  const { room, peer } = connection.current();
  await room.setPreferredLayers(peer, request.consumerId, request.spatialLayer, request.temporalLayer);
  return {};
}

export async function setVisibleVideos(
  connection: CallConnection,
  request: Request<'call:setVisibleVideos'>,
): Answer<'call:setVisibleVideos'> {
  const { room, peer } = connection.current();
  await room.setVisibleVideos(peer, request.peerIds);
  return {};
}
