import { describe, expect, it } from 'vitest';
import { expectCallState, inviteUrl, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

/** The call engine's chunk, the home call screen's and the live program's (Vite names chunks after their module). */
const ENGINE_CHUNK = /\/assets\/CallClient-[\w-]+\.js$/;
const CALL_SCREEN_CHUNKS = [/\/assets\/HomeCallView-[\w-]+\.js$/, /\/assets\/live-[\w-]+\.js$/];

/**
 * Issue #15: the home page's first screen (the greeting) does not wait for the call engine; the engine and the call
 * screen download while the lobby shows, and the lobby opens its socket and loads the mediasoup Device
 * (`call:prepare`), so that 参加する goes straight to `call:join` on that socket.
 */
describe('the home page’s lobby', () => {
  it('has downloaded the call engine and screens, connected its socket and loaded the Device before 参加する; the join uses that socket', async () => {
    const page = await harness.openPage(inviteUrl(harness.server, 0));
    await page.getByTestId('join-button').waitFor();
    await expect
      .poll(() => page.evaluate(() => !!window.__kayoi && window.__kayoi.client.socket.connected && window.__kayoi.client.deviceLoaded), {
        timeout: 15_000,
      })
      .toBe(true);
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
    for (const chunk of [ENGINE_CHUNK, ...CALL_SCREEN_CHUNKS]) expect(scripts.filter((file) => chunk.test(file))).toHaveLength(1);
    expect(await page.evaluate(() => window.__kayoi!.client.getSnapshot().status)).toBe('idle');
    const lobbySocketId = await page.evaluate(() => window.__kayoi!.client.socket.id);

    await page.getByTestId('join-button').click();
    await expectCallState(page, 'connected');
    expect(await page.evaluate(() => window.__kayoi!.client.socket.id)).toBe(lobbySocketId);
  });

  it('greets before the call engine has arrived, and joins once it has', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const page = await context.newPage();
      let releaseEngine: () => void = () => undefined;
      const engineHeld = new Promise<void>((resolve) => (releaseEngine = resolve));
      await page.route(ENGINE_CHUNK, async (route) => {
        await engineHeld;
        await route.continue();
      });
      await page.goto(`${harness.server.url}${inviteUrl(harness.server, 1)}`);
      await page.getByTestId('join-lobby').waitFor();
      await page.getByTestId('join-button').waitFor();
      expect(await page.evaluate(() => window.__kayoi === undefined)).toBe(true);

      await page.getByTestId('join-button').click(); // pressed before the engine came: it joins when it does
      releaseEngine();
      await expectCallState(page, 'connected');
    } finally {
      await context.close();
    }
  });
});
