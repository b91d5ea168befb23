import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CaptionLink } from '@shared/captions/schemas';
import { DEMO_VENUE_ID } from '../../server/src/demo/seed';
import { api } from '../support/http';
import { settleLayout } from '../support/screenCheck';
import { expectCallState, joinHomeReady, sessionCookie, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

/** Waits (up to 10 s) for a value from the pages. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000 });

/** A caption link for the demo session's venue, made by the host; the writer's page opened with it. */
async function openWriterPage(): Promise<Page> {
  const { status, body } = await api<CaptionLink>(
    harness.server.url,
    'POST',
    `/api/venue-sessions/${harness.server.demo.sessionId}/caption-links`,
    {
      cookie: await harness.server.login('host'),
      body: { hours: 2 },
    },
  );
  expect(status).toBe(201);
  const writer = await harness.openPage(new URL(body.url!).pathname);
  await writer.getByTestId('caption-input').waitFor({ timeout: 10_000 });
  return writer;
}

async function type(writer: Page, text: string): Promise<void> {
  await writer.getByTestId('caption-input').fill(text);
  await writer.getByTestId('caption-input').press('Enter');
  await poll(() => writer.getByTestId('caption-input').inputValue()).toBe('');
}

const lineTexts = (page: Page) => page.getByTestId('caption-line').allInnerTexts();

/** The captions' font size (px), and whether the band overlaps any video on the page. */
function bandLayout(page: Page): Promise<{ fontSize: number; overlapsVideo: boolean; bottom: number; viewport: number }> {
  return page.evaluate(() => {
    const band = document.querySelector('[data-testid="caption-band"]')!.getBoundingClientRect();
    const line = document.querySelector('[data-testid="caption-line"]')!;
    const overlapsVideo = [...document.querySelectorAll('video')].some((video) => {
      const r = video.getBoundingClientRect();
      return r.width > 0 && r.left < band.right && band.left < r.right && r.top < band.bottom && band.top < r.bottom;
    });
    return { fontSize: parseFloat(getComputedStyle(line).fontSize), overlapsVideo, bottom: band.bottom, viewport: window.innerHeight };
  });
}

/** Screenshots for looking at the screens (npm run screenshots sets the folder); none otherwise. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.KAYOI_SCREENSHOTS_DIR;
  if (dir) await page.screenshot({ path: `${dir}/captions-${name}.png` });
}

/** The venue's sizes with a TV mirrored (tablets both ways, a laptop, the TV). */
const VENUE_SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 768, height: 1024 },
  { width: 1920, height: 1080 },
] as const;

/** What a side sheet leaves of the call: pictures it overlaps, and the pictures' shown area (px²). */
function sheetOverPictures(page: Page, sheet: string): Promise<{ covered: string[]; pictureArea: number; sheetArea: number }> {
  return page.evaluate((testId) => {
    const box = document.querySelector(`[data-testid="${testId}"] .sheet__box`)!.getBoundingClientRect();
    const pictures = [...document.querySelectorAll('[data-testid="remote-tile"], .venue-stage__self, [data-testid="caption-band"]')];
    const rects = pictures.map((picture) => ({
      name: picture.getAttribute('data-testid') ?? picture.className,
      r: picture.getBoundingClientRect(),
    }));
    const shown = rects.filter(({ r }) => r.width > 0 && r.height > 0);
    const covered = shown
      .filter(({ r }) => r.left < box.right - 0.5 && box.left < r.right - 0.5 && r.top < box.bottom - 0.5 && box.top < r.bottom - 0.5)
      .map(({ name }) => name);
    return {
      covered,
      pictureArea: shown.filter(({ name }) => name !== 'caption-band').reduce((sum, { r }) => sum + r.width * r.height, 0),
      sheetArea: box.width * box.height,
    };
  }, sheet);
}

