import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, japanMonth } from '@shared/japanTime';
import type { Participant, Venue } from '@shared/venues/schemas';
import { DEMO_VENUE_ID } from '../../server/src/demo/seed';
import { closeContexts, sharedChromium } from '../support/browser';
import { requireTestClientBuild } from '../support/clientBuild';
import { startTestServer, type TestServer } from '../support/testServer';

/** The national survey's screens in real Chromium: venue attributes, a participant's sex and birth year, the report. */
describe('the national survey screens', () => {
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
    const separator = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: server.url }]);
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  });
  afterAll(async () => {
    await closeContexts(browser);
    await server?.close();
  });

  it("saves the venue's 運営主体, 場所 and activities with the main one, and refuses a main activity that is not ticked", async () => {
    await page.goto(`${server.url}/admin/venues/${DEMO_VENUE_ID}`);
    const form = page.getByTestId('survey-attributes');
    await form.waitFor({ timeout: 10_000 });
    await form.getByTestId('survey-operator').selectOption({ label: '住民団体' });
    await form.getByTestId('survey-place').selectOption({ label: '公民館・自治会館・集会所' });
    await form.getByLabel('体操(運動)').check();
    await form.getByLabel('茶話会').check();
    await form.getByTestId('survey-main-activity').selectOption({ label: '茶話会' });
    await form.getByLabel('茶話会').uncheck();
    await expect(form.locator('.form-field__error').innerText()).resolves.toContain('上で選んだ活動から選んでください');
    await form.getByLabel('茶話会').check();
    await form.getByTestId('survey-attributes-save').click();
    await form.getByText('保存しました。').waitFor();

    const venue = (await api<Venue[]>('/api/venues')).find((v) => v.id === DEMO_VENUE_ID)!;
    expect(venue.survey).toEqual({
      operator: 'residentGroup',
      place: 'communityHall',
      activities: ['exercise', 'teaParty'],
      mainActivity: 'teaParty',
    });
  });

  it('adds a participant with 性別 and 生まれ年, says what they are for, and names a birth year out of range', async () => {
    await page.getByTestId('add-participant').click();
    const form = page.getByTestId('participant-form');
    await expect(form.getByTestId('survey-person-fields').innerText()).resolves.toContain('国への報告（性別・年代別の人数）にだけ使います');
    await form.getByLabel('お名前').fill('調査 花子');
    await form.getByTestId('participant-sex').selectOption({ label: '女性' });
    await form.getByLabel('生まれ年（西暦）').fill('1899');
    await form.getByTestId('participant-save').click();
    await expect(form.locator('.form-field__error').innerText()).resolves.toContain('1900年から');
    await form.getByLabel('生まれ年（西暦）').fill('1949');
    await form.getByTestId('participant-save').click();
    await form.waitFor({ state: 'detached' });

    const people = await api<Participant[]>(`/api/venues/${DEMO_VENUE_ID}/participants`);
    expect(people.find((p) => p.displayName === '調査 花子')).toMatchObject({ sex: 'female', birthYear: 1949 });
  });

  it('offers the survey report for last month on the dashboard, downloads it, and refuses a month after this one', async () => {
    await page.goto(`${server.url}/admin`);
    const section = page.getByTestId('survey-report');
    await section.waitFor({ timeout: 10_000 });
    const lastMonth = addMonths(japanMonth(new Date()), -1);
    await expect(section.getByLabel('調査月').inputValue()).resolves.toBe(lastMonth);
    const href = await section.getByTestId('survey-csv').getAttribute('href');
    expect(href).toBe(`/api/survey/kayoinoba.csv?month=${lastMonth}`);
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByTestId('survey-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`通いの場調査_${lastMonth}.xlsx`);
    // Read back once downloaded (one export per user at a time: the next waits for this one).
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['通いの場', '説明']);
    const response = await fetch(`${server.url}${href}`, { headers: { cookie } });
    const csv = await response.text();
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFF?会場,運営主体,場所,主な活動/);
    expect(csv).toContain('さくら町 公民館,住民団体,公民館・自治会館・集会所,茶話会,体操(運動)、茶話会,調査月');

    await section.getByLabel('調査月').fill(addMonths(japanMonth(new Date()), 1));
    await expect(section.getByText('調査月は、今月より後にはできません。').isVisible()).resolves.toBe(true);
    await expect(section.getByTestId('survey-csv').count()).resolves.toBe(0);
  });
});
