import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CaptionLink } from '@shared/captions/schemas';
import { api } from '../support/http';
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

describe('live captions in real Chromium', () => {
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

      await venue.getByTestId('devices-button').click();
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
