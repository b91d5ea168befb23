import { io } from 'socket.io-client';
import type { JoinCredentials } from '@shared/call/schemas';
import type { ResponseOf } from '@shared/call/events';
import { moveSocket, request, socketAddress, type CallSocket } from '../../client/src/call/socket';
import { CallError } from '../../client/src/lib/errors';

/**
 * A device of a multi-node test at the signalling level, with the client's own socket code (client/src/call/socket.ts)
 * and CallClient's rules for it: join on every `connect` and on `call:rejoin`, follow WRONG_NODE to the node named,
 * and come back through the entry address when a moved socket drops. No media (no mediasoup-client in Node).
 */
export class ClusterDevice {
  readonly socket: CallSocket;
  /** Each successful join: the node's address and the answer. */
  readonly joins: { node: string; answer: ResponseOf<'call:join'> }[] = [];
  readonly notices: { event: string; notice: unknown }[] = [];
  /** Every call:join sent: the node asked, emit to acknowledgement in ms, and the error code if it was refused. */
  readonly attempts: { node: string; ms: number; code?: string }[] = [];
  private waiters: (() => void)[] = [];
  /** Settles at the first successful join (no polling: a benchmark of thousands of devices waits on this). */
  readonly firstJoin: Promise<void>;
  private joinedOnce: () => void = () => undefined;

  constructor(
    entry: string,
    private readonly credentials: JoinCredentials,
    private readonly clientId: string,
    cookie?: string,
  ) {
    this.socket = io(entry, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 500,
      extraHeaders: cookie ? { cookie } : undefined,
    });
    this.firstJoin = new Promise((resolve) => (this.joinedOnce = resolve));
    this.socket.onAny((event: string, notice: unknown) => {
      this.notices.push({ event, notice });
      this.wake();
    });
    this.socket.on('connect', () => void this.join());
    this.socket.on('call:rejoin', () => void this.join());
  }

  /** The node the device is joined on now, or undefined while it is not joined. */
  get node(): string | undefined {
    return this.socket.connected && this.joins.length > 0 && this.current ? this.joins.at(-1)!.node : undefined;
  }
  private current = false;

  private async join(): Promise<void> {
    this.current = false;
    const node = socketAddress(this.socket);
    const start = performance.now();
    try {
      const answer = await request(this.socket, 'call:join', { credentials: this.credentials, clientId: this.clientId });
      this.attempts.push({ node, ms: performance.now() - start });
      this.joins.push({ node, answer });
      this.current = true;
      this.joinedOnce();
    } catch (error) {
      this.attempts.push({ node, ms: performance.now() - start, code: error instanceof CallError ? error.code : 'ERROR' });
      const moved = error instanceof CallError && error.code === 'WRONG_NODE' && error.nodeUrl && moveSocket(this.socket, error.nodeUrl);
      if (!moved && this.socket.connected) setTimeout(() => void this.join(), 300);
    }
    this.wake();
  }

  /** Waits until `check` holds (checked after every join and notice), or fails after `timeoutMs`. */
  async until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.disconnect();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
