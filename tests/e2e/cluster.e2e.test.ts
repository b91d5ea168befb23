import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMediaFlowing, closeContexts, sharedChromium } from '../support/browser';
import { requireTestClientBuild } from '../support/clientBuild';
import { startTestCluster, type ClusterTestNode, type TestCluster } from '../support/clusterNodes';
import { loginCookie } from '../support/testServer';
import { callState, expectCallState, sessionCookie } from './callHarness';

/**
 * Issue #17 part 6, in Chromium with real media: two node processes (one Redis, one shared database). Every page
 * enters through node b (as through a load balancer); the session is placed on node a, so the venue tablet and the
 * home move there (WRONG_NODE); a staff page stays on node b and sees the home's 困りごと live (through the socket.io
 * Redis adapter). Node a is killed: both devices are back in the call on node b within 10 s with media flowing, and
 * attendance keeps one row per person. One Chromium, one context per device.
 */
describe('a venue, a home and a staff page on two nodes, one of which dies', () => {
  let cluster: TestCluster;
  let nodeA: ClusterTestNode;
  let nodeB: ClusterTestNode;
  let browser: Browser;

  beforeAll(async () => {
    // The nodes serve the browser tests' client.
    cluster = await startTestCluster(['a', 'b'], undefined, { env: { CLIENT_DIST_DIR: requireTestClientBuild() } });
    [nodeA, nodeB] = cluster.nodes as [ClusterTestNode, ClusterTestNode];
    browser = await sharedChromium();
  }, 300_000);

  afterAll(async () => {
    await closeContexts(browser);
    await cluster?.stop();
  });

  async function openPage(path: string, signedInAs?: 'host' | 'organiser'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    if (signedInAs) {
      const account = cluster.demo.newAccounts.find((a) => a.role === signedInAs)!;
      await context.addCookies([sessionCookie(await loginCookie(nodeB.url, account.email, account.password), nodeB.url)]);
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${path}: ${error.message}`));
    await page.goto(`${nodeB.url}${path}`);
    return page;
  }

  /** The node the page's call socket is connected to now (its socket.io address). */
  const nodeOf = (page: Page) =>
    page.evaluate(() => {
      const socket = window.__kayoi?.client.socket;
      return socket?.connected ? (socket.io as unknown as { uri: string }).uri : null;
    });

  async function join(page: Page): Promise<void> {
    await page.getByTestId('join-button').click();
    await expectCallState(page, 'connected');
  }

  it('moves the devices to the session’s node, shows 困りごと on the other node’s staff page, and survives the node’s death', async () => {
    const { sessionId } = cluster.demo;
    const staff = await openPage('/host', 'organiser');
    await staff.getByTestId('host-today').first().waitFor();

    const venue = await openPage(`/venue/${sessionId}`, 'host');
    await join(venue);
    const home = await openPage(`/j/${cluster.demo.invites[1]!.token}`);
    await join(home);
    expect([await nodeOf(venue), await nodeOf(home)]).toEqual([nodeA.url, nodeA.url]);
    await expectMediaFlowing(venue, 20_000);
    await expectMediaFlowing(home, 20_000);

    // 困りごと pressed at home (on node a) reaches the staff page served by node b.
    const answer = await home.evaluate(
      async () =>
        (await window
          .__kayoi!.client.socket.timeout(10_000)
          .emitWithAck('checkin:submit', { answers: { mood: 'bad' }, trouble: true })) as {
          ok: boolean;
        },
    );
    expect(answer.ok).toBe(true);
    const banner = staff.getByTestId('staff-trouble').filter({ hasText: '佐藤 一郎' });
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.innerText()).toContain(`佐藤 一郎さん（${cluster.demo.venueName}）がお話ししたいそうです`);
    await expect
      .poll(() => staff.getByTestId('live-attendance-counts').first().textContent(), { timeout: 10_000 })
      .toContain('オンライン 1');

    // Node a crashes: both devices come back through node b and are placed there.
    nodeA.kill();
    const killedAt = Date.now();
    await expect
      .poll(async () => [await nodeOf(venue), await nodeOf(home)], { timeout: 10_000, interval: 100 })
      .toEqual([nodeB.url, nodeB.url]);
    await expect
      .poll(async () => [await callState(venue), await callState(home)], { timeout: 10_000, interval: 100 })
      .toEqual(['connected', 'connected']);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    await Promise.all([expectMediaFlowing(venue, 10_000), expectMediaFlowing(home, 10_000)]);
    console.info(`node a killed: both devices on node b with media flowing after ${Date.now() - killedAt} ms`);

    // Attendance: one row for the home's participant (the venue tablet has none), online, however many nodes served it.
    await expect.poll(() => cluster.attendanceRows(sessionId), { timeout: 10_000 }).toHaveLength(1);
    expect(await cluster.attendanceRows(sessionId)).toEqual([expect.objectContaining({ mode: 'online' })]);
    // The staff page on b still shows the request and the counts, now from node b.
    expect(await banner.count()).toBe(1);
    expect(await staff.getByTestId('live-attendance-counts').first().textContent()).toContain('オンライン 1');
  }, 180_000);
});
