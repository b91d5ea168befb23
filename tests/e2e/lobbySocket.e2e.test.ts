import { describe, expect, it } from 'vitest';
import { expectCallState, inviteUrl, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

/**
 * The server closes a signalling socket that has not joined within 10 s (README: the socket edge). An older adult may
 * sit in the lobby for minutes, so the page must not open its socket there: it connects when 参加する is tapped.
 */
describe('the home page’s signalling socket', () => {
  it('is not opened while the lobby is shown; 参加する opens it and joins', async () => {
    const page = await harness.openPage(inviteUrl(harness.server, 0));
    const socketRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/socket.io/')) socketRequests.push(request.url());
    });
    page.on('websocket', (socket) => socketRequests.push(socket.url()));
    await expect.poll(() => page.getByTestId('join-button').count()).toBe(1);
    await page.waitForTimeout(1_500); // the camera preview and the lobby settle; nothing may connect meanwhile
    expect(socketRequests).toEqual([]);

    await page.getByTestId('join-button').click();
    await expectCallState(page, 'connected');
    expect(socketRequests.length).toBeGreaterThan(0);
  });
});
