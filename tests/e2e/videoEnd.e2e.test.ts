import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VIDEO_DUCK_VOLUME } from '../../client/src/features/program/live/stage';
import { videoHasEnded } from '@shared/program/videoSync';
import { joinHomeReady, setUpCallHarness } from './callHarness';
import { EXERCISE_VIDEO_SEC, uploadExerciseVideo } from '../support/exerciseVideo';

const harness = setUpCallHarness();

/** The player's own state on a page: where it is, whether it plays, and what the page shows about the end. */
function player(page: Page): Promise<{ currentTime: number; paused: boolean; ended: string | null } | null> {
  return page.evaluate(() => {
    const element = document.querySelector<HTMLVideoElement>('video[data-testid="synced-video"]');
    return element ? { currentTime: element.currentTime, paused: element.paused, ended: element.getAttribute('data-ended') } : null;
  });
}

/** The volume each remote voice plays at (the `<audio>` element's own volume). */
function voiceVolumes(page: Page): Promise<number[]> {
  return page.locator('[data-kayoi-audio]').evaluateAll((elements) => elements.map((element) => (element as HTMLAudioElement).volume));
}

function liveVideo() {
  const session = harness.server.live.find(harness.server.demo.sessionId);
  if (!session) throw new Error('no live program for the demo session');
  return session.viewFor('venue').video;
}

async function tapHost(venue: Page, testId: string): Promise<void> {
  await venue.getByTestId(testId).click({ timeout: 10_000 });
}

/** ▶ (or もう一度): the host panel folds so the video is the largest thing; the host opens the video tab again. */
async function playAndReopen(venue: Page): Promise<void> {
  await tapHost(venue, 'video-play');
  await expect.poll(() => venue.getByTestId('video-forward').isVisible()).toBe(false);
  await tapHost(venue, 'host-tab-video');
}

/** Every player stands still at `atSec` (within a second) and its page says the video has ended. */
async function expectEndedEverywhere(pages: Page[]): Promise<void> {
  for (const page of pages) {
    await expect.poll(() => player(page), { timeout: 10_000 }).toMatchObject({ paused: true, ended: 'true' });
    expect((await player(page))!.currentTime).toBeGreaterThan(EXERCISE_VIDEO_SEC - 1);
  }
}

async function expectPlayingEverywhere(pages: Page[], fromSec: number, toSec: number): Promise<void> {
  for (const page of pages)
    await expect
      .poll(() => player(page), { timeout: 10_000 })
      .toMatchObject({ paused: false, ended: 'false', currentTime: expect.toSatisfy((sec: number) => sec >= fromSec && sec < toSec) });
}

describe('the end of the exercise video', () => {
  it('ends playback on every screen by itself: voices back to full volume, the host offered もう一度, and seek or play after the end work', async () => {
    const video = await uploadExerciseVideo(harness.server);
    const venue = await harness.joinAsVenue();
    const home = await joinHomeReady(harness, 0);
    const pages = [venue, home];

    await tapHost(venue, 'host-tab-video');
    await venue.locator(`[data-testid="video-pick"][data-video-id="${video.id}"]`).click();
    await playAndReopen(venue);
    // The venue's player told the server the file's length.
    await expect.poll(() => liveVideo()?.durationSec, { timeout: 10_000 }).toBeCloseTo(EXERCISE_VIDEO_SEC, 0);
    for (const page of pages) await expect.poll(() => voiceVolumes(page), { timeout: 10_000 }).toEqual([VIDEO_DUCK_VOLUME]);
    // Most of the way to the end, so the test does not wait 20 s.
    await tapHost(venue, 'video-forward');
    await expect.poll(() => liveVideo()?.positionSec ?? 0).toBeGreaterThanOrEqual(10);

    // Nobody taps anything: the video reaches its end.
    await expect.poll(() => liveVideo(), { timeout: 15_000 }).toMatchObject({ playing: false });
    expect(videoHasEnded(liveVideo()!)).toBe(true);
    await expectEndedEverywhere(pages);
    for (const page of pages) await expect.poll(() => voiceVolumes(page), { timeout: 10_000 }).toEqual([1]);
    await expect.poll(() => venue.getByTestId('video-status').getAttribute('data-ended')).toBe('true');
    await expect.poll(() => venue.getByTestId('video-status').innerText()).toContain('おわりました');
    const again = venue.getByTestId('video-play');
    expect(await again.isEnabled()).toBe(true);
    expect(await again.innerText()).toContain('もう一度');
    expect(await venue.getByTestId('video-close').isEnabled()).toBe(true);

    // もう一度: from the start on every screen, voices lowered under it again.
    await playAndReopen(venue);
    await expectPlayingEverywhere(pages, 0, 6);
    for (const page of pages) await expect.poll(() => voiceVolumes(page), { timeout: 10_000 }).toEqual([VIDEO_DUCK_VOLUME]);

    // Past the end with +10 twice: it ends at once; then 10秒もどる and ▶ play on from there.
    await tapHost(venue, 'video-forward');
    await tapHost(venue, 'video-forward');
    await expect.poll(() => liveVideo(), { timeout: 10_000 }).toMatchObject({ playing: false, positionSec: liveVideo()?.durationSec });
    await expectEndedEverywhere(pages);
    await tapHost(venue, 'video-back');
    await expect.poll(() => liveVideo(), { timeout: 10_000 }).toMatchObject({ playing: false, positionSec: expect.closeTo(10, 0) });
    for (const page of pages)
      await expect
        .poll(() => player(page), { timeout: 10_000 })
        .toMatchObject({ paused: true, ended: 'false', currentTime: expect.closeTo(10, 0) });
    await tapHost(venue, 'video-play');
    await expectPlayingEverywhere(pages, 9, EXERCISE_VIDEO_SEC);
  });
});
