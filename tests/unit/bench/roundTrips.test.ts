import { describe, expect, it } from 'vitest';
import { countRoundTrips, parsePacket, type SocketFrame } from '../../bench/lib/signallingFrames';

/** A socket.io frame on the page's WebSocket at `t` ms: `4` + packet type + id + JSON. */
const out = (t: number, text: string): SocketFrame => ({ t, dir: 'out', data: `4${text}` });
const inn = (t: number, text: string): SocketFrame => ({ t, dir: 'in', data: `4${text}` });
const ok = '[{"ok":true,"data":{}}]';

describe('the join benchmark counts sequential round trips from socket.io frames', () => {
  it('reads events with and without an id, answers, and leaves engine.io pings out', () => {
    expect(parsePacket(out(0, '212["call:join",{"a":1}]'))).toMatchObject({ type: 'event', id: 12, event: 'call:join' });
    expect(parsePacket(inn(0, '2["call:peerJoined",{}]'))).toMatchObject({ type: 'event', id: null, event: 'call:peerJoined' });
    expect(parsePacket(inn(0, `312${ok}`))).toMatchObject({ type: 'ack', id: 12 });
    expect(parsePacket({ t: 0, dir: 'in', data: '2' })).toMatchObject({ type: 'other' });
  });

  // The product's join today: call:join, both transports one after the other, call:ready (answered only after the
  // offers are taken), a consumer offered per producer, the receive transport connected on the first consume.
  const product: SocketFrame[] = [
    out(0, '27["call:join",{}]'),
    inn(40, '37[{"ok":true,"data":{"self":{}}}]'),
    out(41, '28["call:setVisibleVideos",{"peerIds":null}]'),
    out(42, '29["call:createTransport",{"direction":"send"}]'),
    out(43, '230["live:clock",{}]'),
    inn(50, '38[{"ok":true,"data":{}}]'),
    inn(55, '330[{"ok":true,"data":{"now":1}}]'),
    out(56, '231["live:clock",{}]'),
    inn(60, '39[{"ok":true,"data":{"id":"SEND-1"}}]'),
    out(61, '210["call:createTransport",{"direction":"recv"}]'),
    inn(80, '310[{"ok":true,"data":{"id":"RECV-1"}}]'),
    inn(80.5, '331[{"ok":true,"data":{"now":2}}]'),
    out(81, '211["call:ready",{}]'),
    out(82, '212["call:connectTransport",{"transportId":"SEND-1"}]'),
    inn(90, '2["call:peerUpdated",{}]'),
    inn(95, '20["call:newConsumer",{"kind":"audio"}]'),
    inn(96, '21["call:newConsumer",{"kind":"video"}]'),
    out(97, '213["call:connectTransport",{"transportId":"RECV-1"}]'),
    inn(99, `312${ok}`),
    out(100, '214["call:produce",{"transportId":"SEND-1"}]'),
    inn(110, `313${ok}`),
    out(111, `30${ok}`),
    inn(115, '314[{"ok":true,"data":{"producerId":"p"}}]'),
    out(116, `31${ok}`),
    out(117, '215["call:setPreferredLayers",{}]'),
    inn(120, `315${ok}`),
  ];

  it("counts the product's five round trips to the acknowledged video offer, leaving out notices, the sending side and the clock sync", () => {
    const count = countRoundTrips(product, { from: 0, until: 200, exclude: ['SEND-1'] });
    expect(count.roundTrips).toBe(5);
    expect(count.anchor).toBe('video offer acknowledged');
    expect(count.path).toBe(
      [
        '→ call:join',
        '← call:join answer',
        '→ call:createTransport',
        '← call:createTransport answer',
        '→ call:createTransport',
        '← call:createTransport answer',
        '→ call:ready',
        '← call:newConsumer',
        '→ call:connectTransport',
        '← call:connectTransport answer',
        '→ call:newConsumer ack',
      ].join(' | '),
    );
  });

  it('counts one round trip less when call:join already brings what the transports need', () => {
    const joinWithTransports = [
      out(0, '27["call:join",{}]'),
      inn(40, '37[{"ok":true,"data":{"send":{"id":"SEND-1"}}}]'),
      ...product.slice(11),
    ];
    const withoutCreate = joinWithTransports.filter((f) => !f.data.includes('createTransport'));
    expect(countRoundTrips(withoutCreate, { from: 0, until: 200, exclude: ['SEND-1'] }).roundTrips).toBe(3);
  });

  it('ignores answers to requests sent before the click', () => {
    const lobby = [out(-50, '23["call:prepare",{}]'), inn(5, '33[{"ok":true,"data":{}}]'), ...product];
    expect(countRoundTrips(lobby, { from: 0, until: 200, exclude: ['SEND-1'] }).roundTrips).toBe(5);
  });

  it('counts everything up to the first remote frame when no video offer is acknowledged', () => {
    const frames = [out(0, '21["join",{}]'), inn(10, `31${ok}`), out(11, '22["resume",{}]'), inn(20, `32${ok}`)];
    expect(countRoundTrips(frames, { from: 0, until: 30, exclude: [] })).toMatchObject({ roundTrips: 2, anchor: 'first remote frame' });
  });
});
