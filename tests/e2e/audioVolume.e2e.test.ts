import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FORCE_WEB_AUDIO_VOLUME_KEY } from '../../client/src/call/audio/volumePath';
import type { VoiceProbe } from '../../client/src/call/testHooks';
import { SPOTLIGHT_OTHERS_VOLUME, VIDEO_DUCK_VOLUME } from '../../client/src/features/program/live/stage';
import { declineCheckinIfAsked, expectCallState, inviteUrl, joinHomeReady, selfPeerId, setUpCallHarness } from './callHarness';
import { uploadExerciseVideo as uploadVideo } from '../support/exerciseVideo';

/*
 * iPad and iPhone Safari ignore `<audio>.volume`, so there a lowered voice goes through a Web Audio gain. Chromium
 * honours the element's volume; the test switch makes one home page take the Web Audio path, as an iPad would.
 */

const harness = setUpCallHarness();

/** How long a page listens at most for the fake microphone's beep through a voice's gain. */
const LISTEN_MS = 3000;

const uploadExerciseVideo = () => uploadVideo(harness.server);

/** Home participant `invite` joins with the Web Audio volume switch on (set before the page starts, as the switch is read once). */
async function joinHomeWithWebAudio(invite: number): Promise<Page> {
  const page = await harness.openPage(inviteUrl(harness.server, invite));
  await page.evaluate((key) => localStorage.setItem(key, '1'), FORCE_WEB_AUDIO_VOLUME_KEY);
  await page.reload();
  await page.getByTestId('join-button').click();
  await expectCallState(page, 'connected');
  await declineCheckinIfAsked(page);
  return page;
}

/** Each voice's gain on the Web Audio path, by peer id (empty on the element path). */
async function gains(page: Page): Promise<Record<string, number>> {
  const voices = await page.evaluate(() => window.__kayoiVoices?.() ?? []);
  return Object.fromEntries(voices.map((voice: VoiceProbe) => [voice.peerId, voice.gain]));
}

/** What the page meant each voice's volume to be (`data-volume`), by peer id. */
function meantVolumes(page: Page): Promise<Record<string, number>> {
  return page
    .locator('[data-kayoi-audio]')
    .evaluateAll((elements) =>
      Object.fromEntries(elements.map((e) => [e.getAttribute('data-peer-id') ?? '', Number(e.getAttribute('data-volume'))])),
    );
}

/** The `<audio>` elements' own state by peer id: they always play, muted while their voice goes through the gain. */
function elements(page: Page): Promise<Record<string, { muted: boolean; volume: number; paused: boolean }>> {
  return page.locator('[data-kayoi-audio]').evaluateAll((list) =>
    Object.fromEntries(
      list.map((e) => {
        const audio = e as HTMLAudioElement;
        return [e.getAttribute('data-peer-id') ?? '', { muted: audio.muted, volume: audio.volume, paused: audio.paused }];
      }),
    ),
  );
}

/**
 * The loudest sample each voice's gain put out (the fake microphone beeps now and then): listened to until each of
 * `peerIds` has been heard, or for a few seconds.
 */
function peakLevels(page: Page, peerIds: string[]): Promise<{ contextState: string; peaks: Record<string, number> }> {
  return page.evaluate(
    async ({ listenMs, heard }) => {
      const peaks: Record<string, number> = {};
      let contextState = 'none';
      const until = performance.now() + listenMs;
      while (performance.now() < until && !heard.every((peerId) => (peaks[peerId] ?? 0) > 0)) {
        for (const voice of window.__kayoiVoices?.() ?? []) {
          peaks[voice.peerId] = Math.max(peaks[voice.peerId] ?? 0, voice.level);
          contextState = voice.contextState;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return { contextState, peaks };
    },
    { listenMs: LISTEN_MS, heard: peerIds },
  );
}

/**
 * The page means `expected` (its `data-volume`): a voice at full volume plays through its unmuted element with
 * the gain at 0; a lowered one through the gain at that volume (an AudioParam holds a 32-bit float), its element muted.
 */
async function expectVolumes(page: Page, expected: Record<string, number>): Promise<void> {
  const asGain = Object.fromEntries(Object.entries(expected).map(([peerId, volume]) => [peerId, volume < 1 ? Math.fround(volume) : 0]));
  const asElement = Object.fromEntries(
    Object.entries(expected).map(([peerId, volume]) => [peerId, { muted: volume < 1, volume: 1, paused: false }]),
  );
  await expect.poll(() => gains(page), { timeout: 10_000 }).toEqual(asGain);
  await expect.poll(() => elements(page), { timeout: 10_000 }).toEqual(asElement);
  expect(await meantVolumes(page)).toEqual(expected);
}

/** Every voice is heard through its gain: the context runs and each gain's output carries sound. */
async function expectVoicesAudible(page: Page, peerIds: string[]): Promise<void> {
  const { contextState, peaks } = await peakLevels(page, peerIds);
  expect(contextState).toBe('running');
  for (const peerId of peerIds) expect(peaks[peerId], `level through ${peerId}'s gain`).toBeGreaterThan(0);
}

describe('call volumes on the Web Audio path (as on iPad/iPhone Safari)', () => {
  it('the gains follow the spotlight and the exercise video like the element volumes do, and the voices stay audible', async () => {
    const video = await uploadExerciseVideo();
    const venue = await harness.joinAsVenue();
    venue.setDefaultTimeout(10_000);
    const ipad = await joinHomeWithWebAudio(0);
    const other = await joinHomeReady(harness, 1);
    const venueId = await selfPeerId(venue);
    const otherId = await selfPeerId(other);

    // The gallery: everyone at full volume through the elements, as on any browser; nothing through the gains.
    await expectVolumes(ipad, { [venueId]: 1, [otherId]: 1 });
    // A page without the switch keeps the element's own volume and has no gains.
    expect(await gains(other)).toEqual({});
    expect(Object.values(await elements(other)).map((e) => e.muted)).toEqual([false, false]);

    // Spotlight on the venue: its voice stays full, the other home a little lower.
    await venue.locator('[data-testid="layout-choice"][data-value="spotlight"]').click();
    await expectVolumes(ipad, { [venueId]: 1, [otherId]: SPOTLIGHT_OTHERS_VOLUME });
    await expectVoicesAudible(ipad, [otherId]);
    await expect
      .poll(() => other.locator('[data-kayoi-audio]').evaluateAll((list) => list.map((e) => (e as HTMLAudioElement).volume).sort()))
      .toEqual([SPOTLIGHT_OTHERS_VOLUME, 1]);

    // The exercise video plays: every voice ducked, and still heard under it.
    await venue.getByTestId('host-tab-video').click();
    await venue.locator(`[data-testid="video-pick"][data-video-id="${video.id}"]`).click();
    await venue.getByTestId('video-play').click();
    await expectVolumes(ipad, { [venueId]: VIDEO_DUCK_VOLUME, [otherId]: VIDEO_DUCK_VOLUME });
    await expectVoicesAudible(ipad, [venueId]);

    // The video closes (the panel folded when it started playing): back to the spotlight's volumes.
    await venue.getByTestId('host-tab-video').click();
    await venue.getByTestId('video-close').click();
    await expectVolumes(ipad, { [venueId]: 1, [otherId]: SPOTLIGHT_OTHERS_VOLUME });
  });
});
