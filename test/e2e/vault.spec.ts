/** The vault screen in passphrase mode: lock now, what a locked vault blocks, unlocking. */
import { expect, open, test } from './harness';

const PASSPHRASE = 'correct horse battery staple';

test.describe('Vault (passphrase mode)', () => {
  test.use({ appOptions: { passphrase: PASSPHRASE } });

  test('locks now, explains what is blocked, refuses a wrong passphrase and unlocks with the right one', async ({ page, app }) => {
    await open(page, app, 'vault');
    const state = page.getByTestId('vault-state');
    await expect(state).toContainText('Unlocked');
    await expect(state).toContainText('Passphrase');
    await page.getByRole('button', { name: 'Lock now' }).click();
    await expect(state).toContainText('Locked');
    await expect(page.getByRole('link', { name: /Vault/ })).toContainText('Locked');
    expect(app.core.vault.isUnlocked()).toBe(false);

    // Workspace screens stay usable for reading, and say why adding a key cannot work now.
    await page.getByRole('link', { name: 'API Keys' }).click();
    await expect(page.getByTestId('vault-bar')).toContainText('need your passphrase');
    await page.getByTestId('provider-openai').getByRole('button', { name: 'Add OpenAI key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an OpenAI key' });
    await dialog.getByLabel('API key').fill(app.sim('openai').fields.apiKey ?? '');
    await dialog.getByRole('button', { name: 'Add & Test Key' }).click();
    const banner = dialog.getByRole('alert').filter({ hasText: 'Key not saved' });
    await expect(banner).toContainText('Key not saved. The vault is locked: unlock it to use stored keys.');
    await banner.getByRole('button', { name: 'Open vault' }).click();

    const passphrase = page.getByLabel('Passphrase');
    await passphrase.fill('not the passphrase');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('Still locked. That passphrase is not correct.');
    await expect(passphrase).toHaveValue('');
    await passphrase.fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(state).toContainText('Unlocked');
    await expect(page.getByTestId('vault-bar')).toHaveCount(0);
    expect(app.core.vault.isUnlocked()).toBe(true);
  });

  test('follows a lock that happens in the main process (auto-lock)', async ({ page, app }) => {
    await open(page, app, 'keys');
    await expect(page.getByTestId('vault-bar')).toHaveCount(0);
    app.core.vault.lock();
    await expect(page.getByTestId('vault-bar')).toBeVisible();
  });
});
