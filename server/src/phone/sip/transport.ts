/**
 * SIP over UDP and TCP on one port: framing, bounds and the allow-list. Hands each whole message up with the
 * flow it came on (to answer on the same connection / to the source address); never throws out of a handler.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../core/logger';
import type { AllowList } from './allowList';
import { SipLimits } from './message';

const STRANGER_CONNECTIONS = 16;
const STRANGER_LIFETIME_MS = 5000;

export interface Flow {
  transport: 'udp' | 'tcp';
  address: string;
  port: number;
  /** The TCP connection the message came on (answers go back on it). */
  connection?: Socket;
}

export interface TransportLimits {
  maxTcpConnections: number;
  /** A TCP connection with nothing received for this long is closed. */
  tcpIdleMs: number;
}

interface TransportEvents {
  /** allowed: the source is on the allow-list (UDP from elsewhere never gets here). */
  message: [data: Buffer, flow: Flow, allowed: boolean];
  /** A TCP connection we opened could not be made or broke before it carried anything back. */
  connectFailed: [address: string, port: number];
}

export class SipTransport extends EventEmitter<TransportEvents> {
  private udp: UdpSocket | null = null;
  private tcp: Server | null = null;
  private readonly connections = new Set<Socket>();
  /** TCP connections from addresses not in allowFrom, kept apart so they can never use up the trunk's slots. */
  private readonly strangerSockets = new Set<Socket>();
  /** Our outgoing (and reusable incoming) TCP connections by "address:port". */
  private readonly byPeer = new Map<string, Socket>();
  droppedUdp = 0;

  constructor(
    private readonly bindAddress: string,
    private readonly allowList: AllowList,
    private readonly limits: TransportLimits,
    private readonly logger: Logger,
  ) {
    super();
  }

