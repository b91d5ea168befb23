import type { types } from 'mediasoup';
import type { Peer, ProducerAppData } from '../../../server/src/call/Peer';
import type { PeerChannel } from '../../../server/src/call/PeerChannel';
import type { Room } from '../../../server/src/call/Room';
import type { CallIdentity } from '../../../server/src/sessions/service';
import { createSenderTransport, produceAudio, produceVideo } from './plainMedia';

/** What a light peer sends (clipSender.ts): VP8 (one SSRC per simulcast layer, lowest first) and Opus with the audio level. */
export interface LightPeerStreams {
  videoSsrcs: number[];
  audioSsrc: number;
}

/**
 * The producers of a light peer on a router: one PlainTransport (comedia, RTCP muxed) that the clip sender sends to,
 * a VP8 producer (simulcast when it sends more than one SSRC: an encoding per SSRC, lowest first, as mediasoup maps a
 * plain sender's layers) and an Opus producer with the audio-level extension. Returns the transport's port.
 */
export async function produceLightPeer(
  router: types.Router,
  streams: LightPeerStreams,
  appData: (source: 'camera' | 'mic') => types.AppData = () => ({}),
): Promise<{ transport: types.PlainTransport; port: number; producers: types.Producer[] }> {
  const { transport, port } = await createSenderTransport(router);
  const audio = await produceAudio(transport, streams.audioSsrc, true, appData('mic'));
  const video = await produceVideo(transport, streams.videoSsrcs, 1, appData('camera'));
  return { transport, port, producers: [audio, video] };
}

/** A light peer never receives: nothing is offered to it (it never says it is ready), and it is always there. */
const silentChannel: PeerChannel = {
  connected: true,
  notify: () => undefined,
  offerConsumer: () => Promise.reject(new Error('a light peer receives nothing')),
};

/**
 * Puts a light peer into the product's room as a device would be (Room.join with the identity its credentials resolve
 * to: a home participant's invite link, or the venue's tablet), its producers registered as Room.produce registers a device's (announced to the
 * others, consumed by every ready device, the microphone observed for the active speaker and the loudest voices).
 * Room keeps its router and its producer registration private (only the telephone bridge makes plain peers, and only
 * with a voice): the benchmark reaches them here, in one place, and fails loudly if they change.
 */
export async function joinLightPeer(room: Room, identity: CallIdentity, streams: LightPeerStreams): Promise<{ peer: Peer; port: number }> {
  const internals = room as unknown as {
    router?: types.Router;
    addProducer?: (peer: Peer, producer: types.Producer<ProducerAppData>) => Promise<void>;
  };
  const { router } = internals;
  if (!router || typeof internals.addProducer !== 'function') {
    throw new Error('Room no longer has `router` and `addProducer`: update tests/bench/lib/lightPeer.ts');
  }
  const { peer } = room.join(identity, `bench-light:${identity.peerId}`, silentChannel);
  const { transport, port, producers } = await produceLightPeer(router, streams, (source) => ({ peerId: peer.id, source }));
  peer.setPlainTransport(transport);
  for (const producer of producers) await internals.addProducer.call(room, peer, producer as types.Producer<ProducerAppData>);
  return { peer, port };
}
