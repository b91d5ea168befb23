import { describe, expect, it } from 'vitest';
import { FLOOR_RULES, roundTripsToFirstFrame, type SocketFrame } from '../../support/roundTrips';

/** A page's socket frames, one per line: `> 421["call:join",{}]` sent, `< 431[{…}]` received; times count up. */
function frames(...lines: string[]): SocketFrame[] {
  return lines.map((line, i) => ({ out: line.startsWith('>'), data: line.slice(2), at: i }));
}

const answer = (id: number, data: object = {}) => `< 43${id}[${JSON.stringify({ ok: true, data })}]`;
const offer = (id: number) => `< 42${id}["call:newConsumer",{"consumerId":"c${id}"}]`;
const JOIN_ANSWER = { transports: { send: { id: 'send-t' }, recv: { id: 'recv-t' } } };

describe('counting the round trips before the first remote frame', () => {
  it('counts 4 for join → ready → the receive transport’s connect → the acknowledgement, whatever producing does beside', () => {
    const trips = roundTripsToFirstFrame(
      frames(
        '> 420["call:join",{}]',
        answer(0, JOIN_ANSWER),
        '> 421["call:ready",{}]',
        '> 422["call:connectTransport",{"transportId":"send-t"}]',
        '> 423["live:clock",{}]',
        offer(0),
        answer(2),
        '> 424["call:produce",{}]',
        answer(3),
        '> 425["live:clock",{}]',
        '> 426["call:connectTransport",{"transportId":"recv-t"}]',
        answer(4),
        '> 427["call:produce",{}]',
        answer(5),
        '> 428["live:clock",{}]',
        answer(6),
        '> 430[{"ok":true,"data":{}}]',
        answer(1),
        answer(7),
        answer(8),
      ),
      Infinity,
    );
    expect(trips.path).toEqual(['call:join @0', 'call:ready @1', 'call:connectTransport @2', 'ack @3']);
    expect(trips.count).toBe(4);
  });

  it('counts 4 when call:setVisibleVideos and its answer come between call:ready and the receive transport’s connect (nothing waits for them)', () => {
    const trips = roundTripsToFirstFrame(
      frames(
        '> 420["call:join",{}]',
        answer(0, JOIN_ANSWER),
        '> 421["call:ready",{}]',
        answer(1),
        '> 422["call:setVisibleVideos",{"peerIds":[]}]',
        offer(0),
        answer(2),
        '> 423["call:connectTransport",{"transportId":"recv-t"}]',
        answer(3),
        '> 430[{"ok":true,"data":{}}]',
      ),
      Infinity,
    );
    expect(trips.path).toEqual(['call:join @0', 'call:ready @1', 'call:setVisibleVideos @2', 'call:connectTransport @2', 'ack @3']);
    expect(trips.count).toBe(4);
  });

  it('counts 6 when the transports are created by two requests after the join', () => {
    const trips = roundTripsToFirstFrame(
      frames(
        '> 420["call:join",{}]',
        answer(0, {}),
        '> 421["call:createTransport",{"direction":"send"}]',
        answer(1, { id: 'send-t' }),
        '> 422["call:createTransport",{"direction":"recv"}]',
        answer(2, { id: 'recv-t' }),
        '> 423["call:ready",{}]',
        '> 424["call:connectTransport",{"transportId":"send-t"}]',
        offer(0),
        '> 425["call:connectTransport",{"transportId":"recv-t"}]',
        answer(4),
        answer(5),
        '> 430[{"ok":true,"data":{}}]',
      ),
      Infinity,
    );
    expect(trips.count).toBe(6);
  });

  it('leaves out what comes after the first frame', () => {
    const trips = roundTripsToFirstFrame(frames('> 420["call:join",{}]', answer(0, JOIN_ANSWER), '> 421["call:ready",{}]'), 1);
    expect(trips).toEqual({ count: 1, path: ['call:join @0'] });
  });

  it("counts 6 for the bare mediasoup floor's textbook join (capabilities, two transports, join, connect, acknowledgement), by its request names", () => {
    const trips = roundTripsToFirstFrame(
      frames(
        '> 420["getRouterRtpCapabilities",{}]',
        answer(0),
        '> 421["createTransport",{"direction":"send"}]',
        answer(1, { id: 'send-t' }),
        '> 422["createTransport",{"direction":"recv"}]',
        answer(2, { id: 'recv-t' }),
        '> 423["join",{}]',
        answer(3),
        offer(0),
        '> 424["connectTransport",{"transportId":"send-t"}]',
        '> 425["connectTransport",{"transportId":"recv-t"}]',
        answer(4),
        '> 426["produce",{"transportId":"send-t"}]',
        answer(5),
        '> 430[{"ok":true,"data":{}}]',
        answer(6),
      ),
      Infinity,
      FLOOR_RULES,
    );
    expect(trips.path).toEqual([
      'getRouterRtpCapabilities @0',
      'createTransport @1',
      'createTransport @2',
      'join @3',
      'connectTransport @4',
      'ack @5',
    ]);
    expect(trips.count).toBe(6);
  });
});
