/**
 * The page's signalling as socket.io frames on its WebSocket, for the join benchmark: recorded in the page
 * (`recordSocketFrames`, an init script, so for the product and the floor alike), then read here as socket.io
 * packets: the step timeline. The round trips on the critical path of a join are counted from the same frames by
 * tests/support/roundTrips.ts (one rule for the benchmark and the e2e test).
 */

export interface SocketFrame {
  /** performance.now() in the page when the frame was sent or arrived. */
  t: number;
  dir: 'out' | 'in';
  data: string;
}

/**
 * Init script (runs before the page's own scripts): wraps WebSocket so that every text frame sent and received is
 * kept in `window.__frames` with the page's time. An arriving frame is stamped before socket.io handles it.
 */
export function recordSocketFrames(): void {
  const w = window as unknown as { __frames: SocketFrame[] };
  w.__frames = [];
  const Native = window.WebSocket;
  class Recorded extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (typeof event.data === 'string') w.__frames.push({ t: performance.now(), dir: 'in', data: event.data });
      });
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (typeof data === 'string') w.__frames.push({ t: performance.now(), dir: 'out', data });
      super.send(data);
    }
  }
  window.WebSocket = Recorded;
}

export interface SocketPacket extends SocketFrame {
  /** A socket.io EVENT (a request when it has an id, a notice when not) or ACK (an answer); anything else is `other`. */
  type: 'event' | 'ack' | 'other';
  id: number | null;
  /** The event's name; for an ACK, the name of the event it answers (when that was seen). */
  event: string | null;
}

/** Reads an engine.io v4 frame carrying a socket.io v5 packet: `4` + type + [attachments-][/nsp,][id] + JSON. */
export function parsePacket(frame: SocketFrame): SocketPacket {
  const other: SocketPacket = { ...frame, type: 'other', id: null, event: null };
  const match = /^4([23])(?:\d+-)?(?:\/[^,]*,)?(\d*)([[{].*)$/s.exec(frame.data);
  if (!match) return other;
  const id = match[2] ? Number(match[2]) : null;
  if (match[1] === '3') return { ...frame, type: 'ack', id, event: null };
  let event: string | null = null;
  try {
    const payload = JSON.parse(match[3]!) as unknown;
    if (Array.isArray(payload) && typeof payload[0] === 'string') event = payload[0];
  } catch {
    return other;
  }
  return { ...frame, type: 'event', id, event };
}

/**
 * Pairs requests with their answers, both ways: the page's requests (EVENT with an id, answered by an ACK from
 * the server) and the server's (answered by the page). Each ACK gets the name of the event it answers.
 */
export function readPackets(frames: readonly SocketFrame[]): SocketPacket[] {
  const asked = { out: new Map<number, string>(), in: new Map<number, string>() };
  return frames.map(parsePacket).map((packet) => {
    if (packet.type === 'event' && packet.id !== null) asked[packet.dir].set(packet.id, packet.event ?? '?');
    if (packet.type === 'ack' && packet.id !== null) {
      // An ACK going out answers a request that came in, and the other way round.
      const question = asked[packet.dir === 'out' ? 'in' : 'out'].get(packet.id);
      return { ...packet, event: question ?? null };
    }
    return packet;
  });
}

/** Step names for the timeline: "<event> sent", "<event> answered", "<event> received", "<event> acknowledged". */
export function stepName(packet: SocketPacket): string | null {
  if (packet.type === 'other' || !packet.event) return null;
  if (packet.type === 'ack') return `${packet.event} ${packet.dir === 'in' ? 'answered' : 'acknowledged'}`;
  return `${packet.event} ${packet.dir === 'out' ? 'sent' : 'received'}`;
}
