import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster, RosterEntry } from '@shared/attendance/schemas';
import { attendance, auditLog } from '../../../server/src/db/schema';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;
let host: string;

beforeAll(async () => {
  server = await startTestApp();
  host = await server.login('host');
});
afterAll(async () => {
  await server?.close();
});

const rosterPath = () => `/api/sessions/${server.demo.sessionId}/attendance`;
const roster = async () => (await server.api<Roster>('GET', rosterPath(), { cookie: host })).body;
const personId = async (name: string) => (await roster()).entries.find((e) => e.displayName === name)!.participantId;
const auditedActions = async (participantId: string) =>
  (await server.db.db.select().from(auditLog).orderBy(auditLog.id))
    .filter((a) => a.entityId === `${server.demo.sessionId}/${participantId}`)
    .map((a) => a.action);
const rowsFor = async (participantId: string) =>
  (await server.db.db.select().from(attendance)).filter((r) => r.sessionId === server.demo.sessionId && r.participantId === participantId);

describe('the host’s roster', () => {
  it('lists the venue’s six members, nobody marked yet', async () => {
    const body = await roster();
    expect(body.session.id).toBe(server.demo.sessionId);
    expect(body.entries).toHaveLength(6);
    expect(body.entries.every((e) => e.mode === null && !e.connected)).toBe(true);
  });

  it('a tap marks present at the venue; a duplicate tap leaves one row; the undo removes it', async () => {
    const id = await personId('高橋 正男');
    const path = `${rosterPath()}/${id}`;
    const [first, second] = await Promise.all([
      server.api<RosterEntry>('PUT', path, { cookie: host, body: { mode: 'venue' } }),
      server.api<RosterEntry>('PUT', path, { cookie: host, body: { mode: 'venue' } }),
    ]);
    expect(first.body.mode).toBe('venue');
    expect(second.body.mode).toBe('venue');
    expect(await rowsFor(id)).toHaveLength(1);
    expect(await auditedActions(id)).toEqual(['attendance.mark']);

    const undos = await Promise.all([
      server.api<RosterEntry>('DELETE', path, { cookie: host }),
      server.api<RosterEntry>('DELETE', path, { cookie: host }),
    ]);
    expect(undos.map((undo) => [undo.status, undo.body.mode])).toEqual([
      [200, null],
      [200, null],
    ]);
    expect(await rowsFor(id)).toHaveLength(0);
    expect(await auditedActions(id)).toEqual(['attendance.mark', 'attendance.unmark']);
    expect((await server.api<RosterEntry>('DELETE', path, { cookie: host })).status).toBe(200);
  });

  it('marks a phone participant and records every change with who, before and after', async () => {
    const id = await personId('田中 千代');
    await server.api('PUT', `${rosterPath()}/${id}`, { cookie: host, body: { mode: 'phone' } });
    const corrected = await server.api<RosterEntry>('PATCH', `${rosterPath()}/${id}`, {
      cookie: host,
      body: { mode: 'venue', minutesConnected: 0 },
    });
    expect(corrected.body.mode).toBe('venue');
    const entries = (await server.db.db.select().from(auditLog).orderBy(auditLog.id)).filter(
      (a) => a.entityId === `${server.demo.sessionId}/${id}`,
    );
    expect(entries.map((e) => e.action)).toEqual(['attendance.mark', 'attendance.correct']);
    const correction = entries[1]!;
    expect(correction.actorUserId).toBe('usr_demo_host');
    expect(correction.before).toMatchObject({ mode: 'phone' });
    expect(correction.after).toMatchObject({ mode: 'venue' });
  });

  it('refuses to correct a row that does not exist (404) and a bad mode (400 with the field)', async () => {
    const id = await personId('伊藤 キヨ');
    expect((await server.api('PATCH', `${rosterPath()}/${id}`, { cookie: host, body: { mode: 'venue' } })).status).toBe(404);
    const bad = await server.api('PUT', `${rosterPath()}/${id}`, { cookie: host, body: { mode: 'bus' } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', field: 'body.mode' } });
    const empty = await server.api('PATCH', `${rosterPath()}/${id}`, { cookie: host, body: {} });
    expect(empty.status).toBe(400);
  });

  it('adds a walk-in by name: they join the group and are marked present', async () => {
    const walkIn = await server.api<RosterEntry>('POST', `/api/sessions/${server.demo.sessionId}/walk-ins`, {
      cookie: host,
      body: { displayName: '飛び入り 花', kana: 'とびいり はな' },
    });
    expect(walkIn.status).toBe(201);
    expect(walkIn.body.mode).toBe('venue');
    const after = await roster();
    expect(after.entries.find((e) => e.participantId === walkIn.body.participantId)?.mode).toBe('venue');
    expect(after.entries).toHaveLength(7);
  });

  it('needs a sign-in', async () => {
    expect((await server.api('GET', rosterPath())).status).toBe(401);
  });
});
