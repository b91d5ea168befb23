import { io, type Socket } from 'socket.io-client';
import { STAFF_NAMESPACE, type StaffNoticeName, type StaffNoticeOf, type StaffServerToClientEvents } from '@shared/staffLive/events';

/** A staff page's live channel, as a test client: the `/staff` socket with a sign-in cookie, every notice kept. */
export class StaffClient {
  readonly socket: Socket<StaffServerToClientEvents>;
  readonly notices: { event: StaffNoticeName; notice: unknown }[] = [];

  constructor(url: string, cookie?: string) {
    this.socket = io(`${url}${STAFF_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: cookie ? { cookie } : undefined,
    });
    this.socket.onAny((event: StaffNoticeName, notice: unknown) => this.notices.push({ event, notice }));
  }

  /** Resolves once connected; rejects with the server's refusal (e.g. `unauthorised`). */
  async connected(): Promise<this> {
    if (this.socket.connected) return this;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (error) => reject(error));
    });
    return this;
  }

  received<E extends StaffNoticeName>(event: E): StaffNoticeOf<E>[] {
    return this.notices.filter((n) => n.event === event).map((n) => n.notice as StaffNoticeOf<E>);
  }

  async waitFor<E extends StaffNoticeName>(event: E, predicate: (notice: StaffNoticeOf<E>) => boolean, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received(event).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${event}; got ${JSON.stringify(this.notices)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.socket.close();
  }
}
