import { describe, expect, it } from 'vitest';
import type { CheckinQuestion } from '@shared/checkins/questions';
import { api } from '../support/http';
import { setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

async function storedQuestions(): Promise<CheckinQuestion[]> {
  const cookie = await harness.server.login('organiser');
  const { status, body } = await api<CheckinQuestion[]>(harness.server.url, 'GET', '/api/organisation/checkin-questions', { cookie });
  expect(status).toBe(200);
  return body;
}

describe('check-in questions (organiser)', () => {
  it('changes the first question’s wording and adds an answer; the server’s field error is shown in Japanese first', async () => {
    const page = await harness.openPage('/admin/checkin-questions', { signedInAs: 'organiser' });
    const first = page.getByTestId('cq-question').first();
    const questionJa = first.getByTestId('cq-question-ja');
    await questionJa.waitFor({ timeout: 10_000 });
    expect(await questionJa.inputValue()).toBe('きょうの気分は？');
    expect(await first.getByTestId('cq-answer').count()).toBe(3);

    await questionJa.fill('きょうの気分は どうですか？');
    await first.getByTestId('cq-add-answer').click();
    const added = first.getByTestId('cq-answer').nth(3);
    expect(await added.getAttribute('data-key')).toBe('answer-1');
    // The new answer's emoji field has the focus; saving it empty is refused by the server, field by field.
    await page.getByTestId('cq-save').click();
    const error = page.getByTestId('cq-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('「質問 1 の 答え 4');
    expect(await added.locator('[aria-invalid="true"]').count()).toBe(1);

    await added.getByTestId('cq-answer-emoji').fill('😴');
    await added.getByTestId('cq-answer-ja').fill('ねむい');
    await added.getByTestId('cq-answer-en').fill('Sleepy');
    await added.getByTestId('cq-answer-concern').locator('input').check();
    await page.getByTestId('cq-save').click();
    await page.getByTestId('cq-message').waitFor();

    await page.reload();
    await questionJa.waitFor();
    expect(await questionJa.inputValue()).toBe('きょうの気分は どうですか？');
    expect(await first.getByTestId('cq-answer').nth(3).getByTestId('cq-answer-ja').inputValue()).toBe('ねむい');

    const [mood, ...rest] = await storedQuestions();
    expect(mood).toMatchObject({ key: 'mood', label: { ja: 'きょうの気分は どうですか？', en: 'How do you feel today?' } });
    expect(mood!.answers.map((a) => a.key)).toEqual(['good', 'ok', 'bad', 'answer-1']);
    expect(mood!.answers[3]).toEqual({ key: 'answer-1', emoji: '😴', label: { ja: 'ねむい', en: 'Sleepy' }, concern: true });
    expect(rest.map((q) => q.key)).toEqual(['body', 'sleep', 'meals', 'outings']);
  }, 15_000);
});
