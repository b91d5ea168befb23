import type { ConnectionState, IceParameters, Transport } from 'mediasoup-client/types';
import { toCallError } from '../../lib/errors';
import { request } from '../socket';
import type { CallContext } from './context';

/** A transport that is `disconnected` often comes back by itself; wait this long before an ICE restart. */
const DISCONNECTED_GRACE_MS = 2_000;
const MAX_ICE_RESTARTS = 5;
const MAX_REJOIN_DELAY_MS = 15_000;
const MAX_ICE_RESTART_DELAY_MS = 16_000;
/** After the server closed the socket on purpose (socket.io does not come back by itself then). */
const SERVER_DISCONNECT_RETRY_MS = 2_000;
/** After socket.io gave up reconnecting. */
const CONNECT_ERROR_RETRY_MS = 3_000;

/** What the Reconnector needs from the client it keeps in the call. */
export interface ReconnectHost {
  /** The user wants to be in the call (and the client is not released). */
  isLive(): boolean;
  /** Start a full (re)join now. */
  rejoin(reason: string): void;
  /** The signalling dropped: stop joins in flight and show 「つなぎ直しています」. */
  signallingLost(): void;
}

interface IceRestartState {
  attempt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Keeps the call alive on weak networks. Signalling lost → full rejoin once the socket is back
 * (socket.io reconnects by itself; this covers the cases where it does not). A transport whose
 * ICE breaks while signalling is fine → ICE restart with backoff; when restarts do not help, a
 * full rejoin with TCP toggled (for networks that block UDP). A join that fails for a passing
 * reason is retried with backoff.
 */
export class Reconnector {
  private rejoinAttempt = 0;
  private rejoinTimer: ReturnType<typeof setTimeout> | null = null;
  private tcp = false;
  private readonly iceRestarts = new Map<string, IceRestartState>();
  /** Transports whose media is broken right now (the page says 「つなぎ直しています」). */
  private readonly mediaTrouble = new Set<string>();

  constructor(
    private readonly ctx: CallContext,
    private readonly host: ReconnectHost,
  ) {
    ctx.socket.on('disconnect', this.onDisconnect);
    ctx.socket.on('connect_error', this.onConnectError);
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
  }

  /** Ask the server for TCP-only ICE candidates. */
  get forceTcp(): boolean {
    return this.tcp;
  }

  get hasMediaTrouble(): boolean {
    return this.mediaTrouble.size > 0;
  }

  /** A join succeeded: the next failure starts the backoff from the beginning. */
  resetBackoff(): void {
    this.rejoinAttempt = 0;
  }

  /** Retries a join that failed for a passing reason (timeout, server error), with backoff. */
  retryJoinLater(): void {
    this.cancelRejoin();
    if (!this.ctx.socket.connected) return; // the socket's own reconnect triggers the rejoin
    const delay = Math.min(1_000 * 2 ** this.rejoinAttempt, MAX_REJOIN_DELAY_MS);
    this.rejoinAttempt += 1;
    this.rejoinAfter(delay, () => {
      if (this.ctx.socket.connected) this.host.rejoin('retry');
    });
  }

  cancelRejoin(): void {
    if (this.rejoinTimer) clearTimeout(this.rejoinTimer);
    this.rejoinTimer = null;
  }

  /** Forgets the transports being watched (they are closed: leaving, or before a rejoin). */
  forgetTransports(): void {
    for (const state of this.iceRestarts.values()) if (state.timer) clearTimeout(state.timer);
    this.iceRestarts.clear();
    this.mediaTrouble.clear();
  }

  /** Follows a transport of join `generation` through its ICE/DTLS connection states. */
  readonly onTransportState = (transport: Transport, state: ConnectionState, generation: number): void => {
    if (this.ctx.isStale(generation) || transport.closed) return;
    this.ctx.log(`${transport.direction} transport ${state}`);
    if (state === 'connected') this.transportRecovered(transport);
    else if (state === 'disconnected') this.scheduleIceRestart(transport, generation, DISCONNECTED_GRACE_MS);
    else if (state === 'failed') {
      this.markTrouble(transport);
      this.scheduleIceRestart(transport, generation, 0);
    }
  };

  dispose(): void {
    this.cancelRejoin();
    this.forgetTransports();
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
  }

