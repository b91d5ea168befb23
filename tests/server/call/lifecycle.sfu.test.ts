import { afterEach, describe, expect, it } from 'vitest';
import { SignallingClient, audioRtpParameters } from '../../support/callClient';
import { startTestServer, type TestServer } from '../../support/testServer';

let server: TestServer | undefined;
const clients: SignallingClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

async function connect(s: TestServer, cookie?: string): Promise<SignallingClient> {
  const client = new SignallingClient(s.url, cookie);
  clients.push(client);
  return client.connected();
}

describe('ending a session', () => {
  it('only the venue may end it; then everyone is told and later joins get SESSION_ENDED', async () => {
    const s = (server = await startTestServer());
    const venueClient = await connect(s, await s.login('host'));
    await venueClient.ok('call:join', { credentials: { role: 'venue', sessionId: s.demo.sessionId }, clientId: 'venue-tab' });
    const homeClient = await connect(s);
    await homeClient.ok('call:join', { credentials: { role: 'home', token: s.demo.invites[0]!.token }, clientId: 'home-tab' });

    expect(await homeClient.request('call:endSession', {})).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(await venueClient.request('call:endSession', {})).toEqual({ ok: true, data: {} });
    await homeClient.waitFor('call:sessionEnded', (n) => n.sessionId === s.demo.sessionId);

    const late = await connect(s, await s.login('organiser'));
    expect(
      await late.request('call:join', { credentials: { role: 'home', token: s.demo.invites[1]!.token }, clientId: 'late-tab' }),
    ).toMatchObject({
      ok: false,
      code: 'SESSION_ENDED',
    });
    expect(
      await late.request('call:join', { credentials: { role: 'venue', sessionId: s.demo.sessionId }, clientId: 'venue-tab' }),
    ).toMatchObject({
      ok: false,
      code: 'SESSION_ENDED',
    });
    const info = await (await fetch(`${s.url}/api/sessions/${s.demo.sessionId}`)).json();
    expect(info.status).toBe('ended');
  });
});

describe('a media worker that dies', () => {
  it('is replaced, and the peers of its rooms are told to rejoin, which then works', async () => {
    const s = (server = await startTestServer({ workers: 1 }));
    const venueClient = await connect(s, await s.login('host'));
    await venueClient.ok('call:join', { credentials: { role: 'venue', sessionId: s.demo.sessionId }, clientId: 'venue-tab' });
    const send = await venueClient.ok('call:createTransport', { direction: 'send' });
    await venueClient.ok('call:produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: audioRtpParameters });
    const oldWorker = s.pool.get(0)!.worker;

    process.kill(oldWorker.pid, 'SIGKILL');

    await venueClient.waitFor('call:rejoin', (n) => n.reason === 'media-server-restarted');
    // A join right away waits for the replacement worker instead of failing.
    const early = await connect(s);
    const earlyJoin = await early.request('call:join', {
      credentials: { role: 'home', token: s.demo.invites[0]!.token },
      clientId: 'early-tab',
    });
    expect(earlyJoin.ok).toBe(true);
    const replacedPid = () => {
      const pid = s.pool.get(0)?.worker.pid;
      return pid !== undefined && pid !== oldWorker.pid;
    };
    await expect.poll(replacedPid, { timeout: 10_000 }).toBe(true);
    expect(s.pool.get(0)?.worker.closed).toBe(false);

    const again = await venueClient.ok('call:join', { credentials: { role: 'venue', sessionId: s.demo.sessionId }, clientId: 'venue-tab' });
    expect(again.self.id).toBe('venue');
    const transport = await venueClient.ok('call:createTransport', { direction: 'send' });
    expect(transport.iceCandidates.length).toBeGreaterThan(0);
  });
});
