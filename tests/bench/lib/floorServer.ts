/**
 * The join benchmark's floor: a bare mediasoup server — socket.io and mediasoup only, no database, no rooms
 * logic — on the same worker binary (node_modules/mediasoup), the product's router codecs and WebRTC transport
 * options (server/src/call/mediaConfig.ts) and a WebRtcServer on 127.0.0.1 as WorkerPool makes. One room; one
 * request per step, as mediasoup's demo: getRouterRtpCapabilities, createTransport, connectTransport, join,
 * produce. A joined peer gets a paused consumer per producer of the others, offered with a `newConsumer`
 * request and resumed when the page acknowledges it. It serves the floor page (floorPage.ts) too.
 *
 * Run as a child process (floorProcess.ts): it sends `{ type: 'ready', url, pid, workerPid }` over IPC and
 * stops when the IPC channel closes. Alone: `npx tsx tests/bench/lib/floorServer.ts` prints its URL.
 */
import http from 'node:http';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { Server, type Socket } from 'socket.io';
import { maxIncomingBitrate, mediaCodecs, webRtcTransportOptions } from '../../../server/src/call/mediaConfig';
import { findFreeMediaPorts } from '../../support/ports';
import { buildFloorPage } from './floorBundle';
import { produceLightPeer, type LightPeerStreams } from './lightPeer';

/** Over IPC: a light peer that sends the clip (clipSender.ts); answered with `{ id, port }`. */
export interface FloorAddLightPeer {
  cmd: 'addLightPeer';
  id: number;
  peerId: string;
  streams: LightPeerStreams;
}

export interface FloorReady {
  type: 'ready';
  url: string;
  pid: number;
  workerPid: number;
}

interface FloorPeer {
  id: string;
  /** null: a light peer (lightPeer.ts), which only sends. */
  socket: Socket | null;
  joined: boolean;
  rtpCapabilities: types.RtpCapabilities | null;
  transports: Map<string, types.WebRtcTransport>;
  recv: types.WebRtcTransport | null;
  producers: types.Producer[];
}

type Reply = (answer: { ok: true; data: unknown } | { ok: false; message: string }) => void;

