import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Participant } from '@shared/venues/schemas';
import { DEMO_VENUE_ID } from '../../../server/src/demo/seed';
import { api } from '../../support/http';
import { checkAcrossDevices, DEVICE_MATRIX } from '../../support/screenCheck';
import { setUpCallHarness } from '../callHarness';

/**
 * The staff pages (issue #12 part 6) on the organiser's laptop and a tablet: targets ≥ 44 px (WCAG 2.5.5), text ≥ 16 px,
 * nothing spilling or covered, no serious axe-core violation.
 */
const harness = setUpCallHarness();

const STAFF_DEVICES = DEVICE_MATRIX.filter((device) => ['laptop-1280x800', 'ipad-768x1024'].includes(device.name));

/** Opens a staff page signed in and waits until it has loaded its data. */
async function openStaffPage(path: string, as: 'organiser' | 'host'): Promise<Page> {
  const page = await harness.openPage(path, { signedInAs: as });
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0);
  return page;
}

describe('the staff pages at 1280×800 and 768×1024', () => {
  /** Every organiser and host page; `{participant}` and `{session}` stand for the demo's first person and its session. */
  const STAFF_PAGES: [string, 'organiser' | 'host'][] = [
    ['/admin', 'organiser'],
    ['/admin/checkin-questions', 'organiser'],
    ['/admin/staff', 'organiser'],
    ['/admin/videos', 'organiser'],
    [`/admin/venues/${DEMO_VENUE_ID}`, 'organiser'],
    [`/admin/venues/${DEMO_VENUE_ID}/program`, 'organiser'],
    [`/admin/venues/${DEMO_VENUE_ID}/quiz-questions`, 'organiser'],
    ['/admin/participants/{participant}', 'organiser'],
    ['/watch', 'organiser'],
    ['/account', 'organiser'],
    ['/host', 'host'],
    ['/sessions/{session}/attendance', 'host'],
    ['/sessions/{session}/program', 'host'],
  ];
  let participantId = '';
  beforeAll(async () => {
    const cookie = await harness.server.login('organiser');
    const participants = await api<Participant[]>(harness.server.url, 'GET', `/api/venues/${DEMO_VENUE_ID}/participants`, { cookie });
    participantId = participants.body[0]!.id;
  });

  // One test a page (each within the default time, also with another screen file beside it: vite.config.ts 'pages').
  it.each(STAFF_PAGES)(
    '%s (%s) passes the staff screen check: 16 px text, 44 px targets, no serious axe violation',
    async (template, as) => {
      const path = template.replace('{participant}', participantId).replace('{session}', harness.server.demo.sessionId);
      const page = await openStaffPage(path, as);
      const problems = await checkAcrossDevices(page, { screen: `staff${path.replaceAll('/', '-')}`, rules: 'staff' }, STAFF_DEVICES);
      await page.context().close();
      expect(problems).toEqual([]);
    },
  );

  it(
    'adding a staff member (the form, the one-time link with its QR code) and the set-password page pass the staff screen check',
    { timeout: 120_000 },
    async () => {
      const problems: string[] = [];
      const page = await openStaffPage('/admin/staff', 'organiser');
      await page.getByTestId('add-staff').click();
      problems.push(...(await checkAcrossDevices(page, { screen: 'staff-admin-staff-add', rules: 'staff' }, STAFF_DEVICES)));
      await page.getByTestId('add-staff-name').fill('画面 確認');
      await page.getByTestId('add-staff-email').fill('screen-check@example.jp');
      await page.getByTestId('add-staff-submit').click();
      await page.getByTestId('access-link-qr').waitFor({ timeout: 10_000 });
      problems.push(...(await checkAcrossDevices(page, { screen: 'staff-admin-staff-link', rules: 'staff' }, STAFF_DEVICES)));
      const link = new URL(await page.getByTestId('access-link-url').innerText());
      await page.context().close();

      const welcome = await harness.openPage(link.pathname);
      await welcome.getByTestId('welcome-page').waitFor({ timeout: 10_000 });
      problems.push(...(await checkAcrossDevices(welcome, { screen: 'staff-welcome', rules: 'staff' }, STAFF_DEVICES)));
      await welcome.context().close();
      expect(problems).toEqual([]);
    },
  );
  it(
    'a person’s 「電話」 panel (numbers, keypad number), the venue’s and the organisation’s phone numbers pass the staff screen check; the card prints 電話で参加',
    { timeout: 120_000 },
    async () => {
      const problems: string[] = [];
      const page = await openStaffPage(`/admin/venues/${DEMO_VENUE_ID}`, 'organiser');
      await page.getByTestId('venue-phone-input').fill('050-1234-9876');
      await page.getByTestId('venue-phone-line').getByRole('button').click();
      await page.getByTestId('venue-phone-line').locator('.form-message--ok').waitFor({ timeout: 10_000 });
      // The organisation's one number is set next to it (organisers), and cleared again (the venue's own is used here).
      const organiser = await harness.server.login('organiser');
      const organisationLine = async () =>
        (await api<{ display: string | null }>(harness.server.url, 'GET', '/api/phone/organisation-line', { cookie: organiser })).body;
      const saveOrganisationLine = async (number: string) => {
        await page.getByTestId('organisation-phone-input').fill(number);
        await page.getByTestId('organisation-phone-line').getByRole('button').click();
        await page.getByTestId('organisation-phone-line').locator('.form-message--ok').waitFor({ timeout: 10_000 });
      };
      await saveOrganisationLine('050-9999-0000');
      await expect.poll(organisationLine).toMatchObject({ display: '050-9999-0000' });
      await saveOrganisationLine('');
      await expect.poll(organisationLine).toMatchObject({ display: null });
      await page.getByTestId('person-phone').first().click();
      await page.getByTestId('phone-number-input').fill('090-1234-5678');
      await page.getByTestId('phone-add').getByRole('button').click();
      await page.getByTestId('phone-numbers').getByText('090-1234-5678').waitFor({ timeout: 10_000 });
      const keypadNumber = (await page.getByTestId('keypad-number').innerText()).trim();
      expect(keypadNumber).toMatch(/^\d{6}$/);
      problems.push(...(await checkAcrossDevices(page, { screen: 'staff-admin-venue-phone', rules: 'staff' }, STAFF_DEVICES)));
      await page.context().close();

      const cards = await openStaffPage(`/admin/venues/${DEMO_VENUE_ID}/cards`, 'organiser');
      await expect
        .poll(() => cards.getByTestId('invite-phone').allInnerTexts())
        .toContain(`電話で参加: 050-1234-9876 → 番号 ${keypadNumber}`);
      // The line fits on the card: inside it, not over the QR code.
      const fits = await cards.getByTestId('invite-card').evaluateAll((all) =>
        all.every((card) => {
          const box = card.getBoundingClientRect();
          const line = card.querySelector('[data-testid="invite-phone"]')!.getBoundingClientRect();
          const qr = card.querySelector('[data-testid="invite-qr"]')!.getBoundingClientRect();
          const inside = line.top >= box.top && line.bottom <= box.bottom && line.left >= box.left && line.right <= box.right;
          const clear = line.right <= qr.left || line.top >= qr.bottom || line.bottom <= qr.top;
          return inside && clear;
        }),
      );
      await cards.getByTestId('invite-card').first().screenshot({ path: '/tmp/phonedata14-card.png' });
      expect(fits).toBe(true);
      await cards.context().close();
      expect(problems).toEqual([]);
    },
  );
});
