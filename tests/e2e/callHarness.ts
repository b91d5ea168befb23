import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, closeContexts, sharedChromium } from '../support/browser';
import { requireTestClientBuild } from '../support/clientBuild';
import { startTestServer, type TestServer } from '../support/testServer';

const JOIN_TIMEOUT_MS = 20_000;

/** What an e2e file needs: a real server, a Chromium with fake camera and microphone, and helpers to open pages. */
export interface CallHarness {
  readonly server: TestServer;
  readonly browser: Browser;
  /** Opens `url` (a path on the test server) in a fresh browser context, closed after the test. */
  openPage(url: string, options?: OpenOptions): Promise<Page>;
  /** The venue tablet, signed in as the demo host, presses はじめる and is connected. */
  joinAsVenue(): Promise<Page>;
  /** The home participant with demo invite `invite` presses 参加する and is connected. */
  joinFromHome(invite: number, browser?: Browser): Promise<Page>;
}

export interface OpenOptions {
  /** Another Chromium (one without a camera and microphone); by default the harness's own. */
  browser?: Browser;
  /** Sign the context in first, as the demo venue's host. */
  signedInAs?: 'host' | 'organiser';
}

/** The connection status the page shows (`data-state` of the status element). */
export function callState(page: Page): Promise<string | null> {
  return page.getByTestId('call-status').getAttribute('data-state');
}

export async function expectCallState(page: Page, state: string, timeout = JOIN_TIMEOUT_MS): Promise<void> {
  await expect.poll(() => callState(page), { timeout }).toBe(state);
}

/** A Chromium where getUserMedia finds no camera and no microphone (permission prompts are still answered). */
export function launchChromiumWithoutDevices(): Promise<Browser> {
  const args = CHROMIUM_ARGS.filter((arg) => arg !== '--use-fake-device-for-media-stream');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args });
}

/** Registers the hooks of an e2e file: one server for the file, the worker's browser, fresh pages for each test. */
export function setUpCallHarness(): CallHarness {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startTestServer({ clientDistDir: requireTestClientBuild() });
    browser = await sharedChromium();
  });
  afterAll(async () => {
    // The contexts its tests opened themselves too.
    await closeContexts(browser);
    await server?.close();
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.context().close()));
    if (server) await browserSocketsGone(server);
  });

  const harness: CallHarness = {
    get server() {
      if (!server) throw new Error('the test server is not started (beforeAll failed?)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not started (beforeAll failed?)');
      return browser;
    },
    async openPage(url, { browser: inBrowser = harness.browser, signedInAs } = {}) {
      const context = await inBrowser.newContext({ viewport: { width: 1024, height: 768 } });
      if (signedInAs) await context.addCookies([sessionCookie(await harness.server.login(signedInAs), harness.server.url)]);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[page error] ${url}: ${error.message}`));
      pages.push(page);
      await page.goto(`${harness.server.url}${url}`);
      return page;
    },
    async joinAsVenue() {
      return joinWithButton(await harness.openPage(`/venue/${harness.server.demo.sessionId}`, { signedInAs: 'host' }));
    },
    async joinFromHome(invite, inBrowser) {
      return joinWithButton(await harness.openPage(inviteUrl(harness.server, invite), { browser: inBrowser }));
    },
  };
  return harness;
}

/**
 * Waits until the server has seen every Chromium page's socket go (it leaves the call on that disconnect), so that the
 * next test's joins do not meet the last test's people; at most two seconds, as a socket the server never hears
 * closing is the next test's to find. The signalling clients of tests (Node, no user agent) are theirs to close.
 */
async function browserSocketsGone(server: TestServer): Promise<void> {
  const fromChromium = () =>
    [...server.io.of('/').sockets.values()].some((socket) => /Chrome/.test(socket.handshake.headers['user-agent'] ?? ''));
  const deadline = Date.now() + 2_000;
  while (fromChromium() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Someone who has consented is asked how they are at a calm moment after joining (the program's あいさつ, or a
 * minute in the call; at a venue that asks 'before-leave', on 退出), in a panel over the call: 「答えない」 gives
 * the call back (recorded as not answered). For tests that use the call's own buttons next.
 */
export async function declineCheckin(page: Page): Promise<void> {
  await page.getByTestId('checkin-decline').click({ timeout: 10_000 });
  await expect.poll(() => page.getByTestId('checkin-screen').count()).toBe(0);
}

export function inviteUrl(server: TestServer, invite: number): string {
  const token = server.demo.invites[invite]?.token;
  if (!token) throw new Error(`the demo has no invite #${invite}`);
  return `/j/${token}`;
}

/** A `Cookie` header value (`name=value`) as a cookie Chromium sends to `url`. */
export function sessionCookie(header: string, url: string): { name: string; value: string; url: string } {
  const separator = header.indexOf('=');
  return { name: header.slice(0, separator), value: header.slice(separator + 1), url };
}

async function joinWithButton(page: Page): Promise<Page> {
  await page.getByTestId('join-button').click();
  await expectCallState(page, 'connected');
  return page;
}

/**
 * Declines the check-in when it is in front of the call now. Right after joining it is not (the person sees the
 * room first), so this matters only for a test that has been in the call for a while or started the program.
 */
export async function declineCheckinIfAsked(page: Page): Promise<void> {
  if ((await page.getByTestId('checkin-screen').count()) > 0) await declineCheckin(page);
}

/** A home participant in the call with the call's own buttons usable (no check-in in front). */
export async function joinHomeReady(harness: CallHarness, invite: number): Promise<Page> {
  const page = await harness.joinFromHome(invite);
  await declineCheckinIfAsked(page);
  return page;
}

/** This page's own peer id in the call. */
export async function selfPeerId(page: Page): Promise<string> {
  const id = await page.evaluate(() => window.__kayoi?.client.getSnapshot().self?.id ?? null);
  if (!id) throw new Error(`${page.url()} is not in the call`);
  return id;
}
