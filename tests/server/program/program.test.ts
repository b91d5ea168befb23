import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProgram, type Program, type ProgramTemplate, type SegmentInput } from '@shared/program/schemas';
import { Permissions } from '../../../server/src/auth/permissions';
import { inlinePasswordHasher } from '../../../server/src/auth/passwords';
import { AuthService } from '../../../server/src/auth/service';
import { auditLog } from '../../../server/src/db/schema';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { ProgramService } from '../../../server/src/program/service';
import { addSession, addVenue } from '../../support/fixtures';
import { demoStaff, type OtherOrganisation } from '../../support/demoStaff';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;
let organiser: string, host: string, otherVenueHost: string, other: OtherOrganisation;

const week = 7 * 24 * 60 * 60 * 1000;
const thisWeek = new Date('2031-04-08T01:00:00Z');

const segments: SegmentInput[] = [
  { kind: 'greeting', title: 'あいさつ', plannedMinutes: 5 },
  { kind: 'exercise', title: 'いきいき百歳体操', plannedMinutes: 30, content: { notes: 'おもりは 2 本まで' } },
  { kind: 'brain', title: '脳トレ', plannedMinutes: 15, content: { quizQuestionIds: ['calc-1', 'odd-2'] } },
];

beforeAll(async () => {
  server = await startTestApp();
  ({ organiser, host, otherVenueHost, other } = await demoStaff(server));
});
afterAll(async () => {
  await server?.close();
});

const programPath = (sessionId: string) => `/api/sessions/${sessionId}/program`;

describe('a session program', () => {
  it('starts as the default program when neither the session nor its venue has one', async () => {
    const venueId = await addVenue(server.db.db, DEMO_ORGANISATION_ID);
    const sessionId = await addSession(server.db.db, venueId, { startsAt: thisWeek, status: 'planned' });
    const program = await server.api<Program>('GET', programPath(sessionId), { cookie: organiser });
    expect(program.status).toBe(200);
    expect(program.body).toMatchObject({ sessionId, venueId, source: 'default', updatedAt: null });
    expect(program.body.segments.map(({ id: _id, ...s }) => s)).toEqual(defaultProgram);
    expect(new Set(program.body.segments.map((s) => s.id)).size).toBe(defaultProgram.length);
  });

  it("saving this week's program makes next week's session start from it (source template), and is audited", async () => {
    const now = await addSession(server.db.db, DEMO_VENUE_ID, { startsAt: thisWeek, status: 'planned' });
    const next = await addSession(server.db.db, DEMO_VENUE_ID, { startsAt: new Date(thisWeek.getTime() + week), status: 'planned' });
    const saved = await server.api<Program>('PUT', programPath(now), { cookie: host, body: { segments } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ sessionId: now, venueId: DEMO_VENUE_ID, source: 'session', segments });
    expect(saved.body.segments.every((s) => s.id.startsWith('seg_'))).toBe(true);
    expect(await server.api('GET', programPath(now), { cookie: organiser })).toMatchObject({
      status: 200,
      body: { source: 'session', segments: saved.body.segments },
    });

    const nextWeek = await server.api<Program>('GET', programPath(next), { cookie: host });
    expect(nextWeek.body).toMatchObject({ sessionId: next, source: 'template', segments: saved.body.segments });
    const template = await server.api<ProgramTemplate>('GET', `/api/venues/${DEMO_VENUE_ID}/program-template`, { cookie: host });
    expect(template.body).toMatchObject({ venueId: DEMO_VENUE_ID, segments: saved.body.segments });
    expect(template.body.updatedAt).not.toBeNull();

    const audit = await server.db.db.select().from(auditLog).where(eq(auditLog.entityId, now));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'program.save', entityType: 'session', before: null, organisationId: DEMO_ORGANISATION_ID });
  });

  it('keeps segment ids across saves when a segment keeps its kind and title, and saveAsTemplate false leaves the template alone', async () => {
    const sessionId = await addSession(server.db.db, DEMO_VENUE_ID, {
      startsAt: new Date(thisWeek.getTime() + 2 * week),
      status: 'planned',
    });
    const first = await server.api<Program>('PUT', programPath(sessionId), {
      cookie: host,
      body: { segments, saveAsTemplate: false },
    });
    const templateBefore = await server.api<ProgramTemplate>('GET', `/api/venues/${DEMO_VENUE_ID}/program-template`, { cookie: host });
    const reordered = [
      { ...segments[2]!, plannedMinutes: 20 },
      segments[0]!,
      { kind: 'chat' as const, title: 'おしゃべり', plannedMinutes: 10 },
    ];
    const second = await server.api<Program>('PUT', programPath(sessionId), {
      cookie: host,
      body: { segments: reordered, saveAsTemplate: false },
    });
    expect(second.body.segments[0]!.id).toBe(first.body.segments[2]!.id);
    expect(second.body.segments[1]!.id).toBe(first.body.segments[0]!.id);
    expect(first.body.segments.map((s) => s.id)).not.toContain(second.body.segments[2]!.id);
    const templateAfter = await server.api<ProgramTemplate>('GET', `/api/venues/${DEMO_VENUE_ID}/program-template`, { cookie: host });
    expect(templateAfter.body).toEqual(templateBefore.body);
  });

  it('refuses an empty segment list and negative minutes with 400 naming the field', async () => {
    const sessionId = await addSession(server.db.db, DEMO_VENUE_ID, { startsAt: thisWeek, status: 'planned' });
    const empty = await server.api('PUT', programPath(sessionId), { cookie: host, body: { segments: [] } });
    expect(empty).toMatchObject({ status: 400, body: { ok: false, code: 'INVALID_PAYLOAD', field: 'body.segments' } });
    const negative = [segments[0]!, { ...segments[1]!, plannedMinutes: -5 }];
    const bad = await server.api('PUT', programPath(sessionId), { cookie: host, body: { segments: negative } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', field: 'body.segments.1.plannedMinutes' } });
    expect(await server.api<Program>('GET', programPath(sessionId), { cookie: host })).toMatchObject({ body: { source: 'template' } });
  });

  it('answers 404 to a host of another venue and to another organisation, 401 when not signed in', async () => {
    const sessionId = await addSession(server.db.db, DEMO_VENUE_ID, { startsAt: thisWeek, status: 'planned' });
    expect(await server.api('GET', programPath(sessionId), { cookie: otherVenueHost })).toMatchObject({ status: 404 });
    expect(await server.api('PUT', programPath(sessionId), { cookie: otherVenueHost, body: { segments } })).toMatchObject({
      status: 404,
    });
    expect(await server.api('GET', programPath(sessionId), { cookie: other.cookie })).toMatchObject({ status: 404 });
    expect(await server.api('GET', `/api/venues/${DEMO_VENUE_ID}/program-template`, { cookie: otherVenueHost })).toMatchObject({
      status: 404,
    });
    expect(
      await server.api('PUT', `/api/venues/${DEMO_VENUE_ID}/program-template`, { cookie: other.cookie, body: { segments } }),
    ).toMatchObject({ status: 404 });
    expect(await server.api('GET', programPath(other.sessionId), { cookie: organiser })).toMatchObject({ status: 404 });
    expect((await server.api('GET', programPath(sessionId))).status).toBe(401);
  });
});

