import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeContexts, sharedChromium } from '../support/browser';
import { checkAcrossDevices, checkScreen, DEVICE_MATRIX } from '../support/screenCheck';

const PAGE_START = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>テスト</title>
<style>body { margin: 0; font: 24px sans-serif; color: #000; background: #fff; } button { font: inherit; min-height: 72px; min-width: 72px; }</style>
</head><body><main>`;

function html(body: string): string {
  return `${PAGE_START}${body}</main></body></html>`;
}

describe('the screen check', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await sharedChromium();
    page = await browser.newPage({ hasTouch: true, viewport: { width: 360, height: 640 } });
  });
  afterAll(async () => {
    await closeContexts(browser);
  });

  it('finds nothing on a plain screen with one large button, at every size of the matrix', async () => {
    await page.setContent(html('<h1>こんにちは</h1><button type="button">参加する</button>'));
    const problems = await checkAcrossDevices(page, { screen: 'plain', primary: page.getByRole('button') });
    expect(problems).toEqual([]);
  });

  it('reports a primary action below the fold, small text and a small target', async () => {
    await page.setViewportSize({ width: 360, height: 640 });
    await page.setContent(
      html(`<div style="height: 700px">上</div><p style="font-size: 16px">小さい字</p>
      <button type="button" style="min-height: 0; height: 40px">小</button><button type="button" id="go">参加する</button>`),
    );
    const problems = await checkScreen(page, { screen: 'below', primary: page.locator('#go') });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^below @ 360×640: the primary action 「参加する」 is not fully on screen/),
        expect.stringContaining('text under 24 px (16 px)'),
        expect.stringMatching(/target under 64 px \(\d+×40\)/),
      ]),
    );
  });

  it('reports a lone character on the last line, text spilling out of its box and text cut off', async () => {
    await page.setContent(
      html(`<p style="width: 200px">おつかれさまでした</p>
      <div style="width: 100px; white-space: nowrap">はみ出している文字</div>
      <div style="width: 100px; white-space: nowrap; overflow: hidden">切れている文字です</div>`),
    );
    const problems = await checkScreen(page, { screen: 'text' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('a line of 1 character in 2 lines: <p> 「おつかれさまでした」'),
        expect.stringContaining('text spills out of <div> 「はみ出している文字」'),
        expect.stringContaining('text cut off by <div> 「切れている文字です」'),
      ]),
    );
  });

  it('reports a tile and a button covered by an overlay that lets pointer events through', async () => {
    await page.setContent(
      html(`<figure style="margin: 0; width: 300px; height: 200px; background: #333"><figcaption style="color: #fff">佐藤 一郎</figcaption></figure>
      <button type="button" style="position: absolute; top: 300px; left: 0">押す</button>
      <div data-testid="hand" style="position: absolute; top: 50px; left: 50px; width: 300px; height: 300px; pointer-events: none; background: #ff0">手</div>`),
    );
    const problems = await checkScreen(page, { screen: 'covered' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the tile <figure> 「佐藤 一郎」 is covered by <div data-testid=hand>'),
        expect.stringContaining('<button> 「押す」 is covered by <div data-testid=hand>'),
      ]),
    );
  });

  it('reports a page wider than the phone and a serious accessibility violation', async () => {
    await page.setContent(
      html('<div style="width: 500px">横に長い</div><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="80" height="80">'),
    );
    const problems = await checkScreen(page, { screen: 'wide' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the page is 140 px wider than the screen'),
        expect.stringContaining('axe critical image-alt'),
      ]),
    );
  });

  it('measures only an open modal dialog, not the page behind it', async () => {
    await page.setContent(
      html(`<p style="font-size: 12px">うしろの小さい字</p>
      <div role="dialog" aria-modal="true" aria-label="確認" style="position: fixed; inset: 0; background: #fff">
        <p>体調はいかがですか</p><button type="button">元気</button></div>`),
    );
    expect(await checkScreen(page, { screen: 'modal' })).toEqual([]);
  });

  it('covers phones in both orientations, tablets, the iPad both ways and the TV', () => {
    const sizes = DEVICE_MATRIX.map((device) => `${device.width}×${device.height}`);
    expect(sizes).toEqual(
      expect.arrayContaining(['360×640', '640×360', '375×667', '390×844', '844×390', '800×1280', '768×1024', '1024×768', '1920×1080']),
    );
  });
});
