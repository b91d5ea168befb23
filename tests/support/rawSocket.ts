import { io, type Socket } from 'socket.io-client';

/**
 * A socket.io client that sends anything at all (any event name, any arguments, with or without an
 * acknowledgement callback), for tests of the socket edge. Unlike SignallingClient it reports a refused
 * handshake and a server-side close instead of waiting for them.
 */
export class RawSocket {
  readonly socket: Socket;
  /** Why the connection closed, once it has (socket.io's reason, e.g. 'io server disconnect'). */
  closedBecause: string | undefined;
  private readonly closed: Promise<string>;

  /** `localAddress`: connect from this local address (a benchmark's attacker from many 127.x.y.z). */
  constructor(url: string, options: { headers?: Record<string, string>; localAddress?: string } = {}) {
    // engine.io-client passes localAddress on to the WebSocket in Node.js; its types do not list it.
    const socketOptions = {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: options.headers,
      localAddress: options.localAddress,
    };
    this.socket = io(url, socketOptions);
    this.closed = new Promise((resolve) =>
      this.socket.once('disconnect', (reason) => {
        this.closedBecause = reason;
        resolve(reason);
      }),
    );
  }

  /** Resolves when connected; rejects with the handshake's error when the server refuses the connection. */
  connected(timeoutMs = 10_000): Promise<this> {
    if (this.socket.connected) return Promise.resolve(this);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no connection within the time')), timeoutMs);
      this.socket.once('connect', () => {
        clearTimeout(timer);
        resolve(this);
      });
      this.socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Sends `name` with `args` and an acknowledgement callback; resolves with the answer, or says why none came. */
  ask(name: unknown, ...args: unknown[]): Promise<{ answer: unknown } | { closed: string } | { timedOut: true }> {
    if (!this.socket.connected) return Promise.resolve({ closed: this.closedBecause ?? 'not connected' });
    const emit = this.socket.emit.bind(this.socket) as (name: unknown, ...rest: unknown[]) => Socket;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ timedOut: true }), 5_000);
      void this.closed.then((reason) => {
        clearTimeout(timer);
        resolve({ closed: reason });
      });
      emit(name, ...args, (...answer: unknown[]) => {
        clearTimeout(timer);
        resolve({ answer: answer[0] });
      });
    });
  }

  /** Sends `name` with `args` and no acknowledgement callback. */
  tell(name: unknown, ...args: unknown[]): void {
    (this.socket.emit as (name: unknown, ...rest: unknown[]) => Socket).call(this.socket, name, ...args);
  }

  /** Resolves with socket.io's reason once the connection is closed, or undefined if it is still open after `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<string | undefined> {
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs));
    return Promise.race([this.closed, timeout]);
  }

  close(): void {
    this.socket.close();
  }
}

/** Opens a RawSocket and waits until it is connected. */
export function openRawSocket(url: string, options: { headers?: Record<string, string> } = {}): Promise<RawSocket> {
  return new RawSocket(url, options).connected();
}
