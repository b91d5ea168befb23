/**
 * The page's signalling as socket.io frames on its WebSocket, for the join benchmark: recorded in the page
 * (`recordSocketFrames`, an init script, so for the product and the floor alike), then read here as socket.io
 * packets: the step timeline and the count of sequential round trips on the critical path of a join.
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

/**
 * The page's requests that nothing in a join waits for, left out of the count: the product's clock sync with the
 * server (`live:clock`, a few pings one after another), which videos the screen shows and at which layer.
 */
export const OFF_PATH_REQUESTS: readonly RegExp[] = [/^live:clock$/, /^call:setVisibleVideos$/, /^call:setPreferredLayers$/];

export interface RoundTripCount {
  /** Sequential request → answer round trips from the click to the anchor (below). */
  roundTrips: number;
  /** How the count ended: at the page's acknowledgement of the first video offered ('video offer acknowledged'), or not. */
  anchor: 'video offer acknowledged' | 'first remote frame';
  /** The path, one group of frames per direction: "→ call:join | ← call:join | → …". */
  path: string;
}

/**
 * Counts the sequential round trips on the critical path of a join, from the frames between the click and the
 * first remote frame:
 * - kept: the page's requests and their answers, the server's requests and the page's answers to them; left out:
 *   notices (no answer is awaited), frames of the page's sending side (they name the send transport's id, in
 *   `exclude`: connecting it, producing — the first remote frame does not wait for them), the requests in
 *   `offPath` (OFF_PATH_REQUESTS), the answers to those, and answers to requests made before the click;
 * - the path ends with the page's acknowledgement of the first video consumer the server offered (after which the
 *   server resumes it and media flows): `anchor`; a page that acknowledges no video offer is counted up to the
 *   first remote frame (an upper bound);
 * - the kept frames are grouped by direction in time order: each group the page sends followed by a group it
 *   receives is one round trip the page waited for.
 */
export function countRoundTrips(
  frames: readonly SocketFrame[],
  {
    from,
    until,
    exclude,
    offPath = OFF_PATH_REQUESTS,
  }: { from: number; until: number; exclude: readonly string[]; offPath?: readonly RegExp[] },
): RoundTripCount {
  const inWindow = readPackets(frames).filter((p) => p.t >= from && p.t <= until);
  const excludedRequests = new Set<number>();
  const keptRequests = { out: new Set<number>(), in: new Set<number>() };
  const kept: SocketPacket[] = [];
  for (const packet of inWindow) {
    if (packet.type === 'other' || packet.id === null) continue;
    if (packet.type === 'event') {
      const offThePath =
        exclude.some((text) => text && packet.data.includes(text)) || offPath.some((name) => name.test(packet.event ?? ''));
      if (packet.dir === 'out' && offThePath) {
        excludedRequests.add(packet.id);
        continue;
      }
      keptRequests[packet.dir].add(packet.id);
      kept.push(packet);
      continue;
    }
    // An ACK: kept when it answers a kept request of the other side.
    const question = packet.dir === 'in' ? 'out' : 'in';
    if (packet.dir === 'in' && excludedRequests.has(packet.id)) continue;
    if (keptRequests[question].has(packet.id)) kept.push(packet);
  }
  const videoOffers = new Set(
    inWindow.filter((p) => p.dir === 'in' && p.type === 'event' && p.id !== null && /"kind":"video"/.test(p.data)).map((p) => p.id!),
  );
  const anchorAt = kept.findIndex((p) => p.dir === 'out' && p.type === 'ack' && videoOffers.has(p.id!));
  const path = anchorAt >= 0 ? kept.slice(0, anchorAt + 1) : kept;
  const groups: { dir: 'out' | 'in'; names: string[] }[] = [];
  for (const packet of path) {
    const label = packet.type === 'ack' ? `${packet.event ?? '?'} ${packet.dir === 'in' ? 'answer' : 'ack'}` : (packet.event ?? '?');
    const last = groups.at(-1);
    if (last?.dir === packet.dir) {
      if (!last.names.includes(label)) last.names.push(label);
    } else groups.push({ dir: packet.dir, names: [label] });
  }
  let roundTrips = 0;
  for (let i = 0; i + 1 < groups.length; i++) if (groups[i]!.dir === 'out' && groups[i + 1]!.dir === 'in') roundTrips += 1;
  return {
    roundTrips,
    anchor: anchorAt >= 0 ? 'video offer acknowledged' : 'first remote frame',
    path: groups.map((g) => `${g.dir === 'out' ? '→' : '←'} ${g.names.join(', ')}`).join(' | '),
  };
}
