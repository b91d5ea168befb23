import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { invites } from '../../server/src/db/schema';
import { DEMO_ORGANISATION_ID, DEMO_VENUE_ID } from '../../server/src/demo/seed';
import { insertUser } from '../support/fixtures';
import { api } from '../support/http';
import { callState, setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

async function displayNamesInRoom(): Promise<string[]> {
  const room = await harness.server.rooms.find(harness.server.demo.sessionId);
  return room ? room.listPeers().map((p) => p.displayName) : [];
}

/** The `Cookie` header of the page's sign-in (the venue tablet's own session). */
async function sessionCookieOf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'kayoi_session');
  if (!cookie) throw new Error('the page is not signed in');
  return `${cookie.name}=${cookie.value}`;
}

describe('access that ends during a gathering, in real Chromium', () => {
  it('a participant whose link is stopped is told plainly in Japanese, leaves, and does not come back by itself', async () => {
    const venue = await harness.joinAsVenue();
    const home = await harness.joinFromHome(0);
    const { token, displayName } = harness.server.demo.invites[0]!;
    const { participantId } = harness.server.db.db.select().from(invites).where(eq(invites.token, token)).get()!;
    await expect.poll(() => displayNamesInRoom()).toContain(displayName);

    const organiser = await harness.server.login('organiser');
    expect((await api(harness.server.url, 'POST', `/api/participants/${participantId}/invite/revoke`, { cookie: organiser })).status).toBe(
      200,
    );

    const screen = home.getByTestId('access-revoked');
    await screen.waitFor({ timeout: 10_000 });
    const words = await screen.innerText();
    expect(words).toContain('この招待リンクは使えなくなりました');
    expect(words).toContain('会場の担当の方にお問い合わせください');
    expect(await screen.locator('button').count()).toBe(0);
    // It does not rejoin by itself: watched for longer than the page's first reconnect attempt would take.
    for (let look = 0; look < 8; look++) {
      await home.waitForTimeout(500);
      expect(await displayNamesInRoom()).not.toContain(displayName);
    }
    expect(await callState(home)).toBe('ended');
    expect(await callState(venue)).toBe('connected');
  });

  it('a venue tablet signed out elsewhere leaves the gathering, says so, and its button leads to the sign-in form', async () => {
    const venue = await harness.joinAsVenue();
    await expect.poll(() => displayNamesInRoom()).toContain('さくら町 公民館');
    expect((await api(harness.server.url, 'POST', '/api/auth/logout', { cookie: await sessionCookieOf(venue) })).status).toBe(200);

    const screen = venue.getByTestId('access-revoked');
    await screen.waitFor({ timeout: 10_000 });
    expect(await screen.innerText()).toContain('ログインが終わりました');
    expect(await displayNamesInRoom()).not.toContain('さくら町 公民館');
    await screen.getByRole('button', { name: 'ログインする' }).click();
    await venue.getByTestId('login-form').waitFor({ timeout: 10_000 });
  });
});

describe('the organiser’s staff accounts page', () => {
  it('shows a locked host as 「ロック中」 and lifts the lock; the host can then sign in', async () => {
    const host = await insertUser(harness.server.db.db, {
      organisationId: DEMO_ORGANISATION_ID,
      role: 'host',
      venueIds: [DEMO_VENUE_ID],
      displayName: '鍵田 次郎',
    });
    for (let i = 0; i < 5; i++)
      await api(harness.server.url, 'POST', '/api/auth/login', { body: { email: host.email, password: 'wrong password' } });

    const page = await harness.openPage('/admin', { signedInAs: 'organiser' });
    await page.getByTestId('staff-accounts-link').click();
    const row = page.locator(`[data-testid="staff-member"][data-user-id="${host.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('staff-state').innerText()).toContain('ロック中');
    expect(await row.innerText()).toContain('さくら町 公民館');

    await row.getByTestId('unlock').click();
    await expect.poll(() => row.getByTestId('staff-state').innerText()).toBe('利用中');
    expect(
      (await api(harness.server.url, 'POST', '/api/auth/login', { body: { email: host.email, password: host.password } })).status,
    ).toBe(200);
  });
});
