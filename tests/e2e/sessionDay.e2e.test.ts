import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../server/src/db/schema';
import { DEFAULT_SESSION_DAY } from '../../server/src/sessions/service';
import { closeContexts, sharedChromium } from '../support/browser';
import { TestClock } from '../support/clock';
import { requireTestClientBuild } from '../support/clientBuild';
import { api } from '../support/http';
import { sessionCookie } from './callHarness';
import { startTestServer, type TestServer } from '../support/testServer';

/** The join page on the day of a session, in real Chromium, on production's join window and a test clock. */
let server: TestServer;
let browser: Browser;
const clock = new TestClock();
let startsAt: number;

beforeAll(async () => {
  server = await startTestServer({ clientDistDir: requireTestClientBuild(), clock, sessionDay: DEFAULT_SESSION_DAY });
  browser = await sharedChromium();
  startsAt = server.db.db.select().from(sessions).where(eq(sessions.id, server.demo.sessionId)).get()!.startsAt.getTime();
});
afterAll(async () => {
  await closeContexts(browser);
  await server?.close();
});

async function openInvite() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/j/${server.demo.invites[0]!.token}`);
  return page;
}

describe('the join page before the window and on a cancelled day', () => {
  it('two hours early it says from when one can join (9:30, Japan time), with no 参加する button', async () => {
    clock.set(new Date(startsAt - 2 * 60 * 60_000));
    const page = await openInvite();
    const message = page.getByTestId('no-session');
    await expect.poll(() => message.innerText()).toContain('まだ参加できません');
    expect(await message.innerText()).toContain('9:30から参加できます');
    expect(await page.getByTestId('join-button').count()).toBe(0);
    await page.context().close();
  });

  it('on a cancelled day it says 今日はお休みです and why', async () => {
    clock.set(new Date(startsAt - 2 * 60 * 60_000));
    const organiser = await server.login('organiser');
    const cancelled = await api(server.url, 'POST', `/api/venue-sessions/${server.demo.sessionId}/cancel`, {
      cookie: organiser,
      body: { reason: '台風のため' },
    });
    expect(cancelled.status).toBe(200);
    clock.set(new Date(startsAt));
    const page = await openInvite();
    const message = page.getByTestId('no-session');
    await expect.poll(() => message.innerText()).toContain('今日はお休みです');
    expect(await message.innerText()).toContain('理由：台風のため');
    expect(await page.getByTestId('join-button').count()).toBe(0);
    await page.context().close();
  });
});

describe('the venue admin page', () => {
  it('cancels a coming session with a reason and takes it back, and pauses a weekly time', async () => {
    clock.set(new Date());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([sessionCookie(await server.login('organiser'), server.url)]);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/venues/ven_demo2`);

    await page.getByTestId('cancel-session').first().click();
    const form = page.getByTestId('cancel-session-form');
    await form.getByRole('textbox').fill('台風のため');
    await form.getByTestId('cancel-session-confirm').click();
    await expect.poll(() => page.getByTestId('session-cancelled').first().innerText()).toContain('お休み：台風のため');
    const cancelled = await api<{ cancelReason: string | null }[]>(server.url, 'GET', '/api/venues/ven_demo2/sessions', {
      cookie: await server.login('organiser'),
    });
    expect(cancelled.body.filter((s) => s.cancelReason === '台風のため')).toHaveLength(1);

    await page.getByTestId('uncancel-session').first().click();
    await expect.poll(() => page.getByTestId('session-cancelled').count()).toBe(0);

    await page.getByTestId('pause-schedule').first().click();
    await expect.poll(() => page.getByTestId('schedule-list').innerText()).toContain('お休み中');
    expect(await page.getByTestId('resume-schedule').count()).toBe(1);
    await context.close();
  });
});
