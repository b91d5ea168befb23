import { io, type Socket } from 'socket.io-client';
import type { Ack } from '@shared/ack';
import type {
  CallNoticeName,
  CallRequestName,
  ClientToServerEvents,
  NoticeOf,
  RequestOf,
  ResponseOf,
  ServerToClientEvents,
} from '@shared/call/events';
import type { JoinCredentials } from '@shared/call/schemas';
import type { LiveState } from '@shared/program/live';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A signalling-only client: a real socket.io connection speaking the shared, typed protocol. */
export class SignallingClient {
  readonly socket: TestSocket;
  readonly notices: { event: CallNoticeName; notice: unknown }[] = [];
  /** What to answer to `call:newConsumer`; by default accept. */
  consumerAnswer: () => Ack<object> = () => ({ ok: true, data: {} });

  /** `localAddress`: connect from this local address (benchmarks give each home its own 127.x.y.z). */
  constructor(url: string, cookie?: string, options: { localAddress?: string } = {}) {
    const extraHeaders = cookie ? { cookie } : undefined;
    // engine.io-client passes localAddress on to the WebSocket in Node.js; its types do not list it.
    const socketOptions = { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders, ...options };
    this.socket = io(url, socketOptions);
    this.socket.onAny((event: CallNoticeName, notice: unknown) => this.notices.push({ event, notice }));
    this.socket.on('call:newConsumer', (_notice, ack) => ack(this.consumerAnswer()));
  }

  async connected(): Promise<this> {
    if (!this.socket.connected) await new Promise<void>((resolve) => this.socket.once('connect', () => resolve()));
    return this;
  }

  request<E extends CallRequestName>(event: E, payload: RequestOf<E>): Promise<Ack<ResponseOf<E>>> {
    const timed = this.socket.timeout(10_000);
    const emit = timed.emitWithAck.bind(timed) as (event: string, payload: unknown) => Promise<Ack<ResponseOf<E>>>;
    return emit(event, payload);
  }

  /** Sends anything at all, for malformed-input tests. */
  raw(event: string, ...args: unknown[]): Promise<Ack<unknown>> {
    return (this.socket.timeout(10_000).emitWithAck as (event: string, ...args: unknown[]) => Promise<Ack<unknown>>)(event, ...args);
  }

  async ok<E extends CallRequestName>(event: E, payload: RequestOf<E>): Promise<ResponseOf<E>> {
    const answer = await this.request(event, payload);
    if (!answer.ok) throw new Error(`${event} failed: ${answer.code} ${answer.message}`);
    return answer.data;
  }

  received<E extends CallNoticeName>(event: E): NoticeOf<E>[] {
    return this.notices.filter((n) => n.event === event).map((n) => n.notice as NoticeOf<E>);
  }

  async waitFor<E extends CallNoticeName>(
    event: E,
    predicate: (notice: NoticeOf<E>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<NoticeOf<E>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received(event).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${event}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The newest `live:state` received (by revision), if any. */
  latestLive(): LiveState | undefined {
    return this.received('live:state').reduce<LiveState | undefined>((a, b) => (a && a.revision >= b.revision ? a : b), undefined);
  }

  close(): void {
    this.socket.close();
  }
}

/** Joins and sets media up as a device does (the join's send and receive transports, ready), sending a microphone. */
export async function joinWithMicrophone(client: SignallingClient, credentials: JoinCredentials, clientId: string) {
  const { joined, sendTransportId } = await joinReadyToSend(client, credentials, clientId);
  const { producerId } = await client.ok('call:produce', {
    transportId: sendTransportId,
    kind: 'audio',
    source: 'mic',
    rtpParameters: audioRtpParameters,
  });
  return { joined, peerId: joined.self.id, producerId };
}

/** Joins as a device does, sending a microphone and a three-layer simulcast camera (real producers on the real worker). */
export async function joinWithCamera(client: SignallingClient, credentials: JoinCredentials, clientId: string) {
  const { joined, sendTransportId } = await joinReadyToSend(client, credentials, clientId);
  await client.ok('call:produce', { transportId: sendTransportId, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters });
  await client.ok('call:produce', {
    transportId: sendTransportId,
    kind: 'video',
    source: 'camera',
    rtpParameters: simulcastVideoRtpParameters,
  });
  return { joined, peerId: joined.self.id };
}

async function joinReadyToSend(client: SignallingClient, credentials: JoinCredentials, clientId: string) {
  const joined = await client.ok('call:join', { credentials, clientId });
  await client.ok('call:ready', { rtpCapabilities: joined.routerRtpCapabilities });
  return { joined, sendTransportId: joined.transports.send.id };
}

/**
 * The signalling clients a test file opens: `connect` one (with a host's cookie for the venue role), and
 * `closeAll` after each test, which then waits a moment so the server sees the disconnects before the next test.
 */
export function clientPool(url: () => string) {
  const clients: SignallingClient[] = [];
  return {
    connect: (cookie?: string): Promise<SignallingClient> => {
      const client = new SignallingClient(url(), cookie);
      clients.push(client);
      return client.connected();
    },
    closeAll: async (): Promise<void> => {
      for (const client of clients.splice(0)) client.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
    },
  };
}

export const audioRtpParameters = {
  mid: '0',
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } }],
  headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }],
  encodings: [{ ssrc: 11111111 }],
  rtcp: { cname: 'test' },
};

export const simulcastVideoRtpParameters = {
  mid: '1',
  codecs: [
    {
      mimeType: 'video/VP8',
      payloadType: 96,
      clockRate: 90000,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }, { type: 'goog-remb' }],
    },
    { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 } },
  ],
  headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }],
  encodings: [
    { ssrc: 22222221, rtx: { ssrc: 22222231 }, scalabilityMode: 'L1T3' },
    { ssrc: 22222222, rtx: { ssrc: 22222232 }, scalabilityMode: 'L1T3' },
    { ssrc: 22222223, rtx: { ssrc: 22222233 }, scalabilityMode: 'L1T3' },
  ],
  rtcp: { cname: 'test' },
};

export const fakeDtlsParameters = {
  role: 'client' as const,
  fingerprints: [
    { algorithm: 'sha-256', value: '82:5A:68:3D:36:C3:0A:DE:AF:E7:32:43:D2:88:83:57:1B:C9:29:14:5D:A2:9C:BD:9F:42:94:7C:8E:76:04:CE' },
  ],
};
