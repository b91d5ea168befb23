/**
 * The bare mediasoup-client page of the join benchmark's floor (browser code, bundled by floorBundle.ts and served
 * by floorServer.ts): the textbook join of mediasoup's own demo, one socket.io request per step, with the same
 * media as Kayoi's home page — the same getUserMedia constraints (client/src/call/media.ts) and producer options
 * (client/src/call/produceOptions.ts: simulcast encodings, Opus options), imported, not copied.
 *
 * Lobby (on load): camera and microphone, socket.io connected. On the click on 参加する:
 * getRouterRtpCapabilities → Device.load → createTransport (send) → createTransport (recv) → join, whose answer
 * is followed by a `newConsumer` request per producer already there (the page consumes, then acknowledges, and
 * the server resumes the consumer); meanwhile the microphone, then the camera, are produced.
 *
 * URL: `/?profile=venue|home&peer=<id>`. `window.__floor` shows the state to the benchmark.
 */
import { Device } from 'mediasoup-client';
import type {
  Consumer,
  DtlsParameters,
  IceCandidate,
  IceParameters,
  RtpCapabilities,
  RtpParameters,
  Transport,
} from 'mediasoup-client/types';
import { io } from 'socket.io-client';
import { cameraConstraints, micConstraints, type VideoProfile } from '../../../client/src/call/media';
import { cameraProducerOptions, micProducerOptions } from '../../../client/src/call/produceOptions';

interface TransportAnswer {
  id: string;
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
  dtlsParameters: DtlsParameters;
}

interface ConsumerOffer {
  consumerId: string;
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  rtpParameters: RtpParameters;
}

type Answer<T> = { ok: true; data: T } | { ok: false; message: string };

export interface FloorState {
  socketConnected: boolean;
  transport: string;
  tracks: boolean;
  deviceLoaded: boolean;
  sendTransport: Transport | null;
  recvTransport: Transport | null;
  error: string | null;
}

const params = new URLSearchParams(location.search);
const profile: VideoProfile = params.get('profile') === 'venue' ? 'venue' : 'home';
const peerId = params.get('peer') ?? `floor-${Math.random().toString(36).slice(2, 10)}`;
const socket = io({ query: { peerId } });
const state: FloorState = {
  socketConnected: false,
  transport: '',
  tracks: false,
  deviceLoaded: false,
  sendTransport: null,
  recvTransport: null,
  error: null,
};
(window as unknown as { __floor: FloorState }).__floor = state;

const button = element('button', { 'data-testid': 'join-button' }, '参加する');
const status = element('div', { 'data-testid': 'call-status', 'data-state': 'idle' }, '');
const tiles = element('div', { id: 'tiles' }, '');
document.body.append(button, status, tiles);

socket.on('connect', () => {
  state.socketConnected = true;
  state.transport = socket.io.engine.transport.name;
  socket.io.engine.on('upgrade', () => (state.transport = socket.io.engine.transport.name));
});

let mic: MediaStreamTrack | undefined;
let camera: MediaStreamTrack | undefined;
void navigator.mediaDevices
  .getUserMedia({ audio: micConstraints(), video: cameraConstraints(profile) })
  .then((stream) => {
    mic = stream.getAudioTracks()[0];
    camera = stream.getVideoTracks()[0];
    state.tracks = !!mic && !!camera;
  })
  .catch((error: unknown) => fail(error));

button.addEventListener('click', () => void join().catch((error: unknown) => fail(error)), { once: true });

async function request<T>(event: string, data: unknown = {}): Promise<T> {
  const answer = (await socket.timeout(10_000).emitWithAck(event, data)) as Answer<T>;
  if (!answer.ok) throw new Error(`${event}: ${answer.message}`);
  return answer.data;
}

async function join(): Promise<void> {
  status.dataset.state = 'connecting';
  const routerRtpCapabilities = await request<RtpCapabilities>('getRouterRtpCapabilities');
  const device = await Device.factory();
  await device.load({ routerRtpCapabilities });
  state.deviceLoaded = true;
  const send = device.createSendTransport(await request<TransportAnswer>('createTransport', { direction: 'send' }));
  relayConnect(send);
  send.on('produce', ({ kind, rtpParameters }, callback, errback) => {
    request<{ id: string }>('produce', { transportId: send.id, kind, rtpParameters }).then(callback).catch(errback);
  });
  state.sendTransport = send;
  const recv = device.createRecvTransport(await request<TransportAnswer>('createTransport', { direction: 'recv' }));
  relayConnect(recv);
  state.recvTransport = recv;
  socket.on('newConsumer', (offer: ConsumerOffer, ack: (answer: Answer<object>) => void) => {
    void consume(recv, offer).then(
      () => ack({ ok: true, data: {} }),
      (error: unknown) => ack({ ok: false, message: String(error) }),
    );
  });
  socket.on('consumerClosed', ({ consumerId }: { consumerId: string }) => {
    consumers.get(consumerId)?.close();
    consumers.delete(consumerId);
    document.querySelector(`[data-consumer-id="${consumerId}"]`)?.remove();
  });
  await request('join', { rtpCapabilities: device.rtpCapabilities });
  if (mic) await send.produce(micProducerOptions(mic, false));
  if (camera) await send.produce(cameraProducerOptions(device, camera, profile, false));
  status.dataset.state = 'connected';
}

function relayConnect(transport: Transport): void {
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request('connectTransport', { transportId: transport.id, dtlsParameters })
      .then(() => callback())
      .catch(errback);
  });
}

const consumers = new Map<string, Consumer>();

async function consume(recv: Transport, offer: ConsumerOffer): Promise<void> {
  const consumer = await recv.consume({
    id: offer.consumerId,
    producerId: offer.producerId,
    kind: offer.kind,
    rtpParameters: offer.rtpParameters,
    streamId: `${offer.peerId}-av`,
  });
  const media = offer.kind === 'video' ? document.createElement('video') : document.createElement('audio');
  media.dataset.peerId = offer.peerId;
  media.dataset.consumerId = consumer.id;
  consumers.set(consumer.id, consumer);
  if (offer.kind === 'video') {
    const video = media as HTMLVideoElement;
    video.dataset.testid = 'remote-video';
    video.muted = true;
    video.playsInline = true;
    video.width = 320;
    video.height = 180;
  }
  media.autoplay = true;
  media.srcObject = new MediaStream([consumer.track]);
  tiles.append(media);
  void media.play().catch(() => undefined);
}

function fail(error: unknown): void {
  state.error = error instanceof Error ? error.message : String(error);
  status.dataset.state = 'error';
  console.error('[floor]', error);
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  text: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.textContent = text;
  return node;
}
