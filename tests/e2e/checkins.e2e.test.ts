import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FRAILTY_ITEMS } from '@shared/checkins/frailtyQuestionnaire';
import type { Checkin } from '@shared/checkins/schemas';
import type { Participant, Venue } from '@shared/venues/schemas';
import { expectMediaFlowing } from '../support/browser';
import { api } from '../support/http';
import { callState, declineCheckin, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

/** Demo invites 0 山田 花子 and 1 佐藤 一郎 have consented to wellbeing records (see server/src/demo/seed.ts). */
const YAMADA = 0;
const SATO = 1;

/** Taps one answer and waits for the next question (or the last step) to come. */
async function answer(page: Page, key: string, n: number): Promise<void> {
  const progress = page.getByTestId('checkin-progress');
  await expect.poll(() => progress.innerText()).toBe(`${n} / 5`);
  await page.getByTestId(`checkin-answer-${key}`).click();
}

/** The venue tablet presses はじめる on the program: its first part (the demo's あいさつ・体調確認) starts. */
async function startProgram(venue: Page): Promise<void> {
  await venue.evaluate(async () => {
    await window.__kayoi!.client.live.control({ action: 'start' });
  });
}

async function sessionCheckins(): Promise<Checkin[]> {
  const cookie = await harness.server.login('host');
  const { status, body } = await api<Checkin[]>(harness.server.url, 'GET', `/api/sessions/${harness.server.demo.sessionId}/checkins`, {
    cookie,
  });
  expect(status).toBe(200);
  return body;
}

describe('wellbeing check-ins', () => {
  it('a home participant answers with the call running and presses 困りごとがある; the venue sees it live and presses 対応した', async () => {
    const venue = await harness.joinAsVenue();
    const home = await harness.joinFromHome(YAMADA);

    // The person sees the room first: nothing over the call right after joining (the demo venue asks 'after-join').
    await home.getByTestId('remote-tile').first().waitFor({ timeout: 10_000 });
    await home.waitForTimeout(1_000);
    expect(await home.getByTestId('checkin-screen').count()).toBe(0);

    // The host starts the program: its あいさつ is the calm moment; the check-in comes as a panel beside the people.
    await startProgram(venue);
    await home.getByTestId('checkin-screen').waitFor({ timeout: 20_000 });
    expect(await home.getByTestId('checkin-screen').getAttribute('class')).toContain('checkin--panel');
    expect(await home.getByTestId('remote-tile').first().isVisible()).toBe(true);
    expect(await home.getByTestId('checkin-question').innerText()).toBe('きょうの気分は？');
    for (const [n, key] of (['good', 'bad', 'ok'] as const).entries()) await answer(home, key, n + 1);
    await expect.poll(() => home.getByTestId('checkin-progress').innerText()).toBe('4 / 5');
    await home.getByTestId('checkin-skip').click();
    await answer(home, 'good', 5);
    await expectMediaFlowing(home, 15_000);
    expect(await callState(home)).toBe('connected');

    const trouble = home.getByTestId('checkin-trouble');
    await trouble.click();
    expect(await trouble.getAttribute('aria-pressed')).toBe('true');
    await home.getByTestId('checkin-send').click();
    await home.getByTestId('checkin-thanks').waitFor();

    // The venue tablet: a banner, with no reload.
    const request = venue.getByTestId('trouble-request').filter({ hasText: '山田 花子' });
    await request.waitFor({ timeout: 10_000 });
    expect(await request.innerText()).toContain('山田 花子さんが お話ししたいそうです');

    const [stored] = (await sessionCheckins()).filter((c) => c.recordedBy === 'self');
    expect(stored).toMatchObject({
      trouble: true,
      troubleHandledAt: null,
      answers: { mood: 'good', body: 'bad', sleep: 'ok', meals: 'skipped', outings: 'good' },
    });

    // The thank-you (and, when due, the questionnaire offer) gives the call back.
    if (await home.getByTestId('frailty-offer').count()) await home.getByTestId('frailty-later').click();
    await expect.poll(() => home.getByTestId('checkin-thanks').count(), { timeout: 10_000 }).toBe(0);
    expect(await callState(home)).toBe('connected');

    await request.getByTestId('trouble-handled').click();
    await expect.poll(() => venue.getByTestId('trouble-banner').count()).toBe(0);
    const [handled] = (await sessionCheckins()).filter((c) => c.recordedBy === 'self');
    expect(handled?.troubleHandledAt).not.toBeNull();
  });

  it('答えない at home is shown to the host as 「答えなかった」, not as asked', async () => {
    harness.server.live.dispose(harness.server.demo.sessionId);
    const venue = await harness.joinAsVenue();
    const home = await harness.joinFromHome(SATO);
    await startProgram(venue);
    await declineCheckin(home);
    expect(await callState(home)).toBe('connected');

    await venue.getByTestId('roster-button').click();
    const sato = venue.getByTestId('roster-panel').getByTestId('roster-person').filter({ hasText: '佐藤 一郎' });
    const ask = sato.getByTestId('roster-ask');
    await expect.poll(() => ask.getAttribute('data-state'), { timeout: 20_000 }).toBe('declined');
    expect(await ask.innerText()).toBe('答えなかった');
    const participantId = await sato.getAttribute('data-participant-id');
    const stored = (await sessionCheckins()).find((c) => c.recordedBy === 'self' && c.participantId === participantId);
    expect(stored?.answers).toMatchObject({ mood: 'skipped', body: 'skipped' });
  });

  it('the host asks aloud from the roster: mark present first, tap the answers, recorded; no consent is said plainly', async () => {
    const venue = await harness.joinAsVenue();
    await venue.getByTestId('roster-button').click();
    const panel = venue.getByTestId('roster-panel');
    const person = (name: string) => panel.getByTestId('roster-person').filter({ hasText: name });
    await expect.poll(() => panel.getByTestId('roster-person').count()).toBe(6);

    // 鈴木 よし子 has not consented: the action says why, and there is nothing to press.
    expect(await person('鈴木 よし子').getByTestId('roster-no-consent').innerText()).toBe('同意がないため聞けません');
    expect(await person('鈴木 よし子').getByTestId('roster-ask').count()).toBe(0);

    // 高橋 正男 is not marked yet: the sheet asks to mark him first, then the questions come.
    await person('高橋 正男').getByTestId('roster-ask').click();
    await venue.getByTestId('host-checkin-mark').waitFor();
    await venue.getByTestId('host-checkin-mark-venue').click();
    await expect.poll(() => person('高橋 正男').getAttribute('data-mode')).toBe('venue');
    await venue.getByTestId('checkin-screen').waitFor();
    for (const [n, key] of (['ok', 'bad', 'good', 'good', 'ok'] as const).entries()) await answer(venue, key, n + 1);
    await venue.getByTestId('checkin-send').click();
    await venue.getByTestId('host-checkin-recorded').waitFor();
    await venue.getByTestId('host-checkin-done').click();
    await expect.poll(() => person('高橋 正男').getByTestId('roster-ask').innerText()).toContain('聞いた');

    const participantId = await person('高橋 正男').getAttribute('data-participant-id');
    const recorded = (await sessionCheckins()).find((c) => c.participantId === participantId);
    expect(recorded).toMatchObject({
      recordedBy: 'host',
      trouble: false,
      answers: { mood: 'ok', body: 'bad', sleep: 'good', meals: 'good', outings: 'ok' },
    });
  });

  it('the questionnaire answered on another screen meanwhile: sending says the answers are in already and offers もどる, not a retry', async () => {
    const { url } = harness.server;
    const cookie = await harness.server.login('host');
    const yamada = await findParticipant(url, cookie, '山田 花子');
    const page = await harness.openPage(`/admin/participants/${yamada.id}`, { signedInAs: 'host' });
    await page.getByTestId('questionnaire-fill').click();
    await page.getByTestId('frailty-screen').waitFor();

    // While the host taps through, the questionnaire is recorded from another screen.
    const first = FRAILTY_ITEMS[0]!;
    const recorded = await api(url, 'POST', `/api/participants/${yamada.id}/questionnaire`, {
      cookie,
      body: { answers: { [String(first.number)]: first.options[0]! } },
    });
    expect(recorded.status).toBe(201);

    const progress = page.getByTestId('checkin-progress');
    await page.getByTestId(`checkin-answer-${first.options[0]!}`).click();
    for (let n = 2; n <= FRAILTY_ITEMS.length; n++) {
      await expect.poll(() => progress.innerText()).toBe(`質問 ${n} / ${FRAILTY_ITEMS.length}`);
      await page.getByTestId('frailty-skip').click();
    }
    await expect.poll(() => page.getByTestId('frailty-result').innerText()).toBe('この質問票の答えは、もう届いています');
    expect(await page.locator('[data-error-code]').getAttribute('data-error-code')).toBe('CONFLICT');
    expect(await page.getByTestId('frailty-retry').count()).toBe(0);
    await page.getByTestId('frailty-leave').click();
    await expect.poll(() => page.getByTestId('frailty-screen').count()).toBe(0);
  });
});

/** A participant of the venues `cookie`'s user sees, by name. */
async function findParticipant(url: string, cookie: string, name: string): Promise<Participant> {
  const { body: venues } = await api<Venue[]>(url, 'GET', '/api/venues', { cookie });
  for (const venue of venues) {
    const { body: people } = await api<Participant[]>(url, 'GET', `/api/venues/${venue.id}/participants`, { cookie });
    const found = people.find((p) => p.displayName === name);
    if (found) return found;
  }
  throw new Error(`no participant named ${name}`);
}
