import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { attendance, callConnections, invites } from '../../../server/src/db/schema';
import { SignallingClient } from '../../support/callClient';
import { callStretches } from '../../support/callFacts';
import { openDataDirDatabase } from '../../support/testDatabase';
import { startTestServer, type TestServer } from '../../support/testServer';

const servers: TestServer[] = [];
const clients: SignallingClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
});

async function start(dataDir?: string): Promise<TestServer> {
  const server = await startTestServer(dataDir ? { dataDir } : {});
  servers.push(server);
  return server;
}

async function joinFromHome(server: TestServer, token: string, clientId: string) {
  const client = await new SignallingClient(server.url).connected();
  clients.push(client);
  const joined = await client.ok('call:join', { credentials: { role: 'home', token }, clientId });
  return { client, participantId: joined.self.id.replace(/^p-/, '') };
}

const rows = async (server: TestServer, participantId: string) =>
  (await server.db.db.select().from(attendance).where(eq(attendance.participantId, participantId))).filter(
    (r) => r.sessionId === server.demo.sessionId,
  );

describe('online attendance from the call', () => {
  it('a home join creates one online row; a reconnect adds a stretch to the same row', async () => {
    const server = await start();
    const token = server.demo.invites[0]!.token;
    const first = await joinFromHome(server, token, 'home-tab-1');
    // Call attendance is written in batches after the join is answered.
    await expect.poll(() => rows(server, first.participantId)).toMatchObject([{ mode: 'online', lastLeaveAt: null }]);

    first.client.socket.disconnect();
    await expect.poll(async () => (await rows(server, first.participantId))[0]?.lastLeaveAt).not.toBeNull();
    await joinFromHome(server, token, 'home-tab-1');

    const stretchesOf = () => server.db.db.select().from(callConnections).where(eq(callConnections.participantId, first.participantId));
    await expect.poll(async () => (await stretchesOf()).length).toBe(2);
    const stretches = await stretchesOf();
    expect(stretches.filter((s) => s.leftAt === null)).toHaveLength(1);
    expect(await rows(server, first.participantId)).toHaveLength(1);
  });

  it('a participant the host already marked keeps that mode when they also join online', async () => {
    const server = await start();
    const host = await server.login('host');
    const token = server.demo.invites[1]!.token;
    const probe = await joinFromHome(server, token, 'probe-tab');
    probe.client.socket.disconnect();
    const participantId = probe.participantId;
    await fetch(`${server.url}/api/sessions/${server.demo.sessionId}/attendance/${participantId}`, {
      method: 'PUT',
      headers: { cookie: host, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'phone' }),
    });
    await joinFromHome(server, token, 'home-tab-2');
    expect(await rows(server, participantId)).toMatchObject([{ mode: 'phone' }]);
  });

  it('a server restart mid-session keeps the row and closes what was open, without duplicates', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-restart-'));
    try {
      const before = await start(dataDir);
      const token = before.demo.invites[2]!.token;
      const { participantId } = await joinFromHome(before, token, 'home-tab-3');
      // A crash leaves the stretch open; simulate it by reopening the stretch the graceful close just closed.
      await before.close();
      servers.splice(servers.indexOf(before), 1);
      const stopped = await openDataDirDatabase(dataDir);
      await stopped.db.update(callConnections).set({ leftAt: null });
      await stopped.close();

      const after = await start(dataDir);
      const stretches = await after.db.db.select().from(callConnections).where(eq(callConnections.participantId, participantId));
      expect(stretches.every((s) => s.leftAt !== null)).toBe(true);
      expect(stretches[0]!.leftAt).toEqual(stretches[0]!.lastSeenAt);
      await joinFromHome(after, token, 'home-tab-3');
      expect(await rows(after, participantId)).toHaveLength(1);
      expect((await rows(after, participantId))[0]!.mode).toBe('online');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('minutes connected', () => {
  it('counts overlapping stretches (two devices, reconnects) once', async () => {
    const server = await start();
    const stretches = callStretches(server.db.db);
    // Stretches written at chosen moments, without a call (a device's own stretch would race with them).
    const [invite] = await server.db.db.select().from(invites).where(eq(invites.token, server.demo.invites[0]!.token));
    const participantId = invite!.participantId;
    const t0 = Date.parse('2026-11-22T01:00:00Z');
    const a = await stretches.opened(server.demo.sessionId, participantId, new Date(t0));
    const b = await stretches.opened(server.demo.sessionId, participantId, new Date(t0 + 10 * 60_000));
    await stretches.closed(a, new Date(t0 + 30 * 60_000));
    await stretches.closed(b, new Date(t0 + 40 * 60_000));
    const c = await stretches.opened(server.demo.sessionId, participantId, new Date(t0 + 50 * 60_000));
    await stretches.closed(c, new Date(t0 + 55 * 60_000));
    expect((await rows(server, participantId))[0]).toMatchObject({ minutesConnected: 45, lastLeaveAt: new Date(t0 + 55 * 60_000) });
  });
});
