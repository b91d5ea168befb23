import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteCard, Participant } from '@shared/venues/schemas';
import { SignallingClient } from '../../support/callClient';
import { api } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/testServer';

/** Invite links and the call: the one venue test that needs the real server with its media worker. */
let server: TestServer;
let organiser: string;

beforeAll(async () => {
  server = await startTestServer();
  organiser = await server.login('organiser');
});
afterAll(async () => {
  await server?.close();
});

describe('participants and their invite links', () => {
  it('a reissued link replaces the old one, and a revoked link can no longer join the call', async () => {
    const participants = await api<Participant[]>(server.url, 'GET', '/api/venues/ven_demo/participants', { cookie: organiser });
    const hanako = participants.body.find((p) => p.displayName === '山田 花子')!;
    const oldToken = server.demo.invites[0]!.token;
    const reissued = await api<{ token: string }>(server.url, 'POST', `/api/participants/${hanako.id}/invite`, {
      cookie: organiser,
      body: { venueId: 'ven_demo' },
    });
    expect(reissued.status).toBe(201);
    expect(Buffer.from(reissued.body.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect((await api(server.url, 'GET', `/api/invites/${oldToken}`)).status).toBe(404);
    expect((await api(server.url, 'GET', `/api/invites/${reissued.body.token}`)).status).toBe(200);

    expect((await api(server.url, 'POST', `/api/participants/${hanako.id}/invite/revoke`, { cookie: organiser })).status).toBe(200);
    const cards = await api<InviteCard[]>(server.url, 'GET', '/api/venues/ven_demo/invite-cards', { cookie: organiser });
    expect(cards.body.map((c) => c.participantId)).not.toContain(hanako.id);
    const client = await new SignallingClient(server.url).connected();
    const join = await client.request('call:join', { credentials: { role: 'home', token: reissued.body.token }, clientId: 'revoked-tab' });
    client.close();
    expect(join).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
  });
});