  /**
   * UDP and TCP on one port. With port 0 the kernel picks the UDP port, and that number can already be taken for
   * TCP by someone else: then both are given up and another port is tried.
   */
  async listen(port: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const udp = await this.bindUdp(port);
      const bound = udp.address().port;
      try {
        this.tcp = await this.listenTcp(bound);
        this.udp = udp;
        return bound;
      } catch (error) {
        udp.close();
        const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        if (port !== 0 || !taken || attempt >= 10) throw error;
      }
    }
  }

  private async bindUdp(port: number): Promise<UdpSocket> {
    const udp = createSocket({ type: this.bindAddress.includes(':') ? 'udp6' : 'udp4' });
    udp.on('message', (data, rinfo) => this.onDatagram(data, rinfo.address, rinfo.port));
    udp.on('error', (error) => this.logger.warn({ err: error }, 'sip: udp socket error'));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, this.bindAddress, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    return udp;
  }

  private async listenTcp(port: number): Promise<Server> {
    const tcp = createServer((socket) => this.onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(port, this.bindAddress, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
    tcp.on('error', (error) => this.logger.warn({ err: error }, 'sip: tcp server error'));
    return tcp;
  }

  async close(): Promise<void> {
    for (const socket of [...this.connections, ...this.strangerSockets]) socket.destroy();
    this.connections.clear();
    this.strangerSockets.clear();
    this.byPeer.clear();
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = null;
    this.tcp = null;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }

  /** Sends on the flow's connection (TCP) or to its address (UDP); opens a TCP connection when there is none. */
  send(flow: Flow, data: Buffer): void {
    if (flow.transport === 'udp') {
      this.udp?.send(data, flow.port, flow.address, (error) => {
        if (error) this.logger.warn({ err: error, to: `${flow.address}:${flow.port}` }, 'sip: udp send failed');
      });
      return;
    }
    let socket = flow.connection && !flow.connection.destroyed ? flow.connection : this.byPeer.get(`${flow.address}:${flow.port}`);
    if (!socket || socket.destroyed) socket = this.connect(flow.address, flow.port);
    if (socket) socket.write(data);
  }

  private connect(address: string, port: number): Socket | undefined {
    if (this.connections.size >= this.limits.maxTcpConnections) {
      this.logger.warn({ to: `${address}:${port}` }, 'sip: too many tcp connections; not connecting');
      return undefined;
    }
    const socket = createConnection({ host: address, port });
    this.byPeer.set(`${address}:${port}`, socket);
    this.track(socket, address, port);
    let answered = false;
    socket.once('data', () => (answered = true));
    socket.once('close', () => {
      if (!answered) this.emit('connectFailed', address, port);
    });
    return socket;
  }

  private onDatagram(data: Buffer, address: string, port: number): void {
    // Silently dropped: a UDP source address is forged at no cost, so answering strangers would make us a reflector
    // for floods, and scanners (friendly-scanner, SIPVicious) learn nothing from silence.
    if (!this.allowList.allows(address) || data.length > SipLimits.maxUdpBytes) {
      this.droppedUdp += 1;
      return;
    }
    if (data.length <= 4 && data.toString('latin1').trim() === '') return; // CRLF keepalive
    this.emit('message', data, { transport: 'udp', address, port }, true);
  }

  private onConnection(socket: Socket): void {
    const address = socket.remoteAddress ?? '';
    const port = socket.remotePort ?? 0;
    if (!this.allowList.allows(address)) {
      // A stranger gets one short look (its request is answered 403) and never a slot the trunk may need: at most
      // STRANGER_CONNECTIONS at once, each closed after STRANGER_LIFETIME_MS whatever it sends.
      if (this.strangerSockets.size >= STRANGER_CONNECTIONS) {
        socket.destroy();
        return;
      }
      const timer = setTimeout(() => socket.destroy(), STRANGER_LIFETIME_MS);
      socket.once('close', () => clearTimeout(timer));
      this.track(socket, address, port, false);
      return;
    }
    if (this.connections.size >= this.limits.maxTcpConnections) {
      socket.destroy();
      return;
    }
    this.byPeer.set(`${address}:${port}`, socket);
    this.track(socket, address, port, true);
  }

  private track(socket: Socket, address: string, port: number, counted = true): void {
    if (counted) this.connections.add(socket);
    else this.strangerSockets.add(socket);
    socket.setTimeout(this.limits.tcpIdleMs, () => socket.destroy());
    socket.on('error', (error) => this.logger.debug({ err: error, from: `${address}:${port}` }, 'sip: tcp connection error'));
    socket.on('close', () => {
      this.connections.delete(socket);
      this.strangerSockets.delete(socket);
      if (this.byPeer.get(`${address}:${port}`) === socket) this.byPeer.delete(`${address}:${port}`);
    });
    const allowed = this.allowList.allows(address);
    const flow: Flow = { transport: 'tcp', address, port, connection: socket };
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        const framed = takeMessage(buffer);
        if (framed === 'invalid' || (framed === null && buffer.length > SipLimits.maxTcpMessageBytes)) {
          this.logger.info({ from: `${address}:${port}` }, 'sip: closing a tcp connection that sent an oversized or unframed message');
          socket.destroy();
          return;
        }
        if (framed === null) return;
        buffer = framed.rest;
        if (framed.keepalive) {
          if (allowed) socket.write('\r\n');
          continue;
        }
        this.emit('message', framed.message, flow, allowed);
        if (socket.destroyed) return;
      }
    });
  }
}

type Framed = { message: Buffer; rest: Buffer; keepalive: false } | { message: null; rest: Buffer; keepalive: true };

/** One message off the front of a TCP stream: null when incomplete, 'invalid' when it can never be a message. */
export function takeMessage(buffer: Buffer): Framed | null | 'invalid' {
  if (buffer.subarray(0, 4).toString('latin1') === '\r\n\r\n') return { message: null, rest: buffer.subarray(4), keepalive: true };
  let start = 0;
  while (start < buffer.length && (buffer[start] === 13 || buffer[start] === 10)) start += 1;
  if (start > 0 && start === buffer.length) return buffer.length >= 4 ? { message: null, rest: Buffer.alloc(0), keepalive: true } : null;
  const end = buffer.indexOf('\r\n\r\n', start);
  if (end < 0) return null;
  const head = buffer.subarray(start, end).toString('latin1');
  const length = /(?:^|\r\n)(?:content-length|l)[ \t]*:[ \t]*(\d{1,6})[ \t]*(?:\r\n|$)/i.exec(head);
  const bodyLength = length ? Number(length[1]) : 0;
  const total = end + 4 + bodyLength;
  if (total - start > SipLimits.maxTcpMessageBytes) return 'invalid';
  if (buffer.length < total) return null;
  return { message: buffer.subarray(start, total), rest: buffer.subarray(total), keepalive: false };
}
