import { afterEach, describe, expect, it } from 'vitest';
import { demoCall } from '../../support/demoCall';
import { openRawSocket, type RawSocket } from '../../support/rawSocket';

/** A short join window for this file (production: 10 s); the strikes are production's (5). */
const JOIN_WINDOW_MS = 1_500;
const call = demoCall({ realtimeLimits: { joinWindowMs: JOIN_WINDOW_MS } });
const sockets: RawSocket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

async function open(): Promise<RawSocket> {
  const socket = await openRawSocket(call.server.url);
  sockets.push(socket);
  return socket;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a socket that does not join', () => {
  it('is closed by the server once the join window has passed', async () => {
    const socket = await open();
    expect(await socket.closedWithin(JOIN_WINDOW_MS * 4)).toBe('io server disconnect');
  });

  it('is closed after its fifth unknown or invalid message, each answered before', async () => {
    const socket = await open();
    const garbage = [['call:explode', {}], [42], ['call:join', 'not an object'], ['toString', {}]] as const;
    for (const [name, ...args] of garbage) {
      expect(await socket.ask(name, ...args)).toMatchObject({ answer: { ok: false } });
    }
    expect(socket.socket.connected).toBe(true);
    expect(await socket.ask('call:setVisibleVideos', { peerIds: 'everyone' })).toMatchObject({
      answer: { ok: false, code: 'INVALID_PAYLOAD' },
    });
    expect(await socket.closedWithin(2_000)).toBe('io server disconnect');
  });

  it('is closed after a left call once the window has passed again', async () => {
    const { client } = await call.joinHome(0);
    await wait(JOIN_WINDOW_MS * 2);
    expect(client.socket.connected).toBe(true);
    await client.ok('call:leave', {});
    await expect.poll(() => client.socket.connected, { timeout: JOIN_WINDOW_MS * 4 }).toBe(false);
  });
});

describe('a socket in the call', () => {
  it('stays open past the join window and keeps being answered', async () => {
    const { client } = await call.joinHome(1);
    await wait(JOIN_WINDOW_MS * 2);
    expect(client.socket.connected).toBe(true);
    expect(await client.request('live:clock', { clientTime: 1 })).toMatchObject({ ok: true });
  });

  it('is not closed for unknown or invalid messages (it gets their answers)', async () => {
    const { client } = await call.joinHome(2);
    for (let i = 0; i < 8; i++) expect(await client.raw('call:explode', {})).toMatchObject({ ok: false, code: 'UNKNOWN_EVENT' });
    expect(client.socket.connected).toBe(true);
    expect(await client.request('live:clock', { clientTime: 1 })).toMatchObject({ ok: true });
  });
});
