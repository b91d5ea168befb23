import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { japanDate } from '@shared/japanTime';
import { setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

/** Splits a CSV line without quoted commas (our fixture names have none). */
const cells = (line: string) => line.split(',').map((cell) => cell.replace(/^"|"$/g, ''));

describe('attendance without paperwork', () => {
  it('records two people tapped at the venue and one who joined from home, and the organiser’s CSV has exactly those three', async () => {
    const venue = await harness.joinAsVenue();
    await venue.getByTestId('roster-button').click();
    const panel = venue.getByTestId('roster-panel');
    await expect.poll(() => panel.getByTestId('roster-person').count()).toBe(6);

    for (const name of ['高橋 正男', '田中 千代']) {
      const person = panel.getByTestId('roster-person').filter({ hasText: name });
      await person.locator('.roster-person__main').click();
      await expect.poll(() => person.getAttribute('data-mode')).toBe('venue');
    }

    const home = await harness.joinFromHome(0);
    const hanako = panel.getByTestId('roster-person').filter({ hasText: '山田 花子' });
    await expect.poll(() => hanako.getAttribute('data-mode'), { timeout: 15_000 }).toBe('online');
    await expect.poll(() => panel.getByTestId('roster-counts').innerText()).toContain('2');

    // A duplicate tap on the same name undoes, a third marks again: still one row each.
    const takahashi = panel.getByTestId('roster-person').filter({ hasText: '高橋 正男' });
    await takahashi.locator('.roster-person__main').click();
    await expect.poll(() => takahashi.getAttribute('data-mode')).toBe('absent');
    await takahashi.locator('.roster-person__main').click();
    await expect.poll(() => takahashi.getAttribute('data-mode')).toBe('venue');
    await home.getByTestId('leave-button').click();

    const organiser = await harness.openPage('/admin', { signedInAs: 'organiser' });
    const form = organiser.getByTestId('export-form');
    const today = japanDate(new Date());
    const dates = form.locator('input[type="date"]');
    await dates.nth(0).fill(today);
    await dates.nth(1).fill(today);
    const [download] = await Promise.all([organiser.waitForEvent('download'), form.getByTestId('export-csv').click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');

    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    const header = cells(lines[0]!);
    const rows = lines.slice(1).map(cells);
    const nameAt = header.indexOf('氏名');
    const modeAt = header.indexOf('参加方法');
    const dateAt = header.indexOf('日付');
    const todays = rows
      .filter((r) => r[dateAt] === today)
      .map((r) => `${r[nameAt]}:${r[modeAt]}`)
      .sort();
    expect(todays).toEqual(['山田 花子:オンライン', '田中 千代:会場', '高橋 正男:会場'].sort());
  });
});

describe('correcting attendance after the session', () => {
  it('lets the host open a past session from /host and change a row, audited', async () => {
    const page = await harness.openPage('/host', { signedInAs: 'host' });
    const recent = page.getByTestId('host-recent');
    await expect.poll(() => recent.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await recent.first().getByTestId('fix-attendance').click();

    const panel = page.getByTestId('roster-panel');
    await expect.poll(() => panel.getByTestId('roster-person').count()).toBe(6);
    // Titled with the session's date, not 「きょうの出席」.
    expect(await panel.getByTestId('roster-title').innerText()).toMatch(/^\d+月\d+日\(.\)の出席$/);
    await expect.poll(() => page.title()).toMatch(/^\d+月\d+日\(.\)の出席 \| /);
    const sessionId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    const person = panel.getByTestId('roster-person').first();
    const before = await person.getAttribute('data-mode');
    await person.locator('.roster-person__main').click();
    await expect.poll(() => person.getAttribute('data-mode')).not.toBe(before);

    const participantId = (await person.getAttribute('data-participant-id'))!;
    const audit = harness.server.db
      .sqlite!.prepare("select action from audit_log where entity_id = ? and action like 'attendance.%'")
      .all(`${sessionId}/${participantId}`) as { action: string }[];
    expect(audit.length).toBe(1);
  });
});
