import { describe, expect, it } from 'vitest';
import { roundTripsToFirstFrame, type SocketFrame } from '../support/roundTrips';
import { inviteUrl, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

/**
 * Put in the joining page before its scripts: every text frame of its WebSockets (sent and received), the click on
 * 参加する and the first remote video frame (requestVideoFrameCallback on the remote tiles), all on performance.now().
 * A string, so that nothing the test's compiler adds to functions reaches the page.
 */
const RECORDER = `
(() => {
  const log = { click: null, firstFrame: null, frames: [] };
  window.__roundTrips = log;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string') log.frames.push({ out: false, data: event.data, at: performance.now() });
      });
    }
    send(data) {
      if (typeof data === 'string') log.frames.push({ out: true, data, at: performance.now() });
      return super.send(data);
    }
  };
  document.addEventListener('click', (event) => {
    if (log.click === null && event.target instanceof Element && event.target.closest('[data-testid="join-button"]')) log.click = event.timeStamp;
  }, true);
  const watched = new WeakSet();
  new MutationObserver(() => {
    for (const video of document.querySelectorAll('[data-testid="remote-video"]')) {
      if (watched.has(video)) continue;
      watched.add(video);
      video.requestVideoFrameCallback((now, metadata) => {
        if (log.firstFrame === null) log.firstFrame = metadata.receiveTime ?? metadata.presentationTime ?? now;
      });
    }
  }).observe(document, { subtree: true, childList: true });
})();
`;

interface Recorded {
  click: number | null;
  firstFrame: number | null;
  frames: SocketFrame[];
}

/**
 * Issue #15, part 3: after 参加する, the first remote picture needs at most 4 signalling round trips one after
 * another (call:join answered with both transports; call:ready, answered by consumer offers; the receive
 * transport's DTLS connect; the acknowledgement that lets the server resume the consumers).
 */
describe('joining from the lobby', () => {
  it('shows the first remote picture after at most 4 sequential round trips from the click, creating no transport by request', async () => {
    const sender = await harness.joinFromHome(1);
    await expect.poll(() => sender.evaluate(() => window.__kayoi?.client.producers.has('camera') ?? false), { timeout: 15_000 }).toBe(true);

    const context = await harness.browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      await context.addInitScript({ content: RECORDER });
      const page = await context.newPage();
      await page.goto(`${harness.server.url}${inviteUrl(harness.server, 0)}`);
      await page.getByTestId('join-button').waitFor();
      // The lobby is ready as a person finds it: socket on its WebSocket, Device loaded, microphone and camera on.
      await expect
        .poll(
          () =>
            page.evaluate(() => {
              const client = window.__kayoi?.client;
              const snapshot = client?.getSnapshot();
              return (
                !!client?.deviceLoaded &&
                client.socket.connected &&
                client.socket.io.engine.transport.name === 'websocket' &&
                !!snapshot?.mic.track &&
                !!snapshot.camera.track
              );
            }),
          { timeout: 15_000 },
        )
        .toBe(true);

      await page.getByTestId('join-button').click();
      const recorded = await page
        .waitForFunction(() => (window as unknown as { __roundTrips: Recorded }).__roundTrips.firstFrame !== null, undefined, {
          timeout: 20_000,
        })
        .then(() => page.evaluate(() => (window as unknown as { __roundTrips: Recorded }).__roundTrips));

      const afterClick = recorded.frames.filter((frame) => frame.at >= recorded.click!);
      const { count, path } = roundTripsToFirstFrame(afterClick, recorded.firstFrame!);
      expect(count, path.join(', ')).toBeLessThanOrEqual(4);
      expect(path[0]).toBe('call:join @0');
      expect(path).toContain('call:ready @1');
      expect(afterClick.filter((frame) => frame.out && frame.data.includes('"call:createTransport"'))).toEqual([]);

      // The camera encodes all three layers once the first remote picture is there …
      const cameraLayersNow = () =>
        page.evaluate(
          () =>
            window.__kayoi?.client.producers
              .get('camera')
              ?.rtpSender?.getParameters()
              .encodings.map((encoding) => encoding.active) ?? null,
        );
      await expect.poll(cameraLayersNow, { timeout: 10_000 }).toEqual([true, true, true]);
      // … having been produced encoding its smallest layer only (the page's call:produce says which layers are on).
      const sentLater = await page.evaluate(() => (window as unknown as { __roundTrips: Recorded }).__roundTrips.frames);
      const cameraProduce = sentLater
        .filter((frame) => frame.out && frame.data.includes('"call:produce"'))
        .map(
          (frame) =>
            JSON.parse(frame.data.replace(/^42\d*/, '')) as [
              string,
              { kind: string; rtpParameters: { encodings?: { active?: boolean }[] } },
            ],
        )
        .find(([, request]) => request.kind === 'video');
      expect(cameraProduce?.[1].rtpParameters.encodings?.map((encoding) => encoding.active !== false)).toEqual([true, false, false]);
    } finally {
      await context.close();
    }
  });
});
