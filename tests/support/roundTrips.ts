/**
 * Counts the signalling round trips one after another on a page's way to receiving media, from the socket's own
 * frames (socket.io over a WebSocket: `42<id>[event, payload]` a request, `43<id>[answer]` its answer, in either
 * direction; `42[event, payload]` a notice).
 *
 * The depth of a message is the number of round trips the page had completed before it: a request the page sends
 * gets the deepest depth among what it has received so far (it may have waited for any of it); the answer to it is
 * one deeper; a request the server sends (a consumer offer) is one deeper than the deepest message the page had sent
 * (it may answer any of them). The count is one more than the deepest message the page sent before the first remote
 * frame: that last message's effect is the media itself. Sending its own media (producing, the send transport's
 * DTLS connect, producer pause/resume/close) and reading the server's clock do not count: receiving never waits
 * for them. The answers to call:setVisibleVideos and call:setPreferredLayers deepen nothing: the page sends them and
 * goes on without waiting (on a busy machine an answer can arrive just before the receive transport's connect), and the
 * server offers consumers on call:ready and new producers, never because of them.
 *
 * The one rule for the e2e test (tests/e2e/joinRoundTrips.e2e.test.ts) and the join benchmark, which counts the product
 * and the bare mediasoup floor with it (`FLOOR_RULES`: the floor's request names).
 */

export interface SocketFrame {
  /** Sent by the page (true) or received (false). */
  out: boolean;
  data: string;
  /** performance.now() in the page. */
  at: number;
}

export interface RoundTripCount {
  count: number;
  /** The page's requests and acknowledgements that counted, in order: `<event or ack> @<depth>`. */
  path: string[];
}

/** Which of a page's requests matter for receiving, by name. */
export interface RoundTripRules {
  /** Requests that receiving never waits for (sending its own media, reading the clock). */
  notReceiving: ReadonlySet<string>;
  /** Requests whose answers the page never waits for before sending anything else. */
  answerNotAwaited: ReadonlySet<string>;
  /** The request that connects a transport (`transportId` in its payload): it does not count for the send transport. */
  connectTransport: string;
  /** The request that creates a transport (`direction` in its payload, the new `id` in its answer), if any. */
  createTransport?: string;
  /** The join request, if its answer names the send transport (`transports.send.id`). */
  join?: string;
}

/** The product's requests. */
export const PRODUCT_RULES: RoundTripRules = {
  notReceiving: new Set(['call:produce', 'call:pauseProducer', 'call:resumeProducer', 'call:closeProducer', 'live:clock']),
  // RemotePeers only logs their failures.
  answerNotAwaited: new Set(['call:setVisibleVideos', 'call:setPreferredLayers']),
  connectTransport: 'call:connectTransport',
  createTransport: 'call:createTransport',
  join: 'call:join',
};

/** The bare mediasoup floor's requests (tests/bench/lib/floorServer.ts). */
export const FLOOR_RULES: RoundTripRules = {
  notReceiving: new Set(['produce']),
  answerNotAwaited: new Set(),
  connectTransport: 'connectTransport',
  createTransport: 'createTransport',
};

interface Packet {
  kind: 'event' | 'ack';
  id: number | null;
  args: unknown[];
}

function parse(data: string): Packet | null {
  const match = /^4([23])(\d*)(\[[\s\S]*\])$/.exec(data);
  if (!match) return null;
  return { kind: match[1] === '2' ? 'event' : 'ack', id: match[2] ? Number(match[2]) : null, args: JSON.parse(match[3]!) as unknown[] };
}

function field(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const key of path) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

export function roundTripsToFirstFrame(
  frames: readonly SocketFrame[],
  firstFrameAt: number,
  rules: RoundTripRules = PRODUCT_RULES,
): RoundTripCount {
  const sendTransports = new Set<string>();
  const requests = new Map<number, { event: string; depth: number; counts: boolean; payload: unknown }>();
  const path: string[] = [];
  let received = 0;
  let sent = 0;
  /** The deepest message sent that can make the server offer a consumer (not the fire-and-forget ones). */
  let sentOffering = 0;
  for (const frame of frames) {
    if (frame.at > firstFrameAt) break;
    const packet = parse(frame.data);
    if (!packet) continue;
    if (frame.out) {
      const event = packet.kind === 'event' ? String(packet.args[0]) : 'ack';
      const payload = packet.args[1];
      const counts =
        packet.kind === 'ack' ||
        !(rules.notReceiving.has(event) || (event === rules.connectTransport && sendTransports.has(String(field(payload, 'transportId')))));
      if (packet.kind === 'event' && packet.id !== null) requests.set(packet.id, { event, depth: received, counts, payload });
      if (!counts) continue;
      sent = Math.max(sent, received);
      if (!rules.answerNotAwaited.has(event)) sentOffering = Math.max(sentOffering, received);
      path.push(`${event} @${received}`);
    } else if (packet.kind === 'ack' && packet.id !== null) {
      const request = requests.get(packet.id);
      if (!request) continue;
      const answer = packet.args[0];
      // Which transport sends: from the join's answer, or from call:createTransport's.
      const joinedSend = field(answer, 'data', 'transports', 'send', 'id');
      if (request.event === rules.join && typeof joinedSend === 'string') sendTransports.add(joinedSend);
      if (request.event === rules.createTransport && field(request.payload, 'direction') === 'send') {
        sendTransports.add(String(field(answer, 'data', 'id')));
      }
      if (request.counts && !rules.answerNotAwaited.has(request.event)) received = Math.max(received, request.depth + 1);
    } else if (packet.kind === 'event' && packet.id !== null) {
      received = Math.max(received, sentOffering + 1);
    }
  }
  return { count: path.length === 0 ? 0 : sent + 1, path };
}
