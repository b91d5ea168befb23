import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { venueMembers } from '../../server/src/db/schema';
import { closeContexts, sharedChromium } from '../support/browser';
import { requireTestClientBuild } from '../support/clientBuild';
import { api } from '../support/http';
import { DEVICE_MATRIX, VENUE_DEVICES } from '../support/screenCheck';
import { startTestServer, type TestServer } from '../support/testServer';
import { freeUdpPort, killAllSipp, sipConfig, startSipp } from '../server/phone/sippHarness';
import { expectCallState, sessionCookie } from './callHarness';

/**
 * 「電話の方みんなに電話をかける」 on the venue tablet, in Chromium, with SIPp as the trunk: one phone answers and
 * joins, one is busy. The confirmation names how many; each person's line follows their call. At 360 px wide and
 * at the venue's sizes, the button, the confirmation and the people's lines stay on screen.
 */
let server: TestServer;
let browser: Browser;
let trunkPort: number;

beforeAll(async () => {
  trunkPort = await freeUdpPort();
  server = await startTestServer({
    clientDistDir: requireTestClientBuild(),
    sip: sipConfig({ rtpPortRange: { min: 41300, max: 41399 }, trunk: { host: '127.0.0.1', port: trunkPort, transport: 'udp' } }),
  });
  browser = await sharedChromium();
  const organiser = await server.login('organiser');
  const members = server.db.db.select().from(venueMembers).where(eq(venueMembers.venueId, 'ven_demo')).all();
  const [answers, busy] = members.map((m) => m.participantId).sort();
  for (const [participantId, number] of [
    [answers!, '090-3333-4444'],
    [busy!, '090-5555-6666'], // uas_answer_or_busy.xml is busy for this number
  ] as const) {
    const added = await api(server.url, 'POST', `/api/participants/${participantId}/phone/numbers`, {
      cookie: organiser,
      body: { number, label: 'mobile' },
    });
    expect(added.status).toBe(201);
  }
});
afterAll(async () => {
  killAllSipp();
  await closeContexts(browser);
  await server?.close();
});

async function openVenueRoster(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, hasTouch: true, locale: 'ja-JP' });
  await context.addCookies([sessionCookie(await server.login('host'), server.url)]);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => console.error(`[page error] venue: ${error.message}`));
  await page.goto(`${server.url}/venue/${server.demo.sessionId}`);
  await page.getByTestId('join-button').click();
  await expectCallState(page, 'connected');
  await page.getByTestId('roster-button').click();
  await page.getByTestId('phone-call-all').waitFor();
  return page;
}

/** What sticks out of the viewport sideways, or is too small to tap, among `testIds` (each scrolled into view). */
async function layoutProblems(page: Page, size: string, testIds: string[]): Promise<string[]> {
  const problems: string[] = [];
  const viewport = page.viewportSize()!;
  for (const testId of testIds) {
    const elements = await page.getByTestId(testId).all();
    if (elements.length === 0) problems.push(`${size}: no ${testId}`);
    for (const element of elements) {
      await element.scrollIntoViewIfNeeded();
      const box = await element.boundingBox();
      if (!box) {
        problems.push(`${size}: ${testId} not shown`);
        continue;
      }
      if (box.x < -0.5 || box.x + box.width > viewport.width + 0.5) problems.push(`${size}: ${testId} out of the screen sideways`);
      if (box.y < -0.5 || box.y + box.height > viewport.height + 0.5) problems.push(`${size}: ${testId} not fully on screen`);
      const tag = await element.evaluate((e) => e.tagName);
      if (tag === 'BUTTON' && box.height < 64) problems.push(`${size}: ${testId} is ${box.height} px tall, under 64`);
    }
  }
  return problems;
}

/** Each test's venue page leaves the call when the test ends, passed or not (one venue tablet at a time). */
const onClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of onClose.splice(0)) await close();
});

describe('「電話の方みんなに電話をかける」 on the venue tablet', () => {
  it('asks first naming two people, then one phone answers and joins (参加中) and the other shows 話し中でした', async () => {
    const page = await openVenueRoster(1024, 768);
    onClose.push(() => page.context().close());
    const callee = await startSipp({ scenario: 'uas_answer_or_busy.xml', port: trunkPort, calls: 2, timeoutSeconds: 60 });
    await page.getByTestId('phone-call-all').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect.poll(() => dialog.locator('#confirm-title').innerText()).toBe('2人に電話をかけますか？');
    await dialog.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('phone-call-all-summary').innerText()).toBe('2人に電話をかけています。');
    await expect
      .poll(() => page.getByTestId('phone-call-out-person').allInnerTexts(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/呼び出し中/)]));
    await expect
      .poll(() => page.getByTestId('phone-call-out-person').allInnerTexts(), { timeout: 30_000, interval: 500 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/参加中/), expect.stringMatching(/話し中でした/)]));
    // Both were called: the button has nobody left but the busy one.
    await expect.poll(() => page.getByTestId('phone-call-all').isDisabled()).toBe(false);

    const room = (await server.rooms.find(server.demo.sessionId))!;
    for (const peer of room.listPeers().filter((p) => p.kind === 'phone')) room.removePeer(peer, 'removed');
    expect((await callee.done).code).toBe(0);
  }, 90_000);

  it('the button, the confirmation and each person’s line stay on screen at 360 px wide and at the venue’s sizes', async () => {
    const devices = [DEVICE_MATRIX.find((d) => d.name === 'phone-360x640')!, ...VENUE_DEVICES];
    const page = await openVenueRoster(devices[0]!.width, devices[0]!.height);
    onClose.push(() => page.context().close());
    const problems: string[] = [];
    for (const device of devices) {
      await page.setViewportSize({ width: device.width, height: device.height });
      problems.push(...(await layoutProblems(page, device.name, ['phone-call-all', 'phone-call-out-person', 'phone-call-out-button'])));
      await page.getByTestId('phone-call-all').click();
      await page.getByTestId('confirm-dialog').waitFor();
      const shots = process.env.KAYOI_SCREENSHOTS_DIR; // as the screen checks do: a picture of each size to look at
      if (shots) await page.screenshot({ path: path.join(shots, `venue-phone-call-all--${device.name}.png`) });
      problems.push(...(await layoutProblems(page, `${device.name} (asking)`, ['confirm-ok', 'confirm-cancel'])));
      await page.getByTestId('confirm-cancel').click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    }
    expect(problems).toEqual([]);
  }, 90_000);
});
