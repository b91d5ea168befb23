import { afterEach, describe, expect, it } from 'vitest';
import { demoCall } from '../../support/demoCall';
import { openRawSocket, type RawSocket } from '../../support/rawSocket';

/** Short windows for this file (production: 10 s to join, 15 min in the lobby once prepared). */
const JOIN_WINDOW_MS = 1_000;
const LOBBY_WINDOW_MS = 4_000;
const call = demoCall({ realtimeLimits: { joinWindowMs: JOIN_WINDOW_MS, lobbyWindowMs: LOBBY_WINDOW_MS } });
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

/**
 * `call:prepare` (issue #15, part 3): the lobby's socket gets the router's capabilities before 参加する, so that the
 * page loads its mediasoup Device while the greeting shows; such a socket may wait in the lobby longer than one that
 * never said who it is.
 */
describe('call:prepare from the lobby', () => {
  it('answers a valid invite with the same router capabilities the join then gives, making no room and joining nobody', async () => {
    const client = await call.connect();
    const prepared = await client.ok('call:prepare', { credentials: call.home(0) });
    expect(prepared.routerRtpCapabilities.codecs?.some((c) => c.mimeType === 'audio/opus')).toBe(true);
    expect(await call.server.rooms.find(call.server.demo.sessionId)).toBeUndefined();

    const joined = await client.ok('call:join', { credentials: call.home(0), clientId: 'home-tab-0' });
    expect(joined.routerRtpCapabilities).toEqual(prepared.routerRtpCapabilities);
  });

  it('keeps a prepared socket open past the join window, and closes it once the lobby window has passed', async () => {
    const socket = await open();
    expect(await socket.ask('call:prepare', { credentials: call.home(1) })).toMatchObject({ answer: { ok: true } });
    await wait(JOIN_WINDOW_MS * 2);
    expect(socket.socket.connected).toBe(true);
    expect(await socket.closedWithin(LOBBY_WINDOW_MS * 2)).toBe('io server disconnect');
  });

  it('refuses an unknown invite (INVALID_TOKEN) and gives that socket no longer than the join window', async () => {
    const socket = await open();
    expect(await socket.ask('call:prepare', { credentials: { role: 'home', token: 'x'.repeat(32) } })).toMatchObject({
      answer: { ok: false, code: 'INVALID_TOKEN' },
    });
    expect(await socket.closedWithin(JOIN_WINDOW_MS * 3)).toBe('io server disconnect');
  });

  it('refuses the venue’s credentials without a signed-in host (UNAUTHENTICATED)', async () => {
    const socket = await open();
    expect(await socket.ask('call:prepare', { credentials: call.venue() })).toMatchObject({
      answer: { ok: false, code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a payload without credentials, naming the field', async () => {
    const socket = await open();
    expect(await socket.ask('call:prepare', {})).toMatchObject({ answer: { ok: false, code: 'INVALID_PAYLOAD', field: 'credentials' } });
  });
});
