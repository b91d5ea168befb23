import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Checkin } from '@shared/checkins/schemas';
import { api } from '../support/http';
import { checkScreen } from '../support/screenCheck';
import { setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

/** Demo invite 1: 佐藤 一郎, who has consented to wellbeing records (server/src/demo/seed.ts). */
const SATO = 1;

/** The home page presses 「困りごとがある」 through its own call socket (the check-in's screens are tested in checkins.e2e). */
async function pressTrouble(home: Page): Promise<void> {
  const answer = await home.evaluate(
    async () =>
      (await window.__kayoi!.client.socket.timeout(10_000).emitWithAck('checkin:submit', { answers: { mood: 'bad' }, trouble: true })) as {
        ok: boolean;
      },
  );
  expect(answer.ok).toBe(true);
}

describe('a staff page in the office', () => {
  it('shows today’s attendance live and the 困りごと banner when someone at home asks; 対応した records it', async () => {
    const staff = await harness.openPage('/host', { signedInAs: 'organiser' });
    await staff.setViewportSize({ width: 1280, height: 800 });
    await staff.getByTestId('host-today').first().waitFor();

    const home = await harness.joinFromHome(SATO);
    const counts = staff.getByTestId('live-attendance-counts').first();
    await expect.poll(() => counts.textContent(), { timeout: 10_000 }).toContain('オンライン 1');

    await pressTrouble(home);
    const request = staff.getByTestId('staff-trouble').filter({ hasText: '佐藤 一郎' });
    await request.waitFor({ timeout: 10_000 });
    const text = await request.innerText();
    expect(text).toContain(`佐藤 一郎さん（${harness.server.demo.venueName}）がお話ししたいそうです`);

    // A PC and a tablet in the office: the banner's one action in view, text and targets at the staff sizes.
    const handled = request.getByTestId('staff-trouble-handled');
    expect(await checkScreen(staff, { screen: 'staff-trouble-1280', primary: handled, rules: 'staff' })).toEqual([]);
    await staff.setViewportSize({ width: 768, height: 1024 });
    expect(await checkScreen(staff, { screen: 'staff-trouble-768', primary: handled, rules: 'staff' })).toEqual([]);

    await handled.click();
    await expect.poll(() => staff.getByTestId('staff-trouble-banner').count()).toBe(0);
    const cookie = await harness.server.login('host');
    const { body } = await api<Checkin[]>(harness.server.url, 'GET', `/api/sessions/${harness.server.demo.sessionId}/checkins`, { cookie });
    expect(body.find((c) => c.trouble)?.troubleHandledAt).not.toBeNull();
  });

  it('shows a request made before the page was opened (today’s open requests load with the page)', async () => {
    const home = await harness.joinFromHome(SATO);
    await pressTrouble(home);
    const staff = await harness.openPage('/watch', { signedInAs: 'host' });
    await staff.getByTestId('staff-trouble').filter({ hasText: '佐藤 一郎' }).waitFor({ timeout: 10_000 });
  });
});
