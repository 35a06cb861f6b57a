/**
 * Screenshots of each main screen at 1440×900 and 1024×700, light and dark. They go to
 * docs/screenshots (tracked) on every run.
 * Secrets are never on screen: the dialogs are captured with masked inputs.
 */
import { expect, open, test } from './harness';
import { shot } from './support/shot';
import { buildShowcase } from './support/showcase';
import { fillFields, switchWorkspace } from './support/ui';

test.describe('screenshots', () => {
  test('main screens at 1440×900', async ({ page, app }) => {
    await buildShowcase(app);
    await open(page, app, 'keys');
    await expect(page.getByTestId('stat-connected')).toContainText('of 16');
    await expect(page.getByTestId('provider-sentry').locator('[data-status="invalid"]').first()).toBeVisible();
    await shot(page, 'dashboard');

    await page.goto(`${app.url}/#/keys/add/twilio`);
    const dialog = page.getByRole('dialog', { name: 'Add a Twilio key' });
    const twilio = app.sim('twilio').fields;
    await fillFields(dialog, { 'Account SID': twilio.accountSid ?? '', 'Auth Token': twilio.authToken ?? '', 'Phone number': '+1500555' });
    await dialog.getByLabel('Nickname').fill('Second line');
    await shot(page, 'add-key-dialog');
    await fillFields(dialog, { 'Phone number': twilio.phoneNumber ?? '' });
    await dialog.getByRole('button', { name: 'Add & Test Key' }).click();
    await expect(dialog).toContainText('Validated —');
    await shot(page, 'add-key-result');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Search workspaces' }).fill('');
    await shot(page, 'workspace-switcher');
    await page.keyboard.press('Escape');

    await switchWorkspace(page, 'Acme Dental');
    await page.goto(`${app.url}/#/settings/messaging`);
    await expect(page.getByTestId('service-email').getByTestId('verified-badge')).toBeVisible();
    await shot(page, 'messaging-settings');

    await page.goto(`${app.url}/#/onboarding`);
    await expect(page.getByTestId('channel-voice')).toBeVisible();
    await shot(page, 'onboarding');

    await page.goto(`${app.url}/#/audit`);
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByTestId('verdict')).toBeVisible();
    await shot(page, 'audit');

    await page.goto(`${app.url}/#/vault`);
    await expect(page.getByTestId('vault-state')).toContainText('Unlocked');
    await shot(page, 'vault');

    await page.goto(`${app.url}/#/keys`);
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByTestId('stat-connected')).toContainText('of 16');
    await shot(page, 'dashboard-dark');
    await page.goto(`${app.url}/#/settings/messaging`);
    await expect(page.getByTestId('service-sms')).toBeVisible();
    await shot(page, 'messaging-settings-dark');
  });

  test('the smallest supported window, 1024×700', async ({ page, app }) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await buildShowcase(app);
    await open(page, app, 'keys');
    await expect(page.getByTestId('stat-connected')).toContainText('of 16');
    await shot(page, 'dashboard-1024');
    await page.goto(`${app.url}/#/keys/add/anthropic`);
    await expect(page.getByRole('dialog')).toBeVisible();
    await shot(page, 'add-key-dialog-1024');
    await page.keyboard.press('Escape');
    await switchWorkspace(page, 'Acme Dental');
    await page.goto(`${app.url}/#/onboarding`);
    await expect(page.getByTestId('channel-voice')).toBeVisible();
    await shot(page, 'onboarding-1024');
    await page.goto(`${app.url}/#/audit`);
    await expect(page.locator('.audit-table')).toBeVisible();
    await shot(page, 'audit-1024');
  });
});

test.describe('screenshots, passphrase vault', () => {
  test.use({ appOptions: { passphrase: 'correct horse battery staple' } });

  test('the vault locked in passphrase mode', async ({ page, app }) => {
    await open(page, app, 'vault');
    await page.getByRole('button', { name: 'Lock now' }).click();
    await expect(page.getByTestId('vault-state')).toContainText('Locked');
    await page.getByLabel('Passphrase').focus();
    await shot(page, 'vault-locked');
    await page.goto(`${app.url}/#/keys`);
    await expect(page.getByTestId('vault-bar')).toBeVisible();
    await shot(page, 'dashboard-locked');
  });
});

test.describe('screenshots, no keychain', () => {
  test.use({ appOptions: { noKeychain: true, providers: ['openai'] } });

  test('the vault set-up form on a machine without a keychain', async ({ page, app }) => {
    await open(page, app, 'vault');
    await expect(page.getByTestId('vault-state')).toContainText('Not set up');
    await page.getByLabel('New passphrase', { exact: true }).fill('correct horse battery staple');
    await page.getByLabel('Type the new passphrase again').focus();
    await shot(page, 'vault-setup');
  });
});
