import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectMediaFlowing } from '../support/browser';
import { joinHomeReady, selfPeerId, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

type MarkedWindow = Window & { __beforeSplit?: string };

/** Bytes received from one peer (its audio and video tracks), read from the receive transport's stats. */
function inboundFrom(page: Page, peerId: string): Promise<{ audioBytes: number; videoBytes: number }> {
  return page.evaluate(async (from) => {
    const client = window.__kayoi!.client;
    const peer = client.getSnapshot().peers.find((p) => p.id === from);
    const trackIds = new Set([peer?.audioTrack?.id, peer?.videoTrack?.id].filter((id): id is string => !!id));
    const transport = (client as unknown as { recvTransport?: { getStats(): Promise<RTCStatsReport> } | null }).recvTransport;
    const totals = { audioBytes: 0, videoBytes: 0 };
    if (!transport || trackIds.size === 0) return totals;
    (await transport.getStats()).forEach((stat: { type: string; kind?: string; trackIdentifier?: string; bytesReceived?: number }) => {
      if (stat.type !== 'inbound-rtp' || !stat.trackIdentifier || !trackIds.has(stat.trackIdentifier)) return;
      if (stat.kind === 'audio') totals.audioBytes += stat.bytesReceived ?? 0;
      if (stat.kind === 'video') totals.videoBytes += stat.bytesReceived ?? 0;
    });
    return totals;
  }, peerId);
}

/** Audio and video from `peerId` keep arriving at `page` (two readings a second apart). */
async function expectFlowingFrom(page: Page, peerId: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const before = await inboundFrom(page, peerId);
        await page.waitForTimeout(1000);
        const after = await inboundFrom(page, peerId);
        return before.audioBytes > 0 && after.audioBytes > before.audioBytes && after.videoBytes > before.videoBytes;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

/** Whether each of the server's consumers at `peerId` of `fromPeerId`'s media is paused (audio and video). */
async function consumersPaused(peerId: string, fromPeerId: string): Promise<boolean[]> {
  const room = await harness.server.rooms.find(harness.server.demo.sessionId);
  return (room?.getPeer(peerId)?.listConsumers() ?? []).filter((c) => c.appData.producerPeerId === fromPeerId).map((c) => c.paused);
}

const tileOf = (page: Page, peerId: string) => page.locator(`[data-testid="remote-tile"][data-peer-id="${peerId}"]`);

describe('small groups in real Chromium', () => {
  it('two participants are split into small rooms and return, without reloading', async () => {
    const venue = await harness.joinAsVenue();
    venue.setDefaultTimeout(10_000);
    const homeA = await joinHomeReady(harness, 0);
    const homeB = await joinHomeReady(harness, 1);
    const a = await selfPeerId(homeA);
    const b = await selfPeerId(homeB);
    await expect.poll(() => tileOf(homeA, b).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => tileOf(homeB, a).count(), { timeout: 15_000 }).toBe(1);
    await expectFlowingFrom(homeA, b);
    await expectFlowingFrom(homeB, a);
    for (const page of [venue, homeA, homeB]) await page.evaluate(() => ((window as MarkedWindow).__beforeSplit = 'still here'));

    // The host splits everyone at home into two groups (the venue stays a group of its own).
    await venue.getByTestId('breakout-open').click();
    await venue.locator('[data-testid="breakout-mode"][data-value="auto"]').click();
    await venue.locator('[data-testid="breakout-count"][data-value="2"]').click();
    // Two people in two groups: the host is warned that each would be alone; the venue joining one leaves one alone.
    await expect.poll(() => venue.getByTestId('breakout-lonely').getAttribute('data-count')).toBe('2');
    expect(await venue.getByTestId('breakout-lonely').innerText()).toContain('ひとりだけになる組');
    await venue.locator('[data-testid="breakout-venue"][data-value="0"]').click();
    await expect.poll(() => venue.getByTestId('breakout-lonely').getAttribute('data-count')).toBe('1');
    await venue.locator('[data-testid="breakout-venue"][data-value="own"]').click();
    await expect.poll(() => venue.getByTestId('breakout-lonely').getAttribute('data-count')).toBe('2');
    await venue.getByTestId('breakout-start').click();

    const groupOf = (page: Page) => page.getByTestId('breakout-banner').getAttribute('data-group-id', { timeout: 10_000 });
    const [groupA, groupB] = [await groupOf(homeA), await groupOf(homeB)];
    expect(groupA).toBeTruthy();
    expect(groupB).toBeTruthy();
    expect(groupA).not.toBe(groupB);
    await expect.poll(() => tileOf(homeA, b).count()).toBe(0);
    await expect.poll(() => tileOf(homeB, a).count()).toBe(0);
    // Each is alone in their group: said plainly, without a spinner that waits for nothing.
    for (const page of [homeA, homeB]) {
      await expect.poll(() => page.getByTestId('alone-in-group').innerText(), { timeout: 10_000 }).toContain('あなた一人');
      expect(await page.locator('.home-stage__waiting .spinner').count()).toBe(0);
    }

    // On the server the media between the two homes is held back, both ways, and nothing arrives any more.
    await expect.poll(() => consumersPaused(a, b)).toEqual([true, true]);
    await expect.poll(() => consumersPaused(b, a)).toEqual([true, true]);
    await expect
      .poll(async () => {
        const before = await inboundFrom(homeA, b);
        await homeA.waitForTimeout(1000);
        return (await inboundFrom(homeA, b)).audioBytes - before.audioBytes;
      })
      .toBe(0);

    // One tap brings everyone back.
    await venue.getByTestId('breakout-end').click();
    for (const page of [homeA, homeB]) await expect.poll(() => page.getByTestId('breakout-banner').count(), { timeout: 10_000 }).toBe(0);
    for (const page of [homeA, homeB]) expect(await page.getByTestId('alone-in-group').count()).toBe(0);
    await expect.poll(() => tileOf(homeA, b).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => tileOf(homeB, a).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => consumersPaused(a, b)).toEqual([false, false]);
    await expect.poll(() => consumersPaused(b, a)).toEqual([false, false]);
    await expectFlowingFrom(homeA, b);
    await expectFlowingFrom(homeB, a);
    await expectMediaFlowing(homeA);
    await expectMediaFlowing(homeB);

    for (const page of [venue, homeA, homeB]) {
      expect(await page.evaluate(() => (window as MarkedWindow).__beforeSplit)).toBe('still here');
    }
  });
});
