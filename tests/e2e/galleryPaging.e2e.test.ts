import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_VENUE_ID } from '../../server/src/demo/seed';
import type { InviteCard, Participant } from '@shared/venues/schemas';
import { GALLERY_PAGE_SIZE } from '../../client/src/call/gallery';
import { bestColumns } from '../../client/src/call/layers';
import { STRIP_PAGE_SIZE } from '../../client/src/features/program/live/stage';
import { clientPool, joinWithCamera } from '../support/callClient';
import { api } from '../support/http';
import { joinHomeReady, selfPeerId, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();
const { connect, closeAll } = clientPool(() => harness.server.url);
afterEach(() => closeAll());

/** With the venue and ten other homes, the browser's gallery holds 11 pictures: pages of 9 and 2. */
const EXTRA_PARTICIPANTS = ['青木 トメ', '石井 清', '上田 みつ', '遠藤 久', '大野 スエ'];
const BROWSER_INVITE = 0;

/** The host adds people to the demo venue through the API; each gets an invite link. Returns every member's token. */
async function venueInviteTokens(hostCookie: string): Promise<string[]> {
  for (const displayName of EXTRA_PARTICIPANTS) {
    const added = await api<Participant>(harness.server.url, 'POST', `/api/venues/${DEMO_VENUE_ID}/participants`, {
      cookie: hostCookie,
      body: { displayName },
    });
    expect(added.status).toBe(201);
  }
  const cards = await api<InviteCard[]>(harness.server.url, 'GET', `/api/venues/${DEMO_VENUE_ID}/invite-cards`, { cookie: hostCookie });
  expect(cards.status).toBe(200);
  return cards.body.map((card) => card.url.split('/j/')[1]!);
}

/** What the server forwards to `peerId`, per sender: whether their video and their audio flow now. */
async function forwarded(peerId: string): Promise<Record<string, { video: boolean; audio: boolean }>> {
  const room = await harness.server.rooms.find(harness.server.demo.sessionId);
  const result: Record<string, { video: boolean; audio: boolean }> = {};
  for (const consumer of room?.getPeer(peerId)?.listConsumers() ?? []) {
    const from = consumer.appData.producerPeerId;
    result[from] ??= { video: false, audio: false };
    result[from][consumer.kind] = consumer.appData.accepted && !consumer.paused;
  }
  return result;
}

/**
 * The server forwards exactly the videos of `shown` and the voices of `heard`. With ten others there are voices to
 * choose from, and these synthetic homes send no sound, so nobody is among the loudest (server/src/call/voices.ts):
 * a home hears the voices always heard, the venue's and the spotlit leader's.
 */
function expectedForwarding(everyone: readonly string[], shown: readonly string[], heard: readonly string[]) {
  return Object.fromEntries(everyone.map((id) => [id, { video: shown.includes(id), audio: heard.includes(id) }]));
}

/** The peer ids of the pictures on the page (the gallery, or the strip beside the spotlight). */
function tileIds(page: Page, where: '.home-stage__main' | '.home-stage__others'): Promise<string[]> {
  return page
    .locator(`${where} [data-testid="remote-tile"]`)
    .evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-peer-id') ?? ''));
}

/**
 * The gallery's columns as shown, and those that make its pictures largest in the box it has now (the venue's tile
 * counts as four cells; no tile narrower than a name's 160 px): TileGrid measures itself when its ResizeObserver reports.
 */
async function galleryColumns(page: Page): Promise<{ shown: number; best: number }> {
  const grid = await page.locator('.home-stage__main .tile-grid').evaluate((element) => {
    const { width, height } = element.getBoundingClientRect();
    return { columns: Number(element.getAttribute('data-columns')), count: Number(element.getAttribute('data-count')), width, height };
  });
  const { width, height } = grid;
  let best = Math.max(2, bestColumns(grid.count + 3, width, height, 12));
  while (best > 1 && (width - 12 * (best - 1)) / best < 160) best -= 1;
  return { shown: grid.columns, best };
}

describe('the home gallery in pages of nine', () => {
  it('shows nine people and the pager; only those videos (and the voices always heard) are forwarded; つぎ shows the rest and the server follows', async () => {
    const hostCookie = await harness.server.login('host');
    const tokens = await venueInviteTokens(hostCookie);
    const browserToken = harness.server.demo.invites[BROWSER_INVITE]!.token;
    const others = tokens.filter((token) => token !== browserToken);
    expect(others).toHaveLength(10);

    const host = await connect(hostCookie);
    const venue = (await joinWithCamera(host, { role: 'venue', sessionId: harness.server.demo.sessionId }, 'venue-tablet')).peerId;
    const homes: string[] = [];
    for (const [i, token] of others.entries())
      homes.push((await joinWithCamera(await connect(), { role: 'home', token }, `home-tab-${i}`)).peerId);
    const everyone = [venue, ...homes];

    const page = await joinHomeReady(harness, BROWSER_INVITE);
    const me = await selfPeerId(page);
    await expect.poll(() => page.getByTestId('remote-tile').count(), { timeout: 15_000 }).toBe(GALLERY_PAGE_SIZE);
    await expect.poll(() => page.getByTestId('gallery-page').innerText(), { timeout: 10_000 }).toBe('1 / 2');
    expect(await page.getByTestId('gallery-previous').isDisabled()).toBe(true);

    const first = await tileIds(page, '.home-stage__main');
    expect(first[0]).toBe(venue);
    expect(new Set(first).size).toBe(GALLERY_PAGE_SIZE);
    await expect.poll(() => forwarded(me), { timeout: 10_000 }).toEqual(expectedForwarding(everyone, first, [venue]));
    for (const viewport of [
      { width: 768, height: 1024 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(viewport);
      await expect
        .poll(async () => {
          const { shown, best } = await galleryColumns(page);
          return shown === best && shown;
        })
        .toBeGreaterThan(0);
    }

    await page.getByTestId('gallery-next').click();
    await expect.poll(() => page.getByTestId('gallery-page').innerText()).toBe('2 / 2');
    expect(await page.getByTestId('gallery-next').isDisabled()).toBe(true);
    const second = await tileIds(page, '.home-stage__main');
    expect([...second].sort()).toEqual(everyone.filter((id) => !first.includes(id)).sort());
    await expect.poll(() => forwarded(me), { timeout: 10_000 }).toEqual(expectedForwarding(everyone, second, [venue]));

    // The host puts someone from page 2 in the spotlight while this person looks at page 1: the leader is
    // shown large (and forwarded, voice too) whatever the page, and the page of small pictures stays where it was put.
    await page.getByTestId('gallery-previous').click();
    await expect.poll(() => page.getByTestId('gallery-page').innerText()).toBe('1 / 2');
    const leader = second[0]!;
    await host.ok('program:setLayout', { layoutChoice: 'spotlight', leaderPeerId: leader });
    await expect.poll(() => page.locator('.home-stage').getAttribute('data-stage'), { timeout: 10_000 }).toBe('spotlight');
    const strip = await tileIds(page, '.home-stage__others');
    // Beside the leader the small pictures are fewer (four a page): the ten others make three pages.
    expect(strip).toHaveLength(STRIP_PAGE_SIZE);
    expect(strip).not.toContain(leader);
    expect(await page.getByTestId('gallery-page').innerText()).toBe('1 / 3');
    await expect.poll(() => forwarded(me), { timeout: 10_000 }).toEqual(expectedForwarding(everyone, [leader, ...strip], [venue, leader]));
  });
});
