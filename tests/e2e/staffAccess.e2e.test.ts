import { describe, expect, it } from 'vitest';
import { setUpCallHarness } from './callHarness';

/**
 * A new volunteer host, as an organiser adds them on the staff page and they start on their own phone: the one-time
 * link and its QR code, the set-password page, signed in on /host with the venue's hosts named; the link once only.
 */
const harness = setUpCallHarness();

describe('adding a host and their first sign-in', () => {
  it('the organiser adds a host and gets a link with a QR code; the link sets a password once, signs in, and /host names the venue’s hosts', async () => {
    const staffPage = await harness.openPage('/admin/staff', { signedInAs: 'organiser' });
    await staffPage.getByTestId('add-staff').click();
    await staffPage.getByTestId('add-staff-name').fill('山田 ボランティア');
    await staffPage.getByTestId('add-staff-email').fill('yamada.volunteer@example.jp');
    await staffPage.getByTestId('add-staff-role').selectOption('host');
    await staffPage.getByTestId('add-staff-submit').click();

    const panel = staffPage.getByTestId('access-link');
    await panel.waitFor({ timeout: 10_000 });
    await expect(panel.getByTestId('access-link-qr').getAttribute('src')).resolves.toMatch(/^data:image\/svg\+xml/);
    const url = await panel.getByTestId('access-link-url').innerText();
    expect(url).toMatch(/\/welcome\/[A-Za-z0-9_-]{32}$/);
    const newMember = staffPage.locator('[data-testid="staff-member"]', { hasText: 'yamada.volunteer@example.jp' });
    await expect(newMember.getByTestId('staff-state').innerText()).resolves.toContain('パスワード未設定');

    // The volunteer's own device: not signed in.
    const phone = await harness.openPage(new URL(url).pathname);
    await phone.getByTestId('welcome-page').waitFor({ timeout: 10_000 });
    await expect(phone.getByRole('heading', { level: 1 }).innerText()).resolves.toContain('山田 ボランティア');
    await phone.getByTestId('welcome-password').fill('short');
    await phone.getByTestId('welcome-submit').click();
    await expect(phone.getByText('10文字以上にしてください。', { exact: false }).first().isVisible()).resolves.toBe(true);
    await phone.getByTestId('welcome-password').fill('yamada-no-password');
    await phone.getByTestId('welcome-confirm').fill('yamada-no-passwort');
    await phone.getByTestId('welcome-submit').click();
    await phone.getByText('確認のパスワードが合っていません').waitFor();
    await phone.getByTestId('welcome-confirm').fill('yamada-no-password');
    await phone.getByTestId('welcome-submit').click();
    await phone.getByTestId('host-page').waitFor({ timeout: 10_000 });
    expect(new URL(phone.url()).pathname).toBe('/host');

    // Back on the staff page, the organiser gives the new host the demo venue; the host's page names its hosts.
    await newMember.getByTestId('change-venues').click();
    await newMember.getByText('さくら町 公民館').click();
    await newMember.getByTestId('save-venues').click();
    await newMember.getByText('会場を変えました', { exact: false }).waitFor();
    await phone.reload();
    const hosts = phone.getByTestId('venue-hosts').first();
    await hosts.waitFor({ timeout: 10_000 });
    await expect(hosts.innerText()).resolves.toContain('山田 ボランティア');

    // The same link again, on another device: used.
    const again = await harness.openPage(new URL(url).pathname);
    await again.getByTestId('welcome-used').waitFor({ timeout: 10_000 });
  });

  it('resetting the access on the staff page signs the host out and shows a new link; a mistyped link says it does not work', async () => {
    const staffPage = await harness.openPage('/admin/staff', { signedInAs: 'organiser' });
    const demoHost = staffPage.locator('[data-testid="staff-member"][data-user-id="usr_demo_host"]');
    await demoHost.getByTestId('reset-access').click();
    await staffPage.getByTestId('confirm-ok').click();
    const panel = demoHost.getByTestId('access-link');
    await panel.waitFor({ timeout: 10_000 });
    await expect(panel.getByTestId('access-link-url').innerText()).resolves.toMatch(/\/welcome\/[A-Za-z0-9_-]{32}$/);
    await expect(demoHost.getByTestId('staff-state').innerText()).resolves.toContain('パスワード未設定');

    const wrong = await harness.openPage('/welcome/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await wrong.getByTestId('welcome-unknown').waitFor({ timeout: 10_000 });
  });
});
