import type * as MediasoupClient from 'mediasoup-client';
import type { Device } from 'mediasoup-client';
import type { ConnectionState, DtlsParameters, IceCandidate, IceParameters, RtpCapabilities, Transport } from 'mediasoup-client/types';
import type { ResponseOf } from '@shared/call/events';
import type { TransportDirection, TransportOptions } from '@shared/call/schemas';
import { toCallError } from '../../lib/errors';
import type { Log } from '../../lib/log';
import { request } from '../socket';
import type { ProducerAppData } from '../produceOptions';
import type { CallContext } from './context';

/** mediasoup-client is the largest dependency: loaded on its own, while the lobby is on screen. */
type MediasoupModule = typeof MediasoupClient;
let mediasoupModule: Promise<MediasoupModule> | null = null;

function loadMediasoup(): Promise<MediasoupModule> {
  mediasoupModule ??= import('mediasoup-client');
  return mediasoupModule;
}

/** Starts loading mediasoup-client early; a failed load is logged and tried again at joining. */
export function prefetchMediasoup(log: Log): void {
  loadMediasoup().catch((error: unknown) => {
    mediasoupModule = null;
    log('loading mediasoup-client failed (will try again when joining)', error);
  });
}

/** Both transports' parameters, as the join's answer carries them. */
export type JoinTransports = ResponseOf<'call:join'>['transports'];

export type TransportStateListener = (transport: Transport, state: ConnectionState, generation: number) => void;

/**
 * The mediasoup Device and the two WebRTC transports of one join: created, wired to the
 * signalling (connect, produce), watched (connection state) and closed.
 */
export class MediaTransports {
  private loadedDevice: Device | null = null;
  /** The Device being loaded (or loaded) for the router capabilities of `deviceCapsKey`: one load for both the lobby and the join. */
  private loadingDevice: Promise<Device> | null = null;
  private deviceCapsKey = '';
  private send: Transport | null = null;
  private recv: Transport | null = null;

  constructor(
    private readonly ctx: CallContext,
    private readonly onStateChange: TransportStateListener,
  ) {}

  get device(): Device | null {
    return this.loadedDevice;
  }
  get sendTransport(): Transport | null {
    return this.send;
  }
  get recvTransport(): Transport | null {
    return this.recv;
  }

  /**
   * The Device for this router; reused while the router's capabilities stay the same (the lobby loads it with
   * `call:prepare`'s answer, the join then finds it ready). A failed load is tried again at the next ask.
   */
  loadDevice(routerRtpCapabilities: RtpCapabilities): Promise<Device> {
    const key = JSON.stringify(routerRtpCapabilities);
    if (this.loadingDevice && this.deviceCapsKey === key) return this.loadingDevice;
    const loading: Promise<Device> = newDevice(routerRtpCapabilities).then((device) => {
      if (this.loadingDevice === loading) this.loadedDevice = device;
      return device;
    });
    this.loadingDevice = loading;
    this.deviceCapsKey = key;
    loading.catch(() => {
      if (this.loadingDevice === loading) this.loadingDevice = null;
    });
    return loading;
  }

  /**
   * The Device already loaded for this router (by the lobby), or null. A join that finds it goes on without waiting
   * for a promise, so that its next request leaves before the page renders anything.
   */
  loadedFor(routerRtpCapabilities: RtpCapabilities): Device | null {
    return this.loadedDevice && this.deviceCapsKey === JSON.stringify(routerRtpCapabilities) ? this.loadedDevice : null;
  }

  /**
   * Creates this device's side of the two transports the server made at the join (their parameters are in the join's
   * answer): no request. Each connects (DTLS) when it first sends or receives.
   */
  open(device: Device, options: JoinTransports, generation: number): void {
    this.close();
    this.send = this.create(device, 'send', options.send, generation);
    this.recv = this.create(device, 'recv', options.recv, generation);
  }

  /** Closes both transports here (the server closes its side when the peer goes). */
  close(): void {
    this.send?.close();
    this.recv?.close();
    this.send = null;
    this.recv = null;
  }

  private create(device: Device, direction: TransportDirection, options: TransportOptions, generation: number): Transport {
    const transport =
      direction === 'send'
        ? device.createSendTransport(toTransportOptions(options))
        : device.createRecvTransport(toTransportOptions(options));
    this.relayConnect(transport);
    if (direction === 'send') this.relayProduce(transport);
    transport.on('connectionstatechange', (state: ConnectionState) => this.onStateChange(transport, state, generation));
    return transport;
  }

  /** DTLS parameters go to the server once, when the transport first sends or receives. */
  private relayConnect(transport: Transport): void {
    transport.on('connect', ({ dtlsParameters }: { dtlsParameters: DtlsParameters }, callback, errback) => {
      request(this.ctx.socket, 'call:connectTransport', { transportId: transport.id, dtlsParameters })
        .then(() => callback())
        .catch((e: unknown) => errback(toCallError(e)));
    });
  }

  /** Each new producer is announced to the server, which answers with its id. */
  private relayProduce(transport: Transport): void {
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const data = appData as Partial<ProducerAppData>;
      request(this.ctx.socket, 'call:produce', {
        transportId: transport.id,
        kind,
        rtpParameters,
        source: data.source ?? (kind === 'audio' ? 'mic' : 'camera'),
        paused: data.paused ?? false,
      })
        .then(({ producerId }) => callback({ id: producerId }))
        .catch((e: unknown) => errback(toCallError(e)));
    });
  }
}

async function newDevice(routerRtpCapabilities: RtpCapabilities): Promise<Device> {
  const { Device: DeviceClass } = await loadMediasoup();
  const device = await DeviceClass.factory();
  await device.load({ routerRtpCapabilities });
  return device;
}

function toTransportOptions(options: TransportOptions) {
  return {
    id: options.id,
    iceParameters: options.iceParameters as unknown as IceParameters,
    iceCandidates: options.iceCandidates as unknown as IceCandidate[],
    dtlsParameters: options.dtlsParameters as unknown as DtlsParameters,
  };
}
