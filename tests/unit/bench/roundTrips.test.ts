import { describe, expect, it } from 'vitest';
import { parsePacket, readPackets, stepName, type SocketFrame } from '../../bench/lib/signallingFrames';

/** A socket.io frame on the page's WebSocket at `t` ms: `4` + packet type + id + JSON. */
const out = (t: number, text: string): SocketFrame => ({ t, dir: 'out', data: `4${text}` });
const inn = (t: number, text: string): SocketFrame => ({ t, dir: 'in', data: `4${text}` });
const ok = '[{"ok":true,"data":{}}]';

describe("the join benchmark reads the page's socket.io frames as signalling steps", () => {
  it('reads events with and without an id, answers, and leaves engine.io pings out', () => {
    expect(parsePacket(out(0, '212["call:join",{"a":1}]'))).toMatchObject({ type: 'event', id: 12, event: 'call:join' });
    expect(parsePacket(inn(0, '2["call:peerJoined",{}]'))).toMatchObject({ type: 'event', id: null, event: 'call:peerJoined' });
    expect(parsePacket(inn(0, `312${ok}`))).toMatchObject({ type: 'ack', id: 12 });
    expect(parsePacket({ t: 0, dir: 'in', data: '2' })).toMatchObject({ type: 'other' });
  });

  it("names each answer after the request it answers, both ways: the page's requests and the server's consumer offers", () => {
    const steps = readPackets([
      out(0, '27["call:join",{}]'),
      inn(40, `37${ok}`),
      inn(50, '20["call:newConsumer",{"kind":"video"}]'),
      out(60, `30${ok}`),
      inn(70, '2["call:peerUpdated",{}]'),
      inn(80, '2'),
    ]).map(stepName);
    expect(steps).toEqual([
      'call:join sent',
      'call:join answered',
      'call:newConsumer received',
      'call:newConsumer acknowledged',
      'call:peerUpdated received',
      null,
    ]);
  });
});
