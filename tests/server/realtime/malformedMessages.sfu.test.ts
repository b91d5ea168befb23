import { afterEach, describe, expect, it } from 'vitest';
import { demoCall } from '../../support/demoCall';
import { openRawSocket, type RawSocket } from '../../support/rawSocket';

/**
 * The cases reported in issue #10: each message gets a typed error answer (or, without a callback, is dropped), and
 * the server keeps serving: /api/health answers and a home participant still joins.
 */
const call = demoCall();
const sockets: RawSocket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

async function open(): Promise<RawSocket> {
  const socket = await openRawSocket(call.server.url);
  sockets.push(socket);
  return socket;
}

async function expectServerServing(): Promise<void> {
  expect((await fetch(`${call.server.url}/api/health`)).status).toBe(200);
  const { joined } = await call.joinHome(2);
  expect(joined.self.role).toBe('home');
}

describe('a message the server has no request for', () => {
  it('answers a number as the event name (emit(42, cb)) with UNKNOWN_EVENT and keeps running', async () => {
    const socket = await open();
    expect(await socket.ask(42)).toEqual({ answer: { ok: false, code: 'UNKNOWN_EVENT', message: 'Unknown event: 42' } });
    await expectServerServing();
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'error'])(
    'answers the inherited or reserved-looking name %s with UNKNOWN_EVENT',
    async (name) => {
      const socket = await open();
      expect(await socket.ask(name, {})).toEqual({ answer: { ok: false, code: 'UNKNOWN_EVENT', message: `Unknown event: "${name}"` } });
      expect(socket.socket.connected).toBe(true);
    },
  );

  it('names a very long unknown event shortened in its answer', async () => {
    const socket = await open();
    const result = await socket.ask('x'.repeat(10_000), {});
    expect(result).toMatchObject({ answer: { ok: false, code: 'UNKNOWN_EVENT' } });
    expect(JSON.stringify(result).length).toBeLessThan(200);
  });
});

describe('a request with the wrong arguments', () => {
  it('answers a request that brought only a callback with INVALID_PAYLOAD', async () => {
    const socket = await open();
    expect(await socket.ask('call:join')).toMatchObject({
      answer: { ok: false, code: 'INVALID_PAYLOAD', message: expect.stringContaining('one payload') },
    });
  });

  it('answers a request with extra arguments with INVALID_PAYLOAD', async () => {
    const socket = await open();
    expect(await socket.ask('live:clock', { clientTime: 1 }, 'extra', 3)).toMatchObject({
      answer: { ok: false, code: 'INVALID_PAYLOAD', message: expect.stringContaining('3 arguments') },
    });
  });

  it('answers a payload of the wrong type (a Buffer, an array, null) with INVALID_PAYLOAD', async () => {
    const socket = await open();
    for (const payload of [Buffer.from('hello'), [1, 2, 3], null]) {
      expect(await socket.ask('call:setVisibleVideos', payload)).toMatchObject({ answer: { ok: false, code: 'INVALID_PAYLOAD' } });
    }
  });

  it('drops a request without a callback and still answers the next one', async () => {
    const socket = await open();
    socket.tell('live:clock', { clientTime: 1 });
    socket.tell(42);
    expect(await socket.ask('call:join', { credentials: { role: 'home', token: 'x'.repeat(32) }, clientId: 'abcdefgh' })).toMatchObject({
      answer: { ok: false, code: 'INVALID_TOKEN' },
    });
  });

  it('refuses arrays longer than the schema allows before any work (101 peers in one small group)', async () => {
    const venue = await call.joinVenue();
    const groups = [Array.from({ length: 101 }, (_, i) => `p-${i}`)];
    const answer = await venue.raw('breakout:start', { split: { mode: 'manual', groups }, minutes: 5 });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', field: 'split.groups.0' });
  });
});

describe('a message larger than any real request', () => {
  it('closes the connection of a 2 MB message; the server and everyone else carry on', async () => {
    const bystander = await call.joinHome(1);
    const socket = await open();
    socket.tell('call:join', { credentials: { role: 'home', token: 'x'.repeat(2 * 1024 * 1024) }, clientId: 'abcdefgh' });
    expect(await socket.closedWithin(5_000)).toBe('transport close');
    expect(await bystander.client.request('live:clock', { clientTime: 1 })).toMatchObject({ ok: true });
    await expectServerServing();
  });

  it('closes the connection of a 20 KB message (the cap is 16 KB; the largest real request is about 2 KB)', async () => {
    const socket = await open();
    socket.tell('checkin:submit', { answers: { mood: 'x'.repeat(20 * 1024) } });
    expect(await socket.closedWithin(5_000)).toBe('transport close');
  });

  it('answers a 12 KB message (under the cap) with its validation error', async () => {
    const socket = await open();
    expect(await socket.ask('checkin:submit', { answers: { mood: 'x'.repeat(12 * 1024) } })).toMatchObject({
      answer: { ok: false, code: 'INVALID_PAYLOAD' },
    });
  });
});
