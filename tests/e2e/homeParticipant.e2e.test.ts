import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectMediaFlowing, remoteVideoWidth } from '../support/browser';
import { callState, expectCallState, inviteUrl, launchChromiumWithoutDevices, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

/** Demo invites: 0 山田 花子, 1 佐藤 一郎, 2 鈴木 よし子. */
const YAMADA = 0;
const SATO = 1;
const SUZUKI = 2;

let deviceless: Browser | undefined;
afterAll(async () => {
  await deviceless?.close();
});

/** The tile the venue shows for one home participant, found by the name on it. */
function venueTileOf(venue: Page, name: string) {
  return venue.getByTestId('remote-tile').filter({ hasText: name });
}

function producerCount(page: Page): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { __kayoi: { client: { producers: Map<string, unknown> } } }).__kayoi.client.producers.size,
  );
}

describe('a home participant in real Chromium', () => {
  it('without camera and microphone is told so in Japanese, joins view-only and receives the venue’s audio and video', async () => {
    const venue = await harness.joinAsVenue();
    deviceless = await launchChromiumWithoutDevices();
    const home = await harness.openPage(inviteUrl(harness.server, SUZUKI), { browser: deviceless });

    const problem = home.getByTestId('media-problem');
    await expect.poll(() => problem.getAttribute('data-problem'), { timeout: 15_000 }).toBe('not-found');
    const explanation = await problem.innerText();
    expect(explanation).toContain('カメラとマイクが使えません');
    expect(explanation).toContain('このままでも参加できます');

    await home.getByTestId('join-button').click();
    await expectCallState(home, 'connected');
    await expect.poll(() => home.getByTestId('mic-off-notice').innerText()).toContain('マイクが使えない');
    await expectMediaFlowing(home);
    await expect.poll(() => remoteVideoWidth(home), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await producerCount(home)).toBe(0);
    // The venue lists them (with their microphone shown as off) even though they send nothing.
    await expect.poll(() => venueTileOf(venue, '鈴木 よし子').getByTestId('muted-indicator').count()).toBe(1);
  });

  it('opening the same invite link on a second device explains ALREADY_JOINED, and the first device stays connected', async () => {
    const first = await harness.joinFromHome(YAMADA);

    const second = await harness.openPage(inviteUrl(harness.server, YAMADA));
    await second.getByTestId('join-button').click();
    const error = second.getByTestId('call-error');
    await expect.poll(() => error.locator('[data-error-code]').getAttribute('data-error-code'), { timeout: 20_000 }).toBe('ALREADY_JOINED');
    expect(await error.innerText()).toContain('ほかの端末で参加しています');
    expect(await callState(second)).toBe('error');

    expect(await callState(first)).toBe('connected');
    const room = await harness.server.rooms.find(harness.server.demo.sessionId);
    expect(room?.listPeers().map((p) => p.displayName)).toEqual(['山田 花子']);
  });

  it('tapping マイク shows the venue that the person is muted, and tapping it again removes the mark', async () => {
    const venue = await harness.joinAsVenue();
    const home = await harness.joinFromHome(SATO);
    const mutedMark = venueTileOf(venue, '佐藤 一郎').getByTestId('muted-indicator');
    const micButton = home.getByTestId('mic-button');
    await expect.poll(() => venueTileOf(venue, '佐藤 一郎').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => mutedMark.count()).toBe(0);

    await micButton.click();
    await expect.poll(() => micButton.getAttribute('data-state')).toBe('off');
    await expect.poll(() => mutedMark.count(), { timeout: 10_000 }).toBe(1);

    await micButton.click();
    await expect.poll(() => micButton.getAttribute('data-state')).toBe('on');
    await expect.poll(() => mutedMark.count(), { timeout: 10_000 }).toBe(0);
  });

  // Last: it ends the demo session for the rest of this file.
  it('when the host ends the gathering with 集まりを終える, the home page says the session has ended', async () => {
    const venue = await harness.joinAsVenue();
    const home = await harness.joinFromHome(YAMADA);

    await venue.getByTestId('end-session-button').click();
    await venue.getByTestId('confirm-ok').click();

    await expect.poll(() => home.getByTestId('session-ended').count(), { timeout: 15_000 }).toBe(1);
    expect(await home.getByTestId('session-ended').innerText()).toContain('今日の集まりは終わりました');
    expect(await callState(home)).toBe('ended');
    await expect.poll(() => venue.getByTestId('session-ended').count(), { timeout: 15_000 }).toBe(1);
  });
});
