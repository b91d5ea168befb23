import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectMediaFlowing, closeContexts, sharedChromium, remoteVideoWidth } from '../support/browser';
import { requireTestClientBuild } from '../support/clientBuild';
import { findFreeTcpPort } from '../support/ports';
import { startTestServer, type TestServer } from '../support/testServer';
import { callState, expectCallState } from './callHarness';

/**
 * What a restart (systemd after a crash, or an update) does to a running gathering: the devices notice, say
 * 「つなぎ直しています」, and are back in the call by themselves once the server answers again on the same address.
 */
describe('a server restart during a gathering', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-restart-'));
  afterAll(async () => {
    await closeContexts(browser);
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the venue and a home participant rejoin by themselves, with media flowing again', async () => {
    const port = await findFreeTcpPort();
    const clientDistDir = requireTestClientBuild();
    server = await startTestServer({ port, clientDistDir, dataDir });
    const { demo } = server;
    browser = await sharedChromium();

    const venueContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const cookie = await server.login('host');
    const separator = cookie.indexOf('=');
    await venueContext.addCookies([{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: server.url }]);
    const venue = await venueContext.newPage();
    await venue.goto(`${server.url}/venue/${demo.sessionId}`);
    const home = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await home.goto(`${server.url}/j/${demo.invites[0]!.token}`);
    for (const page of [venue, home] as Page[]) {
      await page.getByTestId('join-button').click();
      await expectCallState(page, 'connected');
    }
    await expectMediaFlowing(home);

    await server.close();
    await expect.poll(() => callState(home), { timeout: 15_000 }).not.toBe('connected');
    server = await startTestServer({ port, clientDistDir, dataDir });

    await expectCallState(home, 'connected', 45_000);
    await expectCallState(venue, 'connected', 45_000);
    const room = await server.rooms.find(demo.sessionId);
    expect(
      room
        ?.listPeers()
        .map((p) => p.role)
        .sort(),
    ).toEqual(['home', 'venue']);
    await expectMediaFlowing(home);
    await expectMediaFlowing(venue);
    await expect.poll(() => remoteVideoWidth(home), { timeout: 20_000 }).toBeGreaterThan(0);
  });
});
