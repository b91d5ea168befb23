import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInQuizQuestions, type QuizQuestion } from '@shared/program/quizzes';
import { Permissions } from '../../../server/src/auth/permissions';
import { auditLog } from '../../../server/src/db/schema';
import { DEMO_VENUE_2_ID, DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { QuizService } from '../../../server/src/program/quizzes/service';
import { addSession } from '../../support/fixtures';
import { demoStaff, type OtherOrganisation } from '../../support/demoStaff';
import { startTestApp, type TestApp } from '../../support/testApp';

let server: TestApp;
let organiser: string, host: string, otherVenueHost: string, other: OtherOrganisation;

beforeAll(async () => {
  server = await startTestApp();
  ({ organiser, host, otherVenueHost, other } = await demoStaff(server));
});
afterAll(async () => {
  await server?.close();
});

const listPath = (venueId = DEMO_VENUE_ID) => `/api/venues/${venueId}/quiz-questions`;
const question = { prompt: '今日は何曜日？', choices: ['月曜日', '火曜日', '水曜日'], answerIndex: 1 };

describe('quiz questions', () => {
  it('lists the built-in questions and, after a host adds one, the venue’s own; adding is audited', async () => {
    const empty = await server.api<{ builtIn: QuizQuestion[]; custom: QuizQuestion[] }>('GET', listPath(), { cookie: host });
    expect(empty).toMatchObject({ status: 200, body: { builtIn: builtInQuizQuestions, custom: [] } });
    const added = await server.api<QuizQuestion>('POST', listPath(), { cookie: host, body: question });
    expect(added).toMatchObject({ status: 201, body: { ...question, format: 'custom' } });
    const noAnswer = await server.api<QuizQuestion>('POST', listPath(), {
      cookie: organiser,
      body: { prompt: '好きな季節は？', choices: ['春', '夏', '秋', '冬'] },
    });
    expect(noAnswer).toMatchObject({ status: 201, body: { answerIndex: null } });
    const list = await server.api<{ custom: QuizQuestion[] }>('GET', listPath(), { cookie: organiser });
    expect(list.body.custom.map((q) => q.id)).toEqual([added.body.id, noAnswer.body.id]);
    expect(await server.db.db.select().from(auditLog).where(eq(auditLog.entityId, added.body.id))).toMatchObject([
      { action: 'quiz-question.create' },
    ]);
  });

  it('refuses an answer that is not one of the choices, too few choices and an empty prompt with 400 naming the field', async () => {
    const outside = await server.api('POST', listPath(), { cookie: host, body: { ...question, answerIndex: 3 } });
    expect(outside).toMatchObject({ status: 400, body: { code: 'INVALID_PAYLOAD', field: 'body.answerIndex' } });
    expect(
      await server.api('POST', listPath(), { cookie: host, body: { ...question, choices: ['ひとつ'], answerIndex: 0 } }),
    ).toMatchObject({ status: 400, body: { field: 'body.choices' } });
    expect(await server.api('POST', listPath(), { cookie: host, body: { ...question, prompt: '  ' } })).toMatchObject({
      status: 400,
      body: { field: 'body.prompt' },
    });
  });

  it('keeps each venue’s questions to its own staff: 404 for a host of another venue and for another organisation', async () => {
    expect(await server.api('GET', listPath(), { cookie: otherVenueHost })).toMatchObject({ status: 404 });
    expect(await server.api('POST', listPath(), { cookie: other.cookie, body: question })).toMatchObject({ status: 404 });
    const added = await server.api<QuizQuestion>('POST', listPath(), { cookie: host, body: question });
    expect(await server.api('DELETE', `/api/quiz-questions/${added.body.id}`, { cookie: otherVenueHost })).toMatchObject({
      status: 404,
    });
    expect((await server.api('GET', listPath())).status).toBe(401);
  });

  it('deletes a venue’s question (audited); deleting it again answers 404', async () => {
    const added = await server.api<QuizQuestion>('POST', listPath(), { cookie: host, body: question });
    expect(await server.api('DELETE', `/api/quiz-questions/${added.body.id}`, { cookie: host })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect(await server.api('DELETE', `/api/quiz-questions/${added.body.id}`, { cookie: host })).toMatchObject({ status: 404 });
    const list = await server.api<{ custom: QuizQuestion[] }>('GET', listPath(), { cookie: host });
    expect(list.body.custom.map((q) => q.id)).not.toContain(added.body.id);
    expect((await server.db.db.select().from(auditLog).where(eq(auditLog.entityId, added.body.id))).map((a) => a.action)).toEqual([
      'quiz-question.create',
      'quiz-question.delete',
    ]);
  });

  it('gives the live program a built-in question or one of the session venue’s own, NOT_FOUND for another venue’s', async () => {
    const quizzes = new QuizService(server.db.db, new Permissions(server.db.db));
    const own = (await server.api<QuizQuestion>('POST', listPath(), { cookie: host, body: question })).body;
    const sessionHere = await addSession(server.db.db, DEMO_VENUE_ID, { startsAt: new Date(), status: 'live' });
    const sessionThere = await addSession(server.db.db, DEMO_VENUE_2_ID, { startsAt: new Date(), status: 'live' });
    expect(await quizzes.questionFor(sessionHere, 'calc-1')).toEqual(builtInQuizQuestions[0]);
    expect(await quizzes.questionFor(sessionHere, own.id)).toEqual(own);
    expect((await quizzes.questionFor(other.sessionId, 'odd-1')).id).toBe('odd-1');
    await expect(quizzes.questionFor(sessionThere, own.id)).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await expect(quizzes.questionFor(sessionHere, 'no-such-question')).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
