import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Participant } from '@shared/venues/schemas';
import { DEMO_VENUE_ID } from '../../server/src/demo/seed';
import { api } from '../support/http';
import { setUpCallHarness } from './callHarness';

const harness = setUpCallHarness();

/** A participant's row on the venue page, by name. */
const row = (page: Page, name: string) => page.getByTestId('person').filter({ hasText: name });

async function openChanges(page: Page, name: string) {
  await row(page, name).getByTestId('person-changes').click();
  await row(page, name).getByTestId('participant-changes').waitFor();
}

async function participant(name: string): Promise<Participant> {
  const cookie = await harness.server.login('organiser');
  const { body } = await api<Participant[]>(harness.server.url, 'GET', `/api/venues/${DEMO_VENUE_ID}/participants`, { cookie });
  return body.find((p) => p.displayName === name || p.id === name)!;
}

describe('people coming and going, on the venue’s participant page', () => {
  it('puts someone on a break (お休み中) and back, then has them leave and erases their record on request', async () => {
    const page = await harness.openPage(`/admin/venues/${DEMO_VENUE_ID}`, { signedInAs: 'organiser' });
    await page.getByTestId('people-list').waitFor({ timeout: 15_000 });

    await openChanges(page, '伊藤 キヨ');
    await row(page, '伊藤 キヨ').getByTestId('pause').click();
    await expect.poll(() => row(page, '伊藤 キヨ').getByTestId('person-status').innerText()).toBe('お休み中');
    expect((await participant('伊藤 キヨ')).status).toBe('paused');
    await openChanges(page, '伊藤 キヨ');
    await row(page, '伊藤 キヨ').getByTestId('resume').click();
    await expect.poll(() => row(page, '伊藤 キヨ').getByTestId('person-status').count()).toBe(0);

    const suzuki = await participant('鈴木 よし子');
    await openChanges(page, '鈴木 よし子');
    await row(page, '鈴木 よし子').getByTestId('leave').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => row(page, '鈴木 よし子').count()).toBe(0);
    const former = page.getByTestId('people-former');
    await former.locator('summary').click();
    await expect.poll(() => former.getByTestId('former-person').filter({ hasText: '鈴木 よし子' }).count()).toBe(1);
    expect((await participant(suzuki.id)).status).toBe('left');

    await former.getByTestId('former-person').filter({ hasText: '鈴木 よし子' }).getByTestId('person-changes').click();
    await former.getByTestId('erase').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => former.getByTestId('former-person').filter({ hasText: '記録を消した方' }).count()).toBe(1);
    expect(await former.innerText()).not.toContain('鈴木 よし子');
    expect((await participant(suzuki.id)).status).toBe('erased');
  });
});
