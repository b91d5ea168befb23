import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { QuizQuestionInput } from '@shared/program/quizzes';
import { SegmentInput, SegmentList, type Program, type ProgramTemplate } from '@shared/program/schemas';
import { VIDEO_MAX_BYTES, VIDEO_MIME_TYPES, type ExerciseVideo } from '@shared/program/videos';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_ID } from '../../server/src/demo/seed';
import { QUIZ_LIMITS, SEGMENT_LIMITS, VIDEO_LIMITS } from '../../client/src/features/program/limits';
import { setUpCallHarness } from './callHarness';

const EXERCISE_VIDEO = path.join('tests', 'fixtures', 'exercise.webm');

type Row = { kind: string; title: string; minutes: number };

/** The program builder, the video library and the quiz questions, in Chromium against a real server with the demo data. */
describe('program builder and video library', () => {
  const harness = setUpCallHarness();

  const api = async <T>(role: 'host' | 'organiser', url: string): Promise<T> => {
    const response = await fetch(`${harness.server.url}${url}`, { headers: { cookie: await harness.server.login(role) } });
    expect(response.status, url).toBe(200);
    return (await response.json()) as T;
  };
  const programUrl = () => `/sessions/${harness.server.demo.sessionId}/program`;
  const storedProgram = () => api<Program>('host', `/api/sessions/${harness.server.demo.sessionId}/program`);

  /** What the cards show: kind, title and minutes of each, top to bottom. */
  const cardRows = (page: Page): Promise<Row[]> =>
    page.getByTestId('segment-card').evaluateAll((cards) =>
      cards.map((card) => ({
        kind: card.getAttribute('data-kind') ?? '',
        title: (card.querySelector<HTMLInputElement>('[data-testid="segment-title"]')?.value ?? '').trim(),
        minutes: Number(card.querySelector<HTMLInputElement>('[data-testid="segment-minutes"]')?.value),
      })),
    );
  const rowsOf = (program: Pick<Program, 'segments'>): Row[] =>
    program.segments.map((s) => ({ kind: s.kind, title: s.title, minutes: s.plannedMinutes }));
  const programPuts = (page: Page): Request[] => {
    const puts: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT' && new URL(request.url()).pathname.endsWith('/program')) puts.push(request);
    });
    return puts;
  };

  it('keeps the browser’s limits the same as the shared schemas', () => {
    expect(VIDEO_LIMITS.maxBytes).toBe(VIDEO_MAX_BYTES);
    expect([...VIDEO_LIMITS.mimeTypes]).toEqual([...VIDEO_MIME_TYPES]);
    const segment = (plannedMinutes: number, title = 'あいさつ') => ({ kind: 'greeting' as const, title, plannedMinutes });
    const L = SEGMENT_LIMITS;
    expect(SegmentList.safeParse(Array.from({ length: L.maxSegments }, () => segment(5))).success).toBe(true);
    expect(SegmentList.safeParse(Array.from({ length: L.maxSegments + 1 }, () => segment(5))).success).toBe(false);
    expect(SegmentList.safeParse(Array.from({ length: L.minSegments - 1 }, () => segment(5))).success).toBe(false);
    expect(SegmentInput.safeParse(segment(L.minMinutes)).success && SegmentInput.safeParse(segment(L.maxMinutes)).success).toBe(true);
    expect(SegmentInput.safeParse(segment(L.minMinutes - 1)).success || SegmentInput.safeParse(segment(L.maxMinutes + 1)).success).toBe(
      false,
    );
    expect(SegmentInput.safeParse(segment(5, 'あ'.repeat(L.titleMax + 1))).success).toBe(false);
    const Q = QUIZ_LIMITS;
    const question = (choices: number, prompt = '問題') => ({ prompt, choices: Array.from({ length: choices }, (_, i) => `答え${i}`) });
    expect(QuizQuestionInput.safeParse(question(Q.minChoices)).success && QuizQuestionInput.safeParse(question(Q.maxChoices)).success).toBe(
      true,
    );
    expect(
      QuizQuestionInput.safeParse(question(Q.minChoices - 1)).success || QuizQuestionInput.safeParse(question(Q.maxChoices + 1)).success,
    ).toBe(false);
    expect(QuizQuestionInput.safeParse(question(2, 'あ'.repeat(Q.promptMax + 1))).success).toBe(false);
  });

  it('a host changes minutes, adds and deletes a part and saves; the reloaded page and the API show the saved list', async () => {
    const before = await storedProgram();
    const page = await harness.openPage(programUrl(), { signedInAs: 'host' });
    page.setDefaultTimeout(15_000);
    await page.getByTestId('program-editor').waitFor({ timeout: 15_000 });
    expect(['template', 'default']).toContain(await page.getByTestId('program-source').getAttribute('data-source'));
    expect(await cardRows(page)).toEqual(rowsOf(before));
    const cards = page.getByTestId('segment-card');
    const first = before.segments[0]!;

    // Minutes: two taps on ＋ on the first card; typing 0 on the second stops at 1 and − is then refused.
    await cards.nth(0).getByTestId('segment-more').click();
    await cards.nth(0).getByTestId('segment-more').click();
    await expect.poll(() => cards.nth(0).getByTestId('segment-minutes').inputValue()).toBe(String(first.plannedMinutes + 2));
    await cards.nth(1).getByTestId('segment-minutes').fill('0');
    await expect.poll(() => cards.nth(1).getByTestId('segment-minutes').inputValue()).toBe('1');
    expect(await cards.nth(1).getByTestId('segment-less').isDisabled()).toBe(true);
    await cards.nth(1).getByTestId('segment-more').click();

    // A new part at the end: おしゃべり, renamed.
    await page.getByTestId('program-add').click();
    const added = cards.last();
    await added.getByTestId('segment-kind').selectOption('chat');
    await expect.poll(() => added.getByTestId('segment-title').inputValue()).toBe('おしゃべり');
    await added.getByTestId('segment-title').fill('思い出話');
    // The last of the old parts goes.
    await cards
      .nth(before.segments.length - 1)
      .getByTestId('segment-remove')
      .click();

    const expected: Row[] = [
      { kind: first.kind, title: first.title, minutes: first.plannedMinutes + 2 },
      { kind: before.segments[1]!.kind, title: before.segments[1]!.title, minutes: 2 },
      ...rowsOf({ segments: before.segments.slice(2, -1) }),
      { kind: 'chat', title: '思い出話', minutes: 5 },
    ];
    expect(await cardRows(page)).toEqual(expected);
    const total = expected.reduce((sum, row) => sum + row.minutes, 0);
    expect(await page.getByTestId('program-total').innerText()).toContain(`${total}分`);
    expect(await page.getByTestId('use-next-week').locator('input[type="checkbox"]').isChecked()).toBe(true);

    await page.getByTestId('program-save').click();
    await page.getByTestId('program-message').waitFor();
    await expect.poll(() => page.getByTestId('program-source').getAttribute('data-source')).toBe('session');

    await page.reload();
    await page.getByTestId('program-editor').waitFor({ timeout: 15_000 });
    expect(await cardRows(page)).toEqual(expected);
    expect(await page.getByTestId('program-source').getAttribute('data-source')).toBe('session');

    const stored = await storedProgram();
    expect(stored.source).toBe('session');
    expect(rowsOf(stored)).toEqual(expected);
    // 「来週もこのプログラムを使う」 was on: the venue's template is the same list.
    expect(rowsOf(await api<ProgramTemplate>('host', `/api/venues/${DEMO_VENUE_ID}/program-template`))).toEqual(expected);
  });

  it('refuses to save an empty program with a message, and nothing is saved', async () => {
    const before = await storedProgram();
    const page = await harness.openPage(programUrl(), { signedInAs: 'host' });
    page.setDefaultTimeout(15_000);
    const puts = programPuts(page);
    await page.getByTestId('program-editor').waitFor({ timeout: 15_000 });
    while ((await page.getByTestId('segment-card').count()) > 0)
      await page.getByTestId('segment-card').first().getByTestId('segment-remove').click();
    await page.getByTestId('program-empty').waitFor();

    await page.getByTestId('program-save').click();
    await expect.poll(() => page.getByTestId('program-error').innerText()).toContain('プログラムが空です');
    expect(await page.getByTestId('program-list-error').innerText()).toContain('ふやす');
    expect(puts).toHaveLength(0);
    expect(rowsOf(await storedProgram())).toEqual(rowsOf(before));
  });

  it('shows the server’s field error on the card it is about', async () => {
    const before = await storedProgram();
    const page = await harness.openPage(programUrl(), { signedInAs: 'host' });
    page.setDefaultTimeout(15_000);
    await page.getByTestId('program-editor').waitFor({ timeout: 15_000 });
    // The page never sends negative minutes; a changed request shows what the server's 400 with `field` does.
    await page.route('**/api/sessions/*/program', async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      const body = route.request().postDataJSON() as { segments: { plannedMinutes: number }[] };
      body.segments[1]!.plannedMinutes = -3;
      return route.continue({ postData: JSON.stringify(body) });
    });
    await page.getByTestId('program-save').click();
    const secondCard = page.getByTestId('segment-card').nth(1);
    await expect.poll(() => secondCard.getByTestId('field-error').innerText()).toContain('1分から240分');
    expect(await page.getByTestId('segment-card').nth(0).getByTestId('field-error').count()).toBe(0);
    expect(await page.getByTestId('program-error').innerText()).toContain('2番目');
    expect(rowsOf(await storedProgram())).toEqual(rowsOf(before));
  });

  it('a host edits the venue’s usual program from the host page and saves it as the template', async () => {
    const templateUrl = `/api/venues/${DEMO_VENUE_ID}/program-template`;
    const before = await api<ProgramTemplate>('host', templateUrl);
    const page = await harness.openPage('/host', { signedInAs: 'host' });
    page.setDefaultTimeout(15_000);
    await page.getByTestId('host-venue').first().getByTestId('venue-template-link').click();
    await page.getByTestId('program-editor').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/venues/${DEMO_VENUE_ID}/program`);
    expect(await cardRows(page)).toEqual(rowsOf(before));

    await page.getByTestId('segment-card').nth(0).getByTestId('segment-less').click();
    await page.getByTestId('program-save').click();
    await page.getByTestId('program-message').waitFor();
    const expected = rowsOf(before).map((row, i) => (i === 0 ? { ...row, minutes: row.minutes - 1 } : row));
    expect(rowsOf(await api<ProgramTemplate>('host', templateUrl))).toEqual(expected);
  });

  it('the organiser uploads a WebM video and sees it listed; a text file is refused before any upload', async () => {
    const page = await harness.openPage('/host', { signedInAs: 'organiser' });
    page.setDefaultTimeout(15_000);
    const uploads: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/videos')) uploads.push(request);
    });
    // Reachable from the staff navigation.
    await page.getByRole('link', { name: '体操の動画' }).first().click();
    await page.getByTestId('video-upload').waitFor({ timeout: 15_000 });

    await page.getByTestId('video-title').fill('いきいき百歳体操（前半）');
    await page.getByTestId('video-file').setInputFiles(EXERCISE_VIDEO);
    await page.getByTestId('video-upload-submit').click();
    await expect.poll(() => page.getByTestId('video-message').innerText(), { timeout: 20_000 }).toContain('いきいき百歳体操（前半）');
    await expect.poll(() => page.getByTestId('video-item-title').allInnerTexts()).toContain('いきいき百歳体操（前半）');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.headers()['content-type']).toBe('video/webm');

    const listed = (await api<{ videos: ExerciseVideo[] }>('organiser', `/api/organisations/${DEMO_ORGANISATION_ID}/videos`)).videos;
    expect(listed.map((v) => v.title)).toContain('いきいき百歳体操（前半）');

    await page.getByTestId('video-title').fill('メモ');
    await page
      .getByTestId('video-file')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('これは動画ではありません') });
    await expect.poll(() => page.getByTestId('field-error').innerText()).toContain('MP4 か WebM');
    await page.getByTestId('video-upload-submit').click();
    await expect.poll(() => page.getByTestId('field-error').innerText()).toContain('MP4 か WebM');
    expect(uploads).toHaveLength(1);
    expect((await api<{ videos: ExerciseVideo[] }>('organiser', `/api/organisations/${DEMO_ORGANISATION_ID}/videos`)).videos).toHaveLength(
      listed.length,
    );

    // The program builder offers the new video for an exercise part.
    await page.goto(`${harness.server.url}${programUrl()}`);
    await page.getByTestId('program-editor').waitFor({ timeout: 15_000 });
    const exercise = page.locator('[data-testid="segment-card"][data-kind="exercise"]').first();
    await expect.poll(() => exercise.getByTestId('segment-video').locator('option').allInnerTexts()).toContain('いきいき百歳体操（前半）');

    // Deleting asks first, then the video is gone from the page and the server.
    await page.goto(`${harness.server.url}/admin/videos`);
    await page.getByTestId('video-delete').first().click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('videos-empty').waitFor();
    expect((await api<{ videos: ExerciseVideo[] }>('organiser', `/api/organisations/${DEMO_ORGANISATION_ID}/videos`)).videos).toEqual([]);
  });

  it('a host adds an own quiz question for the venue and deletes it again', async () => {
    const page = await harness.openPage(`/admin/venues/${DEMO_VENUE_ID}/quiz-questions`, { signedInAs: 'host' });
    page.setDefaultTimeout(10_000);
    await page.getByTestId('quiz-form').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('built-in-question').count()).toBeGreaterThan(0);

    // An empty answer is caught in the browser, next to that answer.
    await page.getByTestId('quiz-prompt').fill('「さ」で始まる魚はどれ？');
    await page.getByTestId('quiz-choice').nth(0).fill('さば');
    await page.getByTestId('quiz-choice').nth(1).fill('あじ');
    await page.getByTestId('quiz-submit').click();
    await expect.poll(() => page.getByTestId('quiz-choice').nth(2).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('quiz-form').innerText()).toContain('答えを書いてください');
    expect(await page.getByTestId('quiz-choice').nth(0).getAttribute('aria-invalid')).toBeNull();
    await page.getByTestId('quiz-remove-choice').nth(2).click();
    await page.getByTestId('quiz-answer').getByText('答え 1').click();
    await page.getByTestId('quiz-submit').click();
    await page.getByTestId('quiz-message').waitFor();
    await expect.poll(() => page.getByTestId('quiz-question-prompt').allInnerTexts()).toContain('「さ」で始まる魚はどれ？');

    const lists = await api<{ custom: { prompt: string; choices: string[]; answerIndex: number | null }[] }>(
      'host',
      `/api/venues/${DEMO_VENUE_ID}/quiz-questions`,
    );
    expect(lists.custom).toEqual([
      expect.objectContaining({ prompt: '「さ」で始まる魚はどれ？', choices: ['さば', 'あじ'], answerIndex: 0 }),
    ]);

    await page.getByTestId('own-question').first().getByTestId('quiz-delete').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('own-questions-empty').waitFor();
    expect((await api<{ custom: unknown[] }>('host', `/api/venues/${DEMO_VENUE_ID}/quiz-questions`)).custom).toEqual([]);
  });
});
