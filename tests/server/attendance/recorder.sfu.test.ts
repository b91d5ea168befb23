import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Roster } from '@shared/attendance/schemas';
import { CallFactWriter, type CallFact } from '../../../server/src/attendance/callFacts';
import { CallFactQueue } from '../../../server/src/attendance/callFactQueue';
import { coveredMinutes } from '../../../server/src/attendance/minutes';
import { AttendanceService } from '../../../server/src/attendance/service';
import { Permissions } from '../../../server/src/auth/permissions';
import { inlinePasswordHasher } from '../../../server/src/auth/passwords';
import { AuthService } from '../../../server/src/auth/service';
import { attendance, callConnections, invites } from '../../../server/src/db/schema';
import { ensureDemo, type DemoSeed } from '../../../server/src/demo/seed';
import { createLogger } from '../../../server/src/core/logger';
import { SessionService } from '../../../server/src/sessions/service';
import { SignallingClient } from '../../support/callClient';
import { api } from '../../support/http';
import { openDataDirDatabase, openTestDatabase, temporaryDir } from '../../support/testDatabase';
import { startTestServer, type TestServer } from '../../support/testServer';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The lane's database (a SQLite file, or PostgreSQL) with the demo, the attendance service, and a queue whose timer never fires during a test. */
async function openDemo(maxBatch = 10_000) {
  const folder = temporaryDir('kayoi-recorder-');
  const db = await openTestDatabase(path.join(folder.dir, 'kayoi.sqlite'));
  cleanups.push(async () => {
    await db.close();
    folder.remove();
  });
  const demo: DemoSeed = await ensureDemo(db.db);
  const queue = new CallFactQueue(new CallFactWriter(db.db), createLogger('silent'), { batchMs: 3_600_000, maxBatch });
  const service = new AttendanceService(db.db, new Permissions(db.db), new SessionService(db.db), queue);
  cleanups.push(() => queue.stop());
  const tokens = demo.invites.map((i) => i.token);
  const byToken = new Map(
    (await db.db.select().from(invites).where(inArray(invites.token, tokens))).map((i) => [i.token, i.participantId]),
  );
  const people = tokens.map((t) => byToken.get(t)!);
  return { db, demo, service, queue, people, sessionId: demo.sessionId };
}

