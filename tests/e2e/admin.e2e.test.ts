import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '@shared/reports/schemas';
import type { InviteCard } from '@shared/venues/schemas';
import { DEMO_VENUE_ID } from '../../server/src/demo/seed';
import { closeContexts, sharedChromium } from '../support/browser';
import { requireTestClientBuild } from '../support/clientBuild';
import { startTestServer, type TestServer } from '../support/testServer';

/** The organiser's pages in real Chromium against a real server with the demo data. */
describe('organiser pages', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let cookie: string;

  const api = async <T>(url: string): Promise<T> => {
    const response = await fetch(`${server.url}${url}`, { headers: { cookie } });
    expect(response.status, url).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    server = await startTestServer({ clientDistDir: requireTestClientBuild() });
    browser = await sharedChromium();
    cookie = await server.login('organiser');
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Tokyo', locale: 'ja-JP' });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  });
  afterAll(async () => {
    await closeContexts(browser);
    await server?.close();
  });

  it('signs in through the login form and shows each venue’s numbers for this month', async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByTestId('login-form').waitFor();
    const organiser = server.demo.newAccounts.find((a) => a.role === 'organiser')!;
    await page.getByTestId('login-email').fill(organiser.email);
    await page.getByTestId('login-password').fill(organiser.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('month-table').waitFor({ timeout: 10_000 });

    const month = (await page.getByTestId('month-current').innerText()).match(/(\d{4})年(\d{1,2})月/)!;
    const dashboard = await api<Dashboard>(`/api/reports/dashboard?month=${month[1]}-${month[2]!.padStart(2, '0')}`);
    const thisMonth = dashboard.rows.filter((r) => r.month === dashboard.months.at(-1));
    expect(thisMonth.map((r) => r.venueName).sort()).toEqual(['さくら町 公民館', 'みどり台 集会所'].sort());
    for (const stats of thisMonth) {
      const row = page.locator(`[data-testid="month-row"][data-venue-id="${stats.venueId}"]`);
      await expect(row.locator('th').innerText()).resolves.toBe(stats.venueName);
      await expect(row.getByTestId('sessions-held').innerText()).resolves.toBe(String(stats.sessionsHeld));
      for (const mode of ['total', 'venue', 'online', 'phone'] as const) {
        await expect(row.getByTestId(`attendances-${mode}`).innerText()).resolves.toBe(String(stats.attendances[mode]));
        await expect(row.getByTestId(`participants-${mode}`).innerText()).resolves.toBe(String(stats.participants[mode]));
      }
    }
    // Eight weeks of seeded sessions: the last twelve months have attendances somewhere.
    expect(dashboard.rows.some((r) => r.attendances.total > 0)).toBe(true);

    // The first venue's chart and its six participants' recent attendance, eight marks each.
    await page.getByTestId('trend-chart').waitFor();
    await expect.poll(() => page.getByTestId('pattern-row').count(), { timeout: 10_000 }).toBe(6);
    await expect(page.getByTestId('pattern-row').first().locator('.mark').count()).resolves.toBe(8);
  });

  it('prints one invite card per participant, each with a QR code and the link written out', async () => {
    await page
      .locator('[data-testid="venue-item"]', { hasText: 'さくら町 公民館' })
      .getByRole('link', { name: '招待カードを印刷' })
      .click();
    await page.getByTestId('invite-qr').first().waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).pathname).toBe(`/admin/venues/${DEMO_VENUE_ID}/cards`);

    const cards = await api<InviteCard[]>(`/api/venues/${DEMO_VENUE_ID}/invite-cards`);
    expect(cards).toHaveLength(6);
    await expect(page.getByTestId('invite-qr').count()).resolves.toBe(cards.length);
    const links = await page.getByTestId('invite-link').allInnerTexts();
    expect(links.map((l) => l.replace(/\s/g, '')).sort()).toEqual(cards.map((c) => c.url).sort());
    for (const link of links) expect(link.replace(/\s/g, '')).toMatch(/^https?:\/\/[^/]+\/j\/[\w-]{20,}$/);

    const qr = page.getByTestId('invite-qr').first();
    await expect(qr.getAttribute('src')).resolves.toMatch(/^data:image\/svg\+xml/);
    await expect(qr.getAttribute('alt')).resolves.toContain('QRコード');
    // At least 35 mm wide (96 CSS px per inch).
    const width = await qr.evaluate((img) => img.getBoundingClientRect().width);
    expect((width / 96) * 25.4).toBeGreaterThanOrEqual(35);
    await expect(page.getByText('カメラで読み取ると参加できます').count()).resolves.toBe(cards.length);
  });

  it('signing out when the server cannot be reached: signed out on this screen, and the login page says the server was not told', async () => {
    await page.route('**/api/auth/logout', (route) => route.abort('internetdisconnected'));
    await page.getByTestId('logout').click();
    await page.getByTestId('login-page').waitFor();
    expect(await page.getByTestId('sign-out-failed').innerText()).toContain('ログアウトを サーバーに伝えられませんでした');
  });
});