describe('live captions in real Chromium', () => {
  it('the venue’s 字幕 button says オン / オフ and opens the captions beside the pictures, never over them, on tablets, a laptop and the TV', async () => {
    const venue = await harness.joinAsVenue();
    const home = await joinHomeReady(harness, 0);
    for (const page of [venue, home]) page.setDefaultTimeout(10_000);
    await poll(() => venue.getByTestId('remote-tile').count()).toBe(1);
    const button = venue.getByTestId('captions-button');
    expect(await button.innerText()).toMatch(/字幕\s*オン/);

    await button.click();
    await venue.getByTestId('captions-sheet').waitFor();
    await venue.getByTestId('caption-input').fill('ようこそ');
    await venue.getByTestId('caption-input').press('Enter');
    await poll(() => lineTexts(home)).toContain('ようこそ');
    await poll(() => lineTexts(venue)).toContain('ようこそ');
    const problems: string[] = [];
    for (const size of VENUE_SIZES) {
      await venue.setViewportSize(size);
      await settleLayout(venue);
      const { covered, pictureArea, sheetArea } = await sheetOverPictures(venue, 'captions-sheet');
      if (covered.length > 0) problems.push(`${size.width}×${size.height}: the sheet covers ${covered.join(', ')}`);
      if (pictureArea < sheetArea / 3)
        problems.push(`${size.width}×${size.height}: pictures ${pictureArea} px² beside a sheet of ${sheetArea}`);
      const closeBox = await venue.getByTestId('captions-close').boundingBox();
      if (!closeBox || closeBox.height < 64 || closeBox.y + closeBox.height > size.height)
        problems.push(`${size.width}×${size.height}: 閉じる not a large target in view`);
      await screenshot(venue, `venue-sheet-${size.width}x${size.height}`);
    }
    expect(problems).toEqual([]);

    // Captions off for this screen (and so for the TV): the button says so, the band hides its lines, home keeps them.
    await venue.getByTestId('captions-shown-button').click();
    await poll(() => venue.getByTestId('caption-line').count()).toBe(0);
    expect(await button.innerText()).toMatch(/字幕\s*オフ/);
    expect(await home.getByTestId('caption-line').count()).toBeGreaterThan(0);
    await venue.keyboard.press('Escape');
    await poll(() => venue.getByTestId('captions-sheet').count()).toBe(0);
    await poll(() => venue.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('captions-button');

    // 機器 is a sheet beside the pictures too.
    await venue.setViewportSize({ width: 1024, height: 768 });
    await venue.getByTestId('devices-button').click();
    await venue.getByTestId('devices-sheet').waitFor();
    expect((await sheetOverPictures(venue, 'devices-sheet')).covered).toEqual([]);
    await screenshot(venue, 'venue-devices-1024x768');
    await venue.getByTestId('devices-close').click();
    await poll(() => venue.getByTestId('devices-sheet').count()).toBe(0);
  });

  it('staff make a caption link for today with its QR code; its writer’s line reaches the venue; stopped, the writer is refused', async () => {
    const venue = await harness.joinAsVenue();
    const staff = await harness.openPage(`/admin/venues/${DEMO_VENUE_ID}/captions`, { signedInAs: 'organiser' });
    for (const page of [venue, staff]) page.setDefaultTimeout(10_000);
    await staff.getByTestId('caption-link-make').click();
    await staff.getByTestId('caption-link-card').waitFor();
    expect(await staff.getByTestId('caption-link-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const url = await staff.getByTestId('caption-link-url').innerText();
    expect(url).toMatch(/\/c\/[\w-]+$/);
    await poll(() => staff.locator('[data-testid="caption-link"][data-state="working"]').count()).toBeGreaterThan(0);
    await screenshot(staff, 'staff-link');

    const writer = await harness.openPage(new URL(url).pathname);
    writer.setDefaultTimeout(10_000);
    await writer.getByTestId('caption-input').waitFor();
    await type(writer, 'リンクから書いています');
    await poll(() => lineTexts(venue)).toContain('リンクから書いています');

    await staff.getByTestId('caption-link-card-stop').click();
    await poll(() => staff.getByTestId('caption-link-card').count()).toBe(0);
    await poll(() => staff.locator('[data-testid="caption-link"][data-state="stopped"]').count()).toBeGreaterThan(0);
    await writer.getByTestId('caption-input').fill('止められた後');
    await writer.getByTestId('caption-input').press('Enter');
    await poll(() => writer.getByTestId('caption-error').innerText()).toContain('このリンクは使えません');
    expect(await lineTexts(venue)).not.toContain('止められた後');
  });

  it('a host finds the kept transcript on the captions page, saves it as CSV and deletes it', async () => {
    const venue = await harness.joinAsVenue();
    venue.setDefaultTimeout(10_000);
    await venue.getByTestId('captions-button').click();
    await venue.getByTestId('keep-transcript-button').click();
    await poll(() => venue.getByTestId('keep-transcript-button').getAttribute('aria-pressed')).toBe('true');
    await venue.getByTestId('caption-input').fill('記録に残る行');
    await venue.getByTestId('caption-input').press('Enter');
    await poll(() => lineTexts(venue)).toContain('記録に残る行');

    const host = await harness.openPage('/host', { signedInAs: 'host' });
    host.setDefaultTimeout(10_000);
    await host.getByTestId('caption-links-link').first().click();
    const row = host.locator(`[data-testid="caption-transcript"][data-session-id="${harness.server.demo.sessionId}"]`);
    await row.waitFor();
    const href = await row.getByTestId('caption-transcript-csv').getAttribute('href');
    const csv = await host.evaluate(async (path) => {
      const response = await fetch(path!);
      return { type: response.headers.get('content-type'), text: await response.text() };
    }, href);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.text).toContain('記録に残る行,入力');

    await row.getByTestId('caption-transcript-delete').click();
    await host.getByTestId('confirm-ok').click();
    await poll(() => row.count()).toBe(0);
    const after = await api<{ lines: unknown[] }>(
      harness.server.url,
      'GET',
      `/api/venue-sessions/${harness.server.demo.sessionId}/captions`,
      {
        cookie: await harness.server.login('host'),
      },
    );
    expect(after.body.lines).toEqual([]);
  });

  it('shows a caption link writer’s typed lines on the home and venue screens, large and below the pictures; 字幕 オフ hides them on one device', async () => {
    const venue = await harness.joinAsVenue();
    const home = await joinHomeReady(harness, 0);
    const writer = await openWriterPage();
    for (const page of [venue, home, writer]) page.setDefaultTimeout(10_000);

    await type(writer, 'はじめに体操をします');
    await type(writer, '椅子に座ったままで大丈夫です');
    for (const screen of [home, venue])
      await poll(() => lineTexts(screen)).toEqual(expect.arrayContaining(['はじめに体操をします', '椅子に座ったままで大丈夫です']));
    await poll(() => writer.getByTestId('caption-sent').innerText()).toContain('椅子に座ったままで大丈夫です');

    for (const [size, minimum] of [
      [{ width: 360, height: 740 }, 24],
      [{ width: 768, height: 1024 }, 32],
    ] as const) {
      await home.setViewportSize(size);
      const layout = await bandLayout(home);
      expect(layout.fontSize).toBeGreaterThanOrEqual(minimum);
      expect(layout.overlapsVideo).toBe(false);
      expect(layout.bottom).toBeLessThanOrEqual(layout.viewport);
      await screenshot(home, `home-${size.width}`);
    }
    await venue.setViewportSize({ width: 1280, height: 800 });
    expect(await bandLayout(venue)).toMatchObject({ overlapsVideo: false });
    expect((await bandLayout(venue)).fontSize).toBeGreaterThanOrEqual(32);
    await screenshot(venue, 'venue-1280');
    await writer.setViewportSize({ width: 360, height: 740 });
    await screenshot(writer, 'writer-360');

    await home.getByTestId('caption-toggle').click();
    await poll(() => home.getByTestId('caption-line').count()).toBe(0);
    expect(await home.evaluate(() => localStorage.getItem('kayoi.captionsShown'))).toBe('off');
    expect(await venue.getByTestId('caption-line').count()).toBeGreaterThan(0);
  });

  it('captions the venue microphone automatically through the Web Speech API (stubbed), marked 自動字幕; the writer’s correction replaces it everywhere', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      // Chromium here has no recognition service: a stub with the API's shape, driven by the test.
      await context.addInitScript(() => {
        class StubRecognition {
          lang = '';
          continuous = false;
          interimResults = false;
          onresult: ((event: unknown) => void) | null = null;
          onend: (() => void) | null = null;
          onerror: ((event: unknown) => void) | null = null;
          start() {
            (window as unknown as { __speech: StubRecognition }).__speech = this;
          }
          stop() {
            (window as unknown as { __speech?: StubRecognition }).__speech = undefined;
          }
        }
        const scope = window as unknown as { SpeechRecognition: unknown; webkitSpeechRecognition: unknown };
        scope.SpeechRecognition = StubRecognition;
        scope.webkitSpeechRecognition = StubRecognition;
      });
      await context.addCookies([sessionCookie(await harness.server.login('host'), harness.server.url)]);
      const venue = await context.newPage();
      await venue.goto(`${harness.server.url}/venue/${harness.server.demo.sessionId}`);
      await venue.getByTestId('join-button').click();
      await expectCallState(venue, 'connected');
      const home = await joinHomeReady(harness, 1);
      const writer = await openWriterPage();
      for (const page of [venue, home, writer]) page.setDefaultTimeout(10_000);

      await venue.getByTestId('captions-button').click();
      await venue.getByTestId('auto-captions-button').click();
      const settings = await venue.evaluate(() => {
        const speech = (window as unknown as { __speech?: { lang: string; continuous: boolean; interimResults: boolean } }).__speech;
        return speech && { lang: speech.lang, continuous: speech.continuous, interimResults: speech.interimResults };
      });
      expect(settings).toEqual({ lang: 'ja-JP', continuous: true, interimResults: true });

      const hear = (transcript: string, isFinal: boolean) =>
        venue.evaluate(
          ([text, final]) => {
            const speech = (window as unknown as { __speech: { onresult: (event: unknown) => void } }).__speech;
            speech.onresult({ resultIndex: 0, results: [{ isFinal: final, 0: { transcript: text } }] });
          },
          [transcript, isFinal] as const,
        );
      await hear('きょうはたいそうを', false);
      await poll(() => home.getByTestId('caption-interim').innerText()).toContain('きょうはたいそうを');
      await hear('きょうは体操をしましょう', true);
      const autoLine = home.locator('[data-testid="caption-line"][data-source="auto"]', { hasText: 'きょうは体操をしましょう' });
      await poll(() => autoLine.count()).toBe(1);
      expect(await autoLine.innerText()).toContain('自動字幕');
      await screenshot(home, 'home-auto');

      await poll(() => writer.getByTestId('caption-sent').innerText()).toContain('きょうは体操をしましょう');
      await writer.getByTestId('caption-fix').first().click();
      expect(await writer.getByTestId('caption-input').inputValue()).toBe('きょうは体操をしましょう');
      await type(writer, '今日は体操をしましょう');
      const corrected = home.locator('[data-testid="caption-line"][data-source="typed"]', { hasText: '今日は体操をしましょう' });
      await poll(() => corrected.count()).toBe(1);
      await poll(() => autoLine.count()).toBe(0);
      await poll(() => venue.locator('[data-testid="caption-line"]', { hasText: '今日は体操をしましょう' }).count()).toBe(1);
      await screenshot(venue, 'venue-sheet');
    } finally {
      await context.close();
    }
  });
});