  // ---------------------------------------------------------------------------------------------
  // Signalling

  private readonly onDisconnect = (reason: string): void => {
    if (!this.host.isLive()) return;
    this.ctx.log(`socket disconnected: ${reason}`);
    this.cancelRejoin();
    this.host.signallingLost();
    if (reason === 'io server disconnect') this.reconnectAfter(SERVER_DISCONNECT_RETRY_MS);
  };

  private readonly onConnectError = (error: Error): void => {
    if (!this.host.isLive()) return;
    this.ctx.log('socket connect error', error.message);
    if (this.ctx.socket.active) return; // socket.io keeps trying by itself
    this.cancelRejoin();
    this.reconnectAfter(CONNECT_ERROR_RETRY_MS);
  };

  private readonly onOnline = (): void => {
    if (this.host.isLive() && !this.ctx.socket.connected) this.ctx.socket.connect();
  };

  /** Connects the socket again after `delay`; its `connect` brings the rejoin. */
  private reconnectAfter(delay: number): void {
    this.rejoinAfter(delay, () => {
      if (!this.ctx.socket.connected) this.ctx.socket.connect();
    });
  }

  private rejoinAfter(delay: number, step: () => void): void {
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = null;
      if (this.host.isLive()) step();
    }, delay);
  }

  // ---------------------------------------------------------------------------------------------
  // ICE

  private markTrouble(transport: Transport): void {
    this.mediaTrouble.add(transport.id);
    this.ctx.changed();
  }

  private transportRecovered(transport: Transport): void {
    const restart = this.iceRestarts.get(transport.id);
    if (restart?.timer) clearTimeout(restart.timer);
    this.iceRestarts.delete(transport.id);
    if (this.mediaTrouble.delete(transport.id)) this.ctx.changed();
  }

  private scheduleIceRestart(transport: Transport, generation: number, delay: number): void {
    let state = this.iceRestarts.get(transport.id);
    if (!state) {
      state = { attempt: 0, timer: null };
      this.iceRestarts.set(transport.id, state);
    }
    if (state.timer) return; // one already planned
    const restart = state;
    restart.timer = setTimeout(() => {
      restart.timer = null;
      void this.restartIce(transport, generation, restart);
    }, delay);
  }

  private async restartIce(transport: Transport, generation: number, state: IceRestartState): Promise<void> {
    if (this.ctx.isStale(generation) || transport.closed || this.iceRestarts.get(transport.id) !== state) return;
    if (transport.connectionState === 'connected') {
      this.iceRestarts.delete(transport.id);
      return;
    }
    // Without the socket there is no signalling; its reconnect brings a full rejoin instead.
    if (!this.ctx.socket.connected) return;
    if (state.attempt >= MAX_ICE_RESTARTS) {
      this.ctx.log('ICE restarts did not help: rejoining (TCP toggled)');
      this.tcp = !this.tcp;
      this.host.rejoin('ice-failed');
      return;
    }
    this.markTrouble(transport);
    state.attempt += 1;
    const lost = await this.requestIceRestart(transport, generation);
    if (lost) {
      if (!this.ctx.isStale(generation)) this.host.rejoin('transport-lost');
      return;
    }
    if (this.ctx.isStale(generation) || transport.closed) return;
    // Check again later; a `connected` state clears this.
    if (this.iceRestarts.get(transport.id) === state) {
      this.scheduleIceRestart(transport, generation, Math.min(2_000 * 2 ** state.attempt, MAX_ICE_RESTART_DELAY_MS));
    }
  }

  /** One ICE restart, here and on the server. True when the server no longer knows the transport. */
  private async requestIceRestart(transport: Transport, generation: number): Promise<boolean> {
    try {
      const { iceParameters } = await request(this.ctx.socket, 'call:restartIce', { transportId: transport.id });
      if (this.ctx.isStale(generation) || transport.closed) return false;
      await transport.restartIce({ iceParameters: iceParameters as unknown as IceParameters });
      return false;
    } catch (error) {
      const err = toCallError(error);
      this.ctx.log(`restartIce failed: ${err.code}`, err.message);
      return err.code === 'TRANSPORT_NOT_FOUND' || err.code === 'NOT_JOINED';
    }
  }
}