async function main(): Promise<void> {
  // A request racing a page that leaves (its transport closed under it) must not stop the floor for the next joins.
  process.on('unhandledRejection', (error) => console.error('[floor]', error));
  const page = await buildFloorPage();
  const worker = await mediasoup.createWorker({ logLevel: 'warn' });
  const mediaPort = await findFreeMediaPorts(1);
  const listen = { ip: '127.0.0.1', port: mediaPort };
  const webRtcServer = await worker.createWebRtcServer({
    listenInfos: [
      { protocol: 'udp', ...listen },
      { protocol: 'tcp', ...listen },
    ],
  });
  const router = await worker.createRouter({ mediaCodecs });
  const peers = new Map<string, FloorPeer>();

  const httpServer = http.createServer((req, res) => {
    const [body, type] = req.url === '/floor.js' ? [page.script, 'text/javascript'] : [page.html, 'text/html; charset=utf-8'];
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  });
  const io = new Server(httpServer);

  const consume = async (peer: FloorPeer, producer: types.Producer, producerPeerId: string) => {
    const { socket } = peer;
    if (
      !socket ||
      !peer.recv ||
      !peer.rtpCapabilities ||
      !router.canConsume({ producerId: producer.id, rtpCapabilities: peer.rtpCapabilities })
    )
      return;
    const consumer = await peer.recv.consume({ producerId: producer.id, rtpCapabilities: peer.rtpCapabilities, paused: true });
    consumer.on('producerclose', () => socket.emit('consumerClosed', { consumerId: consumer.id }));
    socket.timeout(10_000).emit(
      'newConsumer',
      {
        consumerId: consumer.id,
        producerId: producer.id,
        peerId: producerPeerId,
        kind: consumer.kind,
        rtpParameters: consumer.rtpParameters,
      },
      (error: Error | null, answer?: { ok: boolean }) => {
        if (error || !answer?.ok) consumer.close();
        else consumer.resume().catch(() => undefined); // the page may have left meanwhile
      },
    );
  };

  io.on('connection', (socket) => {
    const query = socket.handshake.query.peerId;
    const peer: FloorPeer = {
      id: typeof query === 'string' ? query : socket.id,
      socket,
      joined: false,
      rtpCapabilities: null,
      transports: new Map(),
      recv: null,
      producers: [],
    };
    peers.set(socket.id, peer);
    const handle = (event: string, work: (data: Record<string, unknown>) => Promise<unknown>) =>
      socket.on(event, (data: Record<string, unknown>, reply: Reply) => {
        work(data).then(
          (answer) => reply({ ok: true, data: answer ?? {} }),
          (error: unknown) => reply({ ok: false, message: error instanceof Error ? error.message : String(error) }),
        );
      });

    handle('getRouterRtpCapabilities', async () => router.rtpCapabilities);
    handle('createTransport', async ({ direction }) => {
      const transport = await router.createWebRtcTransport({ ...webRtcTransportOptions, webRtcServer });
      if (direction === 'send') await transport.setMaxIncomingBitrate(maxIncomingBitrate);
      else peer.recv = transport;
      peer.transports.set(transport.id, transport);
      const { id, iceParameters, iceCandidates, dtlsParameters } = transport;
      return { id, iceParameters, iceCandidates, dtlsParameters };
    });
    handle('connectTransport', async ({ transportId, dtlsParameters }) => {
      await transportOf(peer, transportId).connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
    });
    handle('join', async ({ rtpCapabilities }) => {
      peer.joined = true;
      peer.rtpCapabilities = rtpCapabilities as types.RtpCapabilities;
      const others = [...peers.values()].filter((other) => other !== peer && other.joined);
      // After the answer: a consumer of everything the others send.
      setImmediate(() => {
        for (const other of others) for (const producer of other.producers) void consume(peer, producer, other.id).catch(() => undefined);
      });
      return { peers: others.map((other) => other.id) };
    });
    handle('produce', async ({ transportId, kind, rtpParameters }) => {
      const producer = await transportOf(peer, transportId).produce({
        kind: kind as types.MediaKind,
        rtpParameters: rtpParameters as types.RtpParameters,
      });
      peer.producers.push(producer);
      for (const other of peers.values()) if (other !== peer && other.joined) void consume(other, producer, peer.id).catch(() => undefined);
      return { id: producer.id };
    });
    socket.on('disconnect', () => {
      peers.delete(socket.id);
      for (const transport of peer.transports.values()) transport.close();
    });
  });

  /** As a device that has joined and produced: the others get its producers now, a later joiner at its join. */
  const addLightPeer = async (peerId: string, streams: LightPeerStreams): Promise<number> => {
    const { transport, port, producers } = await produceLightPeer(router, streams);
    const peer: FloorPeer = { id: peerId, socket: null, joined: true, rtpCapabilities: null, transports: new Map(), recv: null, producers };
    peers.set(`light:${peerId}`, peer);
    transport.observer.once('close', () => peers.delete(`light:${peerId}`));
    for (const other of peers.values())
      if (other !== peer && other.joined) for (const producer of producers) void consume(other, producer, peerId).catch(() => undefined);
    return port;
  };
  process.on('message', (message: FloorAddLightPeer) => {
    if (message.cmd !== 'addLightPeer') return;
    void addLightPeer(message.peerId, message.streams).then(
      (port) => process.send?.({ id: message.id, port }),
      (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
    );
  });

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const address = httpServer.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const stop = () => {
    void io.close();
    worker.close();
    process.exit(0);
  };
  if (process.send) {
    const ready: FloorReady = { type: 'ready', url, pid: process.pid, workerPid: worker.pid };
    process.send(ready);
    process.on('disconnect', stop);
  } else {
    console.log(`mediasoup floor on ${url}`);
    process.on('SIGINT', stop);
  }
}

function transportOf(peer: FloorPeer, transportId: unknown): types.WebRtcTransport {
  const transport = typeof transportId === 'string' ? peer.transports.get(transportId) : undefined;
  if (!transport) throw new Error('unknown transport');
  return transport;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
