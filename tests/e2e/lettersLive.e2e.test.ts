import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LETTER_LIMITS } from '@shared/limits';
import { letters } from '../../server/src/db/schema';
import { joinHomeReady, setUpCallHarness } from './callHarness';
import { makeReadyLetter } from '../support/readyLetter';

const harness = setUpCallHarness();
const SHOTS = process.env.KAYOI_SCREENSHOTS ?? path.join(os.tmpdir(), 'kayoi-letters-shots');
const MESSAGE_SEC = 4;

/** The synced player on a page: where it is, whether it plays, what the page says of its end. */
function player(page: Page): Promise<{ currentTime: number; paused: boolean; ended: string | null } | null> {
  return page.evaluate(() => {
    const element = document.querySelector<HTMLVideoElement>('video[data-testid="synced-video"]');
    return element ? { currentTime: element.currentTime, paused: element.paused, ended: element.getAttribute('data-ended') } : null;
  });
}

describe('a video letter at the gathering', () => {
  it('the host picks a finished letter of the venue and ▶ plays it on the venue screen and at home together, to its end; leaving, the home is offered to record a message', async () => {
    const letter = await makeReadyLetter(harness.server, await harness.server.login('host'), 'みなさんへ', MESSAGE_SEC);
    const venue = await harness.joinAsVenue();
    const home = await joinHomeReady(harness, 0);

    await venue.getByTestId('host-tab-video').click();
    const pick = venue.locator(`[data-testid="letter-pick"][data-letter-id="${letter.id}"]`);
    await pick.click();
    expect(await pick.getAttribute('aria-checked')).toBe('true');
    await venue.screenshot({ path: path.join(SHOTS, 'venue-letter-pick.png') });
    await venue.getByTestId('video-play').click();

    for (const page of [venue, home]) {
      await expect.poll(() => player(page), { timeout: 15_000 }).toMatchObject({ paused: false, ended: 'false' });
      await expect.poll(async () => (await player(page))?.currentTime ?? 0, { timeout: 10_000 }).toBeGreaterThan(0.5);
      expect(await page.locator('figure.synced-video figcaption').innerText()).toBe('ビデオレター：みなさんへ');
    }
    await home.screenshot({ path: path.join(SHOTS, 'home-letter-playing.png') });

    // The server ends it for everyone at the letter's length (the title card and the message).
    const length = LETTER_LIMITS.titleCardSeconds + MESSAGE_SEC;
    for (const page of [venue, home]) {
      await expect.poll(() => player(page), { timeout: 20_000 }).toMatchObject({ paused: true, ended: 'true' });
      expect((await player(page))!.currentTime).toBeGreaterThan(length - 1);
    }
    expect(harness.server.db.db.select().from(letters).where(eq(letters.id, letter.id)).get()!.views).toBe(1);

    // Leaving, the home participant is offered a message for those who could not come: it opens the recorder.
    await home.getByTestId('leave-button').click();
    await home.getByTestId('record-letter-link').click();
    await home.getByTestId('consent-text').waitFor();
    expect(new URL(home.url()).pathname).toMatch(/^\/j\/[^/]+\/letter$/);
    expect(await home.getByTestId('record-start').isVisible()).toBe(true);
  }, 180_000);
});
