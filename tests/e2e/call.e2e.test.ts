import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectMediaFlowing, launchChromium, remoteVideoWidth } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';

const CLIENT_DIST = path.join('dist', 'client');

let server: TestServer;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(CLIENT_DIST, 'index.html'))) {
    throw new Error('The client is not built: run `npm run build` first (`npm test` does).');
  }
  server = await startTestServer({ clientDistDir: CLIENT_DIST });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
  await new Promise((resolve) => setTimeout(resolve, 200));
});

async function openPage(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${url}: ${error.message}`));
  pages.push(page);
  await page.goto(`${server.url}${url}`);
  return page;
}

async function joinAsVenue(): Promise<Page> {
  const page = await openPage(`/venue/${server.demo.sessionId}`);
  await page.getByTestId('join-button').click();
  await expect.poll(() => page.getByTestId('call-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
  return page;
}

async function joinFromHome(invite = 0): Promise<Page> {
  const page = await openPage(`/j/${server.demo.invites[invite]!.token}`);
  await page.getByTestId('join-button').click();
  await expect.poll(() => page.getByTestId('call-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
  return page;
}

describe('a hybrid call in real Chromium', () => {
  it('venue and home see and hear each other', async () => {
    const venue = await joinAsVenue();
    const home = await joinFromHome(0);

    await expectMediaFlowing(home);
    await expectMediaFlowing(venue);
    await expect.poll(() => remoteVideoWidth(home), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => remoteVideoWidth(venue), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(venue.getByText('山田 花子').first().isVisible()).resolves.toBe(true);
  });

  it('reconnects by itself when the home side loses its connection, and media flows again', async () => {
    const venue = await joinAsVenue();
    const home = await joinFromHome(1);
    await expectMediaFlowing(home);

    // Drop the signalling connection as a flaky home Wi-Fi would: the server then loses the peer.
    await home.evaluate(() => {
      const client = (window as unknown as { __kayoi: { client: { socket: { io: { engine: { close(): void } } } } } }).__kayoi.client;
      client.socket.io.engine.close();
    });
    await expect.poll(() => home.getByTestId('call-status').getAttribute('data-state'), { timeout: 5_000 }).toBe('reconnecting');
    await expect.poll(() => home.getByTestId('call-status').getAttribute('data-state'), { timeout: 30_000 }).toBe('connected');

    await expectMediaFlowing(home);
    await expectMediaFlowing(venue);
    await expect.poll(() => remoteVideoWidth(home), { timeout: 20_000 }).toBeGreaterThan(0);
    const room = await server.rooms.find(server.demo.sessionId);
    expect(room?.listPeers().map((p) => p.displayName).sort()).toEqual(['さくら町 公民館', '佐藤 一郎'].sort());
  });

  it('shows a plain explanation for an unknown link', async () => {
    const page = await openPage('/j/this-link-does-not-exist-anymore');
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).toContain('世話役');
  });
});
