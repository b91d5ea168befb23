import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callState, joinHomeReady, selfPeerId, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

const micState = (page: Page) => page.getByTestId('mic-button').getAttribute('data-state');
const byPeer = (page: Page, testId: string, peerId: string) => page.locator(`[data-testid="${testId}"][data-peer-id="${peerId}"]`);

function liveView() {
  const session = harness.server.live.find(harness.server.demo.sessionId);
  if (!session) throw new Error('no live program for the demo session');
  return session.viewFor('venue');
}

async function peersInRoom(): Promise<string[]> {
  const room = await harness.server.rooms.find(harness.server.demo.sessionId);
  return room?.listPeers().map((p) => p.displayName) ?? [];
}

describe('the host’s controls during the call, in real Chromium', () => {
  it('mutes everyone but the leader, asks one person to unmute (they decide), sees and lowers hands, and shows reactions', async () => {
    const venue = await harness.joinAsVenue();
    venue.setDefaultTimeout(10_000);
    const leader = await joinHomeReady(harness, 0);
    const other = await joinHomeReady(harness, 1);
    const leaderId = await selfPeerId(leader);
    const otherId = await selfPeerId(other);
    await expect.poll(() => micState(leader)).toBe('on');
    await expect.poll(() => micState(other)).toBe('on');

    // The first home participant leads; 「全員のマイクを切る」 turns off everyone else's microphone.
    await expect.poll(() => venue.locator(`[data-testid="leader-select"] option[value="${leaderId}"]`).count()).toBe(1);
    await venue.getByTestId('leader-select').selectOption(leaderId);
    await expect.poll(() => liveView().leaderPeerId).toBe(leaderId);
    await venue.getByTestId('host-tab-people').click();
    await venue.getByTestId('mute-all').click();
    await expect.poll(() => venue.getByTestId('mute-all-result').getAttribute('data-count')).toBe('1');
    await expect.poll(() => micState(other)).toBe('off');
    await expect.poll(() => byPeer(venue, 'remote-tile', otherId).getByTestId('muted-indicator').count()).toBe(1);
    expect(await micState(leader)).toBe('on');
    // At home the reminder says who turned the microphone off, and how to speak again.
    await expect.poll(() => other.getByTestId('mic-off-notice').getAttribute('data-by-host')).toBe('true');
    expect(await other.getByTestId('mic-off-notice').innerText()).toMatch(/ホストが.*マイクを切りました.*「マイク」を押してください/);
    expect(await leader.getByTestId('mic-off-notice').count()).toBe(0);

    // Asked to speak, the person decides: first no (the microphone stays off), then yes.
    await byPeer(venue, 'ask-unmute', otherId).click();
    await other.getByTestId('unmute-prompt').waitFor({ timeout: 10_000 });
    expect(await leader.getByTestId('unmute-prompt').count()).toBe(0);
    await other.getByTestId('unmute-no').click();
    await expect.poll(() => other.getByTestId('unmute-prompt').count()).toBe(0);
    expect(await micState(other)).toBe('off');
    await byPeer(venue, 'ask-unmute', otherId).click();
    await other.getByTestId('unmute-yes').click({ timeout: 10_000 });
    await expect.poll(() => micState(other)).toBe('on');
    expect(await other.getByTestId('mic-off-notice').count()).toBe(0);
    // Turned off again by the person: the plain reminder, no longer the host's.
    await other.getByTestId('mic-button').click();
    await expect.poll(() => other.getByTestId('mic-off-notice').getAttribute('data-by-host')).toBe('false');
    await other.getByTestId('mic-button').click();
    await expect.poll(() => micState(other)).toBe('on');
    await expect.poll(() => byPeer(venue, 'remote-tile', otherId).getByTestId('muted-indicator').count()).toBe(0);

    // ✋ at home shows on the venue's screen, on that person's own tile and in the host's list; 「手をおろす」 clears it everywhere.
    await leader.getByTestId('raise-hand').click();
    await expect.poll(() => venue.locator(`[data-testid="hands-list"] [data-peer-id="${leaderId}"]`).count()).toBe(1);
    await expect.poll(() => byPeer(venue, 'remote-tile', leaderId).getByTestId('tile-hand').count()).toBe(1);
    expect(await venue.getByTestId('tile-hand').count()).toBe(1);
    await expect.poll(() => leader.getByTestId('raise-hand').getAttribute('aria-pressed')).toBe('true');
    await venue.getByTestId('lower-hands').click();
    await expect.poll(() => venue.getByTestId('hands-list').count()).toBe(0);
    expect(await venue.getByTestId('tile-hand').count()).toBe(0);
    await expect.poll(() => leader.getByTestId('raise-hand').getAttribute('aria-pressed')).toBe('false');
    expect(liveView().hands).toEqual([]);

    // 👏 from home, large on the venue's screen with who sent it.
    await other.getByTestId('react-clap').click();
    await expect
      .poll(() => venue.locator(`[data-testid="reaction-overlay"] [data-kind="clap"][data-peer-id="${otherId}"]`).count())
      .toBe(1);
  });

  it('refuses a host action from home with NOT_ALLOWED; a removed participant sees why and does not come back', async () => {
    const venue = await harness.joinAsVenue();
    venue.setDefaultTimeout(10_000);
    const home = await joinHomeReady(harness, 0);
    const stays = await joinHomeReady(harness, 1);
    const homeId = await selfPeerId(home);
    const name = harness.server.demo.invites[0]!.displayName;

    // The panel opens on the program tab: はじめる.
    await venue.getByTestId('program-next').click();
    await expect.poll(() => liveView().clock.status).toBe('running');
    const before = liveView();
    await expect.poll(() => home.getByTestId('program-segment').getAttribute('data-index')).toBe(String(before.clock.index));

    // Someone at home tries つぎへ through the call itself.
    const refusal = await home.evaluate(async () => {
      try {
        await window.__kayoi!.client.live.control({ action: 'next' });
        return 'accepted';
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      }
    });
    expect(refusal).toBe('NOT_ALLOWED');
    const after = liveView();
    expect(after.revision).toBe(before.revision);
    expect(after.clock.index).toBe(before.clock.index);
    expect(await venue.getByTestId('program-segment').getAttribute('data-index')).toBe(String(before.clock.index));
    expect(await home.getByTestId('program-segment').getAttribute('data-index')).toBe(String(before.clock.index));

    // Removing asks first; then the person's screen says so and the call is over for them.
    await venue.getByTestId('host-tab-people').click();
    await byPeer(venue, 'remove-person', homeId).click();
    await venue.getByTestId('remove-dialog').waitFor();
    expect(await peersInRoom()).toContain(name);
    await venue.getByTestId('confirm-remove').click();
    await home.getByTestId('removed').waitFor({ timeout: 10_000 });
    await expect.poll(() => peersInRoom()).not.toContain(name);
    await expect.poll(() => byPeer(venue, 'remote-tile', homeId).count()).toBe(0);

    // It does not rejoin by itself: watched for longer than the page's first reconnect attempt would take.
    for (let look = 0; look < 8; look++) {
      await home.waitForTimeout(500);
      expect(await peersInRoom()).not.toContain(name);
      expect(await home.getByTestId('removed').count()).toBe(1);
    }
    expect(await callState(home)).toBe('ended');
    expect(await callState(stays)).toBe('connected');
  });

  it('keeps a removed person out for the session: the dialog says so, a reload gets a kind message, the host is told and lets them in again', async () => {
    const venue = await harness.joinAsVenue();
    venue.setDefaultTimeout(10_000);
    // Invite 0 was removed in the test before, for the rest of this session.
    const home = await joinHomeReady(harness, 2);
    const homeId = await selfPeerId(home);
    const name = harness.server.demo.invites[2]!.displayName;

    await venue.getByTestId('host-tab-people').click();
    await byPeer(venue, 'remove-person', homeId).click();
    expect(await venue.getByTestId('remove-dialog').innerText()).toContain('もう一度入れる');
    await venue.getByTestId('confirm-remove').click();
    await home.getByTestId('removed').waitFor({ timeout: 10_000 });
    await byPeer(venue, 'removed-person', homeId).waitFor();

    // The person reloads the page and presses 参加する: the server refuses, the page explains, and stays.
    await home.reload();
    await home.getByTestId('join-button').click();
    await home.getByTestId('removed').waitFor({ timeout: 10_000 });
    expect(await home.getByTestId('removed').innerText()).toContain('ホストが入れなおすまで');
    for (let look = 0; look < 6; look++) {
      await home.waitForTimeout(500);
      expect(await peersInRoom()).not.toContain(name);
      expect(await callState(home)).toBe('ended');
    }
    // The host is told, on whichever tab is open.
    await venue.getByTestId('host-tab-video').click();
    await expect.poll(() => venue.getByTestId('rejoin-attempt').innerText()).toContain(name);
    await venue.getByTestId('rejoin-attempt-people').click();

    // 「もう一度入れる」: the person can join again.
    await byPeer(venue, 'readmit', homeId).click();
    await expect.poll(() => byPeer(venue, 'removed-person', homeId).count()).toBe(0);
    await expect.poll(() => venue.getByTestId('rejoin-attempt').count()).toBe(0);
    await home.reload();
    await home.getByTestId('join-button').click();
    await expect.poll(() => callState(home), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => peersInRoom()).toContain(name);
  });
});