const t0 = Date.parse('2026-11-22T01:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000);

describe('call attendance written in batches', () => {
  it('nothing is written until the batch is flushed, then the rows are exactly those of each fact in order', async () => {
    const { db, demo, service, queue, people, sessionId } = await openDemo();
    const [a, b, c] = people as [string, string, string];
    const hostAccount = demo.newAccounts.find((account) => account.role === 'host')!;
    const { user: host } = await new AuthService(db.db, { passwords: inlinePasswordHasher }).login(
      hostAccount.email,
      hostAccount.password,
      '127.0.0.1',
    );
    const opened = (connectionId: string, participantId: string, minutes: number): CallFact => ({
      kind: 'opened',
      connectionId,
      sessionId,
      participantId,
      at: at(minutes),
    });
    const closed = (connectionId: string, minutes: number): CallFact => ({ kind: 'closed', connectionId, at: at(minutes) });
    const facts: CallFact[] = [
      opened('con_a1', a, 0),
      opened('con_b1', b, 5),
      closed('con_b1', 6),
      opened('con_a2', a, 10), // a second device overlaps the first
      opened('con_b2', b, 20),
      { kind: 'seen', at: at(25) },
      closed('con_a1', 30),
      closed('con_a2', 40),
      opened('con_a3', a, 50), // a reconnect
      closed('con_a3', 55),
      opened('con_c1', c, 58),
    ];
    for (const fact of facts) queue.push(fact);

    expect(queue.pending).toBe(facts.length);
    expect(await db.db.select().from(callConnections)).toEqual([]);

    // The host marked c at the venue after c's join: the queued join is written first, so the tap wins as it did before.
    await service.mark(host, sessionId, c, 'venue');
    expect(queue.pending).toBe(0);

    const row = async (participantId: string) =>
      (await db.db.select().from(attendance).where(eq(attendance.participantId, participantId))).filter((r) => r.sessionId === sessionId);
    expect(await row(a)).toMatchObject([{ mode: 'online', firstJoinAt: at(0), lastLeaveAt: at(55), minutesConnected: 45 }]);
    expect(await row(b)).toMatchObject([{ mode: 'online', firstJoinAt: at(5), lastLeaveAt: at(6), minutesConnected: 1 }]);
    expect(await row(c)).toMatchObject([{ mode: 'venue', firstJoinAt: at(58), lastLeaveAt: null }]);
    const stretches = new Map((await db.db.select().from(callConnections)).map((s) => [s.id, s]));
    expect(stretches.size).toBe(6);
    expect(stretches.get('con_b2')).toMatchObject({ joinedAt: at(20), lastSeenAt: at(25), leftAt: null });
    expect(stretches.get('con_a3')).toMatchObject({ joinedAt: at(50), lastSeenAt: at(55), leftAt: at(55) });
    expect(stretches.get('con_c1')).toMatchObject({ joinedAt: at(58), leftAt: null });
  });

  it('stop() writes what is queued, and facts that come after stop are written at once', async () => {
    const { db, queue, people, sessionId } = await openDemo();
    queue.push({ kind: 'opened', connectionId: 'con_x', sessionId, participantId: people[0]!, at: at(0) });
    await queue.stop();
    expect(await db.db.select().from(callConnections)).toMatchObject([{ id: 'con_x', leftAt: null }]);

    queue.push({ kind: 'closed', connectionId: 'con_x', at: at(12) });
    expect(queue.pending).toBe(0);
    await queue.flush();
    expect(await db.db.select().from(callConnections)).toMatchObject([{ id: 'con_x', leftAt: at(12) }]);
    expect(
      (await db.db.select().from(attendance).where(eq(attendance.participantId, people[0]!))).find((r) => r.sessionId === sessionId),
    ).toMatchObject({
      minutesConnected: 12,
      lastLeaveAt: at(12),
    });
  });

  it('a connection through the telephone bridge makes a phone row with the minutes measured, like an online one', async () => {
    const { db, queue, people, sessionId } = await openDemo();
    queue.push({ kind: 'opened', connectionId: 'con_tel', sessionId, participantId: people[0]!, at: at(0), mode: 'phone' });
    queue.push({ kind: 'closed', connectionId: 'con_tel', at: at(17) });
    await queue.flush();
    const row = (await db.db.select().from(attendance).where(eq(attendance.participantId, people[0]!))).find(
      (r) => r.sessionId === sessionId,
    );
    expect(row).toMatchObject({ mode: 'phone', minutesConnected: 17, firstJoinAt: at(0), lastLeaveAt: at(17) });
  });

  it('a full batch is written without waiting for the timer', async () => {
    const { db, queue, people, sessionId } = await openDemo(4);
    for (let i = 0; i < 3; i++)
      queue.push({ kind: 'opened', connectionId: `con_${i}`, sessionId, participantId: people[i % 3]!, at: at(i) });
    expect(await db.db.select().from(callConnections)).toHaveLength(0);
    queue.push({ kind: 'closed', connectionId: 'con_0', at: at(9) });
    expect(queue.pending).toBe(0);
    await queue.flush();
    expect(await db.db.select().from(callConnections)).toHaveLength(3);
  });

  it('a fact that cannot be written (unknown participant) does not lose the others in its batch', async () => {
    const { db, queue, people, sessionId } = await openDemo();
    queue.push({ kind: 'opened', connectionId: 'con_ok1', sessionId, participantId: people[0]!, at: at(0) });
    queue.push({ kind: 'opened', connectionId: 'con_bad', sessionId, participantId: 'par_nobody', at: at(1) });
    queue.push({ kind: 'closed', connectionId: 'con_ok1', at: at(3) });
    queue.push({ kind: 'opened', connectionId: 'con_ok2', sessionId, participantId: people[1]!, at: at(4) });
    await queue.flush();
    const ids = (await db.db.select().from(callConnections)).map((s) => s.id).sort();
    expect(ids).toEqual(['con_ok1', 'con_ok2']);
    expect((await db.db.select().from(callConnections).where(eq(callConnections.id, 'con_ok1')))[0]).toMatchObject({ leftAt: at(3) });
  });
});

describe('the recorder in the real server', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  it('quick joins, leaves and rejoins of three people: the roster sees them at once, and a graceful close writes every stretch', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-recorder-server-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const server = await startTestServer({ dataDir });
    servers.push(server);
    const ROUNDS = 4;
    const participantIds = await Promise.all(
      server.demo.invites.map(async (invite, i) => {
        const client = await new SignallingClient(server.url).connected();
        cleanups.push(() => client.close());
        const join = () => client.ok('call:join', { credentials: { role: 'home', token: invite.token }, clientId: `home-tab-${i}` });
        for (let round = 0; round < ROUNDS; round++) {
          await join();
          await client.ok('call:leave', {});
        }
        return (await join()).self.id.replace(/^p-/, '');
      }),
    );

    const host = await server.login('host');
    const roster = (await api<Roster>(server.url, 'GET', `/api/sessions/${server.demo.sessionId}/attendance`, { cookie: host })).body;
    for (const id of participantIds)
      expect(roster.entries.find((e) => e.participantId === id)).toMatchObject({ mode: 'online', connected: true });

    await server.close();
    servers.splice(0);
    const db = await openDataDirDatabase(dataDir);
    cleanups.push(() => db.close());
    for (const id of participantIds) {
      const stretches = await db.db.select().from(callConnections).where(eq(callConnections.participantId, id));
      expect(stretches).toHaveLength(ROUNDS + 1);
      expect(stretches.every((s) => s.leftAt !== null && s.leftAt >= s.joinedAt)).toBe(true);
      const rows = (await db.db.select().from(attendance).where(eq(attendance.participantId, id))).filter(
        (r) => r.sessionId === server.demo.sessionId,
      );
      const firstJoin = Math.min(...stretches.map((s) => s.joinedAt.getTime()));
      const lastLeave = Math.max(...stretches.map((s) => s.leftAt!.getTime()));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        mode: 'online',
        firstJoinAt: new Date(firstJoin),
        lastLeaveAt: new Date(lastLeave),
        minutesConnected: coveredMinutes(stretches.map((s) => ({ start: s.joinedAt.getTime(), end: s.leftAt!.getTime() }))),
      });
    }
  });
});
