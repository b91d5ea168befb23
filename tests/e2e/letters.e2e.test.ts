import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Letter, LetterLinkList, LetterMessage } from '@shared/letters/schemas';
import type { ExerciseVideo } from '@shared/program/videos';
import { LETTER_LIMITS } from '@shared/limits';
import { letterLinks, letters, participants } from '../../server/src/db/schema';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_ID } from '../../server/src/demo/seed';
import { closeContexts, sharedChromium } from '../support/browser';
import { requireTestClientBuild } from '../support/clientBuild';
import { checkScreen } from '../support/screenCheck';
import { makeTestVideo, probeSeconds } from '../support/letterMedia';
import { startTestServer, type TestServer } from '../support/testServer';

/** Where the screens are saved to be looked at (360×740 phone, 768×1024 tablet). */
const SHOTS = process.env.KAYOI_SCREENSHOTS ?? path.join(os.tmpdir(), 'kayoi-letters-shots');

let server: TestServer;
let browser: Browser;
let host: string;
let organiser: string;

beforeAll(async () => {
  server = await startTestServer({ clientDistDir: requireTestClientBuild() });
  browser = await sharedChromium();
  host = await server.login('host');
  organiser = await server.login('organiser');
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await closeContexts(browser);
  await server?.close();
});

async function api<T>(method: string, url: string, cookie: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * Records about two seconds with Chromium's fake camera on the participant's letter page and sends it; with
 * `retakeFirst`, the first take is thrown away with 撮り直す (nothing is uploaded) and a second one is sent.
 */
async function recordInBrowser(page: Page, token: string, shotName: string, problems: string[], retakeFirst = false): Promise<void> {
  await page.goto(`${server.url}/j/${token}/letter`);
  await page.getByTestId('consent-text').waitFor();
  problems.push(...(await checkScreen(page, { screen: `letter-consent-${shotName}`, primary: page.getByTestId('record-start') })));
  await page.screenshot({ path: path.join(SHOTS, `${shotName}-consent.png`), fullPage: true });
  for (let take = retakeFirst ? 2 : 1; take > 0; take--) {
    await page.getByTestId('record-start').click();
    await page.getByTestId('record-countdown').waitFor();
    await page.waitForTimeout(2000);
    await page.screenshot({ path: path.join(SHOTS, `${shotName}-recording.png`), fullPage: true });
    await page.getByTestId('record-stop').click();
    await page.getByTestId('record-preview').waitFor();
    await page.screenshot({ path: path.join(SHOTS, `${shotName}-preview.png`), fullPage: true });
    if (take > 1) {
      await page.getByTestId('record-discard').click();
      await page.getByTestId('consent-text').waitFor();
      expect(await page.getByTestId('record-preview').count()).toBe(0);
    }
  }
  await page.getByTestId('record-send').click();
  await page.getByTestId('record-sent').waitFor({ timeout: 30_000 });
}

describe('a video letter from the browser', () => {
  it('renders two recorded messages and a library video to an MP4 as long as its parts that plays from its link with one ▶', async () => {
    const [first, second] = server.demo.invites;
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, hasTouch: true });
    const tablet = await browser.newPage({ viewport: { width: 768, height: 1024 }, hasTouch: true });
    const problems: string[] = [];
    await recordInBrowser(phone, first!.token, 'phone', problems, true);
    await recordInBrowser(tablet, second!.token, 'tablet', problems);

    const { body: list } = await api<{ messages: LetterMessage[] }>('GET', `/api/venues/${DEMO_VENUE_ID}/letter-messages`, host);
    // Two sent, and the phone's first take, thrown away, never reached the server.
    expect(list.messages).toHaveLength(2);
    for (const message of list.messages) expect(message.durationMs).toBeGreaterThan(1000);

    const libraryFile = makeTestVideo(server.dataDir, 'exercise.mp4', { seconds: 2, format: 'mp4' });
    const uploaded = await fetch(`${server.url}/api/organisations/${DEMO_ORGANISATION_ID}/videos?title=${encodeURIComponent('体操')}`, {
      method: 'POST',
      headers: { cookie: organiser, 'content-type': 'video/mp4' },
      body: new Uint8Array(fs.readFileSync(libraryFile)),
    });
    const video = (await uploaded.json()) as ExerciseVideo;
    const [older, newer] = [...list.messages].reverse();
    const created = await api<Letter>('POST', `/api/venues/${DEMO_VENUE_ID}/letters`, host, {
      title: 'みなさんへ',
      parts: [
        { kind: 'message', messageId: older!.id },
        { kind: 'video', videoId: video.id },
        { kind: 'message', messageId: newer!.id },
      ],
    });
    expect((await api('POST', `/api/letters/${created.body.id}/render`, host)).status).toBe(200);

    // The staff page shows the render's progress, then the letter ready to share.
    const staff = await browser.newContext({ viewport: { width: 768, height: 1024 } });
    await staff.addCookies([{ name: host.split('=')[0]!, value: host.split('=').slice(1).join('='), url: server.url }]);
    const staffPage = await staff.newPage();
    await staffPage.goto(`${server.url}/admin/venues/${DEMO_VENUE_ID}/letters`);
    await expect
      .poll(() => staffPage.getByTestId('letter').first().getAttribute('data-status'), { timeout: 180_000, interval: 500 })
      .toBe('ready');
    await staffPage.screenshot({ path: path.join(SHOTS, 'staff-letters.png'), fullPage: true });

    const row = server.db.db.select().from(letters).where(eq(letters.id, created.body.id)).get()!;
    const rendered = path.join(server.dataDir, 'letters', row.fileName!);
    const parts = LETTER_LIMITS.titleCardSeconds + (older!.durationMs + newer!.durationMs) / 1000 + probeSeconds(libraryFile);
    expect(Math.abs(probeSeconds(rendered) - parts)).toBeLessThan(0.5);

    const third = server.db.db.select().from(participants).where(eq(participants.displayName, server.demo.invites[2]!.displayName)).get()!;
    const shared = await api<LetterLinkList>('POST', `/api/letters/${created.body.id}/links`, host, {
      participantIds: [third.id],
      venue: true,
    });
    expect(shared.status).toBe(201);
    const personal = shared.body.links.find((l) => l.participantId === third.id)!;
    for (const page of [phone, tablet]) {
      await page.goto(new URL(personal.url).pathname.replace(/^/, server.url));
      await page.getByTestId('letter-play').waitFor();
      problems.push(...(await checkScreen(page, { screen: 'letter-watch', primary: page.getByTestId('letter-play') })));
      await page.screenshot({ path: path.join(SHOTS, `watch-${page === phone ? 'phone' : 'tablet'}.png`), fullPage: true });
      await page.getByTestId('letter-play').click();
      await expect
        .poll(() => page.getByTestId('letter-video').evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 })
        .toBeGreaterThan(0);
    }
    expect((await api<Letter>('GET', `/api/letters/${created.body.id}`, host)).body.views).toBe(2);

    // An expired link shows a plain message instead of the letter.
    const token = personal.url.split('/l/')[1]!;
    server.db.db
      .update(letterLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(letterLinks.token, token))
      .run();
    await phone.goto(`${server.url}/l/${token}`);
    await phone.getByTestId('letter-gone').waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'watch-expired-phone.png'), fullPage: true });
    await staff.close();
    // Older adults' screens: text ≥ 24 px, targets ≥ 64 px, the one action on screen, nothing cut off (axe too).
    expect(problems).toEqual([]);
  }, 400_000);
});
