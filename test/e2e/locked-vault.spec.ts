/** The key forms while the vault is locked: nothing to type that cannot be saved, and unlocking right in the form. */
import { expect, open, secretSightings, test } from './harness';
import { clientWorkspace } from './support/seed';
import { providerCard, switchWorkspace } from './support/ui';

const PASSPHRASE = 'correct horse battery staple';

test.describe('Add key with the vault locked (passphrase mode)', () => {
  test.use({ appOptions: { passphrase: PASSPHRASE, providers: ['openai'] } });

  test('disables the form with the reason, unlocks in the dialog, and keeps what was typed before the lock', async ({ page, app }) => {
    app.core.vault.lock();
    await open(page, app, 'keys');
    await providerCard(page, 'openai').getByRole('button', { name: 'Add OpenAI key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an OpenAI key' });
    const notice = dialog.getByTestId('vault-lock-notice');
    await expect(notice).toContainText('The vault is locked. Switchboard cannot save this key until it is unlocked');
    const apiKey = dialog.getByLabel('API key');
    await expect(apiKey).toBeDisabled();
    const add = dialog.getByRole('button', { name: 'Add & Test Key' });
    await expect(add).toBeDisabled();
    await expect(add).toHaveAttribute('title', 'The vault is locked: unlock it to save or test a key.');

    // A wrong passphrase: still locked, said in one sentence, the field emptied.
    const passphrase = notice.getByLabel('Vault passphrase');
    await passphrase.fill('not the passphrase');
    await notice.getByRole('button', { name: 'Unlock vault' }).click();
    await expect(notice.getByRole('alert')).toContainText('Still locked. That passphrase is not correct.');
    await expect(passphrase).toHaveValue('');
    expect(app.core.vault.isUnlocked()).toBe(false);

    // Half typed here, but the vault was opened elsewhere: what was typed goes with the notice.
    await passphrase.fill('half a passphr');
    await app.core.vault.unlock(PASSPHRASE);
    await expect(notice).toHaveCount(0);
    app.core.vault.lock();
    await expect(notice.getByLabel('Vault passphrase')).toHaveValue('');
    expect(await page.content()).not.toContain('half a passphr');

    // Enter unlocks without submitting the key form.
    await passphrase.fill(PASSPHRASE);
    await passphrase.press('Enter');
    await expect(notice).toHaveCount(0);
    expect(app.core.vault.isUnlocked()).toBe(true);
    await expect(apiKey).toBeEnabled();
    expect(app.core.credentials.list(app.core.workspaces.agency().id)).toEqual([]);

    // Locked again (auto-lock) after the secret was typed: the form waits, the secret is not lost.
    const secret = app.sim('openai').fields.apiKey ?? '';
    await apiKey.fill(secret);
    app.core.vault.lock();
    await expect(notice).toBeVisible();
    await expect(apiKey).toBeDisabled();
    await expect(add).toBeDisabled();
    await notice.getByLabel('Vault passphrase').fill(PASSPHRASE);
    await notice.getByRole('button', { name: 'Unlock vault' }).click();
    await expect(add).toBeEnabled();
    await add.click();
    await expect(dialog).toContainText('Validated — OpenAI accepted the key');
    expect(await secretSightings(page, [secret, PASSPHRASE])).toEqual([]);
  });
});

test.describe('Messaging Save & Test with the vault locked (keychain mode)', () => {
  test.use({ appOptions: { providers: ['twilio', 'resend'] } });

  test('disables Save & Test with the reason and unlocks from the section', async ({ page, app }) => {
    clientWorkspace(app, 'Acme Dental');
    await open(page, app, 'settings/messaging');
    await switchWorkspace(page, 'Acme Dental');
    app.core.vault.lock();
    const sms = page.getByTestId('service-sms');
    await sms.getByRole('switch', { name: 'Use Custom Twilio Account' }).click();
    const notice = sms.getByTestId('vault-lock-notice');
    await expect(notice).toContainText('Switchboard cannot save these credentials until it is unlocked.');
    await expect(sms.getByLabel('Auth Token')).toBeDisabled();
    await expect(sms.getByRole('button', { name: 'Save & Test Credentials' })).toBeDisabled();

    // The keychain holds the master key: unlocking asks it again, no passphrase.
    await notice.getByRole('button', { name: 'Unlock vault' }).click();
    await expect(notice).toHaveCount(0);
    expect(app.core.vault.isUnlocked()).toBe(true);
    await expect(sms.getByLabel('Auth Token')).toBeEnabled();
    await expect(sms.getByRole('button', { name: 'Save & Test Credentials' })).toBeEnabled();
  });
});
