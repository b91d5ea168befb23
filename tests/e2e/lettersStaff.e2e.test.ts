import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ExerciseVideo } from '@shared/program/videos';
import { LETTER_LIMITS } from '@shared/limits';
import { letterMessages, letters, organisations } from '../../server/src/db/schema';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_ID } from '../../server/src/demo/seed';
import { setUpCallHarness } from './callHarness';
import { makeTestVideo, probeSeconds } from '../support/letterMedia';
import { recordVenueMessage } from '../support/readyLetter';

const harness = setUpCallHarness();
const SHOTS = process.env.KAYOI_SCREENSHOTS ?? path.join(os.tmpdir(), 'kayoi-letters-shots');

/** What a letter row of the page shows while the test watches it: its status and, while rendering, the bar's value. */
async function rowState(row: Locator): Promise<{ status: string | null; progress: number | null }> {
  const status = await row.getAttribute('data-status');
  const bar = row.getByTestId('letter-progress');
  const progress = (await bar.count()) > 0 ? await bar.evaluate((p: HTMLProgressElement) => p.value).catch(() => null) : null;
  return { status, progress };
}

describe('the staff letters page', () => {
  it('assembles a letter from messages, a library video and a title, reports a failed render, makes it on retry with a progress bar, shares it and prints its cards', async () => {
    const server = harness.server;
    const organiser = await server.login('organiser');
    const host = await server.login('host');
    const first = await recordVenueMessage(server, host, 3);
    const second = await recordVenueMessage(server, host, 3);
    const libraryFile = makeTestVideo(fs.mkdtempSync(path.join(server.dataDir, 'library-')), 'exercise.mp4', { seconds: 2, format: 'mp4' });
    const uploaded = await fetch(`${server.url}/api/organisations/${DEMO_ORGANISATION_ID}/videos?title=${encodeURIComponent('体操')}`, {
      method: 'POST',
      headers: { cookie: organiser, 'content-type': 'video/mp4' },
      body: new Uint8Array(fs.readFileSync(libraryFile)),
    });
    const video = (await uploaded.json()) as ExerciseVideo;

    const page = await harness.openPage(`/admin/venues/${DEMO_VENUE_ID}/letters`, { signedInAs: 'organiser' });
    await page.getByTestId('letter-message').nth(1).waitFor();

    // A message for the venue recorded on this page (Chromium's fake camera): sent, it is listed with the others.
    await page.getByTestId('record-from-venue').click();
    await page.getByTestId('record-start').click();
    await page.getByTestId('record-countdown').waitFor();
    await page.waitForTimeout(1500);
    await page.getByTestId('record-stop').click();
    await page.getByTestId('record-preview').waitFor();
    await page.getByTestId('record-send').click();
    await page.getByTestId('record-sent').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('letter-message').count(), { timeout: 10_000 }).toBe(3);
    // The messages are listed newest first (the one just recorded, then the two made before): the oldest one, the
    // library video, then the second.
    await page.getByTestId('add-message').nth(2).click();
    await page.getByTestId('video-choice').selectOption(video.id);
    await page.getByTestId('add-video').click();
    await page.getByTestId('add-message').nth(1).click();
    await page.getByTestId('letter-title').fill('みなさんへ');
    expect(await page.getByTestId('letter-parts').locator('li').count()).toBe(3);
    await page.getByTestId('save-letter').click();
    const row = page.getByTestId('letter').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('draft');
    const letterId = server.db.db.select().from(letters).get()!.id;
    expect(server.db.db.select().from(letters).get()!.parts).toEqual([
      { kind: 'message', messageId: first.id },
      { kind: 'video', videoId: video.id },
      { kind: 'message', messageId: second.id },
    ]);

    // The first message's file is damaged on the disk: the render fails, and the page says so and offers to retry.
    const stored = path.join(
      server.dataDir,
      'letters',
      server.db.db.select().from(letterMessages).where(eq(letterMessages.id, first.id)).get()!.fileName,
    );
    const original = fs.readFileSync(stored);
    fs.writeFileSync(stored, 'not a recording any more');
    await row.getByTestId('render-letter').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('failed');
    // Plain Japanese naming the part (the first message is the letter's first part), without ffmpeg's English.
    expect(await row.getByRole('alert').innerText()).toContain(
      '作れませんでした。1番目のメッセージが、再生できる動画ではありません。直すか外してから、もう一度作ってください。',
    );
    expect(await row.getByTestId('render-letter').innerText()).toBe('もう一度作る');
    await page.screenshot({ path: path.join(SHOTS, 'staff-letter-failed.png'), fullPage: true });

    fs.writeFileSync(stored, original);
    await row.getByTestId('render-letter').click();
    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          const state = await rowState(row);
          if (state.progress !== null) seen.push(state.progress);
          return state.status;
        },
        { timeout: 180_000, interval: 200 },
      )
      .toBe('ready');
    // The bar was on screen and moved before the letter was done.
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeGreaterThan(0);
    expect(await row.getByTestId('letter-status').innerText()).toBe('できました');
    const rendered = path.join(server.dataDir, 'letters', server.db.db.select().from(letters).get()!.fileName!);
    const expected = LETTER_LIMITS.titleCardSeconds + (first.durationMs + second.durationMs) / 1000 + probeSeconds(libraryFile);
    expect(Math.abs(probeSeconds(rendered) - expected)).toBeLessThan(0.5);

    // Links for one person and the venue's screen, then their printed cards.
    await row.getByTestId('share-person').first().check();
    await row.getByTestId('share-letter').click();
    await row.getByTestId('letter-cards-link').waitFor();
    expect(await row.getByTestId('letter-on-tv').getAttribute('href')).toMatch(/^\/l\//);
    await page.screenshot({ path: path.join(SHOTS, 'staff-letter-ready.png'), fullPage: true });
    await row.getByTestId('letter-cards-link').click();
    await page.getByTestId('letter-cards-page').waitFor();
    await expect.poll(() => page.getByTestId('letter-card').count()).toBe(2);
    expect(await page.getByTestId('letter-card').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('みなさんへ'), expect.stringMatching(/さんへ/)]),
    );
    expect(await page.locator('.invite-card__qr').first().getAttribute('src')).toMatch(/^data:image\//);
    expect(page.url()).toContain(`/admin/letters/${letterId}/cards`);
    await page.screenshot({ path: path.join(SHOTS, 'staff-letter-cards.png'), fullPage: true });

    // The organiser sets how long messages and letters are kept.
    await page.goBack();
    await page.getByTestId('retention-days').fill('30');
    await page.getByTestId('retention-save').click();
    await page.getByText('保存しました。').waitFor();
    expect(server.db.db.select().from(organisations).where(eq(organisations.id, DEMO_ORGANISATION_ID)).get()!.letterRetentionDays).toBe(30);
  }, 400_000);
});