describe('a venue template', () => {
  it('is the default until saved; a saved template is what new sessions show, and the save is audited', async () => {
    const venueId = await addVenue(server.db.db, DEMO_ORGANISATION_ID);
    const before = await server.api<ProgramTemplate>('GET', `/api/venues/${venueId}/program-template`, { cookie: organiser });
    expect(before.body).toMatchObject({ venueId, updatedAt: null });
    expect(before.body.segments).toHaveLength(defaultProgram.length);
    const saved = await server.api<ProgramTemplate>('PUT', `/api/venues/${venueId}/program-template`, {
      cookie: organiser,
      body: { segments: segments.slice(0, 2) },
    });
    expect(saved).toMatchObject({ status: 200, body: { venueId, segments: segments.slice(0, 2) } });
    const sessionId = await addSession(server.db.db, venueId, { startsAt: thisWeek, status: 'planned' });
    expect(await server.api('GET', programPath(sessionId), { cookie: organiser })).toMatchObject({
      body: { source: 'template', segments: saved.body.segments },
    });
    expect(await server.db.db.select().from(auditLog).where(eq(auditLog.entityId, venueId))).toMatchObject([
      { action: 'program-template.save', entityType: 'venue' },
    ]);
    const bad = await server.api('PUT', `/api/venues/${venueId}/program-template`, {
      cookie: organiser,
      body: { segments: [{ kind: 'dance', title: 'x', plannedMinutes: 5 }] },
    });
    expect(bad).toMatchObject({ status: 400, body: { field: 'body.segments.0.kind' } });
  });
});

describe('ProgramService as the live program’s source', () => {
  it('gives a session’s segments, tells listeners when a program is saved, and throws for an unknown session', async () => {
    const programs = new ProgramService(server.db.db, new Permissions(server.db.db));
    const venueId = await addVenue(server.db.db, DEMO_ORGANISATION_ID);
    const sessionId = await addSession(server.db.db, venueId, { startsAt: thisWeek, status: 'live' });
    expect((await programs.segmentsFor(sessionId)).map((s) => s.title)).toEqual(defaultProgram.map((s) => s.title));
    const saved: string[] = [];
    programs.onProgramSaved((id) => saved.push(id));
    const organiserUser = (await new AuthService(server.db.db, { passwords: inlinePasswordHasher }).userForToken(
      organiser.slice(organiser.indexOf('=') + 1),
    ))!;
    await programs.save(organiserUser, sessionId, { segments });
    expect(saved).toEqual([sessionId]);
    expect((await programs.segmentsFor(sessionId)).map((s) => s.title)).toEqual(segments.map((s) => s.title));
    await expect(programs.segmentsFor('no-such-session')).rejects.toThrow(expect.objectContaining({ code: 'SESSION_NOT_FOUND' }));
  });
});

describe('the OpenAPI document', () => {
  it('describes the program, template, video and quiz routes', async () => {
    const doc = await server.api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/sessions/{sessionId}/program',
        '/api/venues/{venueId}/program-template',
        '/api/organisations/{organisationId}/videos',
        '/api/videos/{videoId}',
        '/api/videos/{videoId}/file',
        '/api/venues/{venueId}/quiz-questions',
        '/api/quiz-questions/{questionId}',
      ]),
    );
    expect(Object.keys(doc.body.paths['/api/sessions/{sessionId}/program']!)).toEqual(expect.arrayContaining(['get', 'put']));
  });
});
