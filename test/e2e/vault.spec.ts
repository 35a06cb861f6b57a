/** The vault screen in passphrase mode: setting it up without a keychain, lock now, what a locked vault blocks, unlocking. */
import { expect, open, secretSightings, test } from './harness';

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
    // No typing a secret that cannot be saved: the form waits for the vault (unlocking in the dialog: locked-vault.spec.ts).
    await expect(dialog.getByTestId('vault-lock-notice')).toContainText('The vault is locked.');
    await expect(dialog.getByLabel('API key')).toBeDisabled();
    await expect(dialog.getByRole('button', { name: 'Add & Test Key' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Open vault screen' }).click();

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

  test('rotates the master key only with the current passphrase, and the new one then unlocks', async ({ page, app }) => {
    const NEXT = 'tangerine lighthouse orbit';
    await open(page, app, 'vault');
    await page.getByRole('button', { name: 'Rotate master key…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Rotate the master key?' });
    await expect(dialog).toContainText('It cannot be recovered');
    await dialog.getByLabel('Current passphrase').fill('not the passphrase');
    await dialog.getByLabel('New passphrase', { exact: true }).fill(NEXT);
    await dialog.getByLabel('Type the new passphrase again').fill(NEXT);
    await dialog.getByRole('button', { name: 'Rotate now' }).click();
    await expect(dialog.getByRole('alert')).toContainText(
      'Master key not rotated. The current passphrase is not correct; nothing was changed.',
    );
    await expect(dialog.getByLabel('Current passphrase')).toHaveValue('');
    expect(app.core.vault.status().generation).toBe(1);

    await dialog.getByLabel('Current passphrase').fill(PASSPHRASE);
    await dialog.getByLabel('New passphrase', { exact: true }).fill(NEXT);
    await dialog.getByLabel('Type the new passphrase again').fill(NEXT);
    await dialog.getByRole('button', { name: 'Rotate now' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('vault-state')).toContainText('Generation 2');

    await page.getByRole('button', { name: 'Lock now' }).click();
    const passphrase = page.getByLabel('Passphrase', { exact: true });
    await passphrase.fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('Still locked. That passphrase is not correct.');
    await passphrase.fill(NEXT);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByTestId('vault-state')).toContainText('Unlocked');
  });

  test('follows a lock that happens in the main process (auto-lock)', async ({ page, app }) => {
    await open(page, app, 'keys');
    await expect(page.getByTestId('vault-bar')).toHaveCount(0);
    app.core.vault.lock();
    await expect(page.getByTestId('vault-bar')).toBeVisible();
  });
});

test.describe('Vault (no keychain, not set up yet)', () => {
  test.use({ appOptions: { noKeychain: true, providers: ['openai'] } });

  test('sets the vault up with a passphrase typed twice, stores a key, locks and unlocks', async ({ page, app }) => {
    expect(app.core.vault.status()).toMatchObject({ initialized: false, locked: true });
    await open(page, app, 'keys');
    const bar = page.getByTestId('vault-bar');
    await expect(bar).toContainText(
      'The vault has not been set up yet, so keys cannot be stored: choose a passphrase on the Vault screen.',
    );
    await bar.getByRole('button', { name: 'Set up vault' }).click();

    const state = page.getByTestId('vault-state');
    await expect(state).toContainText('Not set up');
    await expect(page.getByRole('link', { name: /Vault/ })).toContainText('Set up');
    const form = page.getByRole('form', { name: 'Set up the vault' });
    await expect(form).toContainText('There is no system keychain on this machine');
    await expect(form).toContainText('It cannot be recovered.');
    await expect(form).toContainText('at least 12 characters');
    const first = form.getByLabel('New passphrase', { exact: true });
    const second = form.getByLabel('Type the new passphrase again');
    await expect(first).toHaveAttribute('type', 'password');
    await expect(second).toHaveAttribute('type', 'password');

    // A slip in the second copy is refused by main, and nothing is created.
    await first.fill(PASSPHRASE);
    await second.fill(`${PASSPHRASE}!`);
    await expect(form.getByText('The two passphrases differ.')).toBeVisible();
    await form.getByRole('button', { name: 'Set up vault' }).click();
    await expect(form.getByRole('alert').filter({ hasText: 'Vault not set up' })).toContainText(
      'Vault not set up. The two passphrases differ. Nothing was created.',
    );
    await expect(first).toHaveValue('');
    await expect(second).toHaveValue('');
    expect(app.core.vault.status().initialized).toBe(false);

    await first.fill(PASSPHRASE);
    await second.fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Set up vault' }).click();
    await expect(state).toContainText('Unlocked');
    await expect(state).toContainText('Passphrase');
    await expect(form).toHaveCount(0);
    expect(app.core.vault.status()).toMatchObject({ initialized: true, mode: 'passphrase', locked: false });
    expect(await secretSightings(page, [PASSPHRASE])).toEqual([]);

    await page.getByRole('link', { name: 'API Keys' }).click();
    await expect(page.getByTestId('vault-bar')).toHaveCount(0);
    await page.getByTestId('provider-openai').getByRole('button', { name: 'Add OpenAI key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an OpenAI key' });
    await dialog.getByLabel('API key').fill(app.sim('openai').fields.apiKey ?? '');
    await dialog.getByRole('button', { name: 'Add & Test Key' }).click();
    await expect(dialog).toContainText('Validated —');
    await dialog.getByRole('button', { name: 'Done' }).click();
    const [key] = app.core.credentials.list(app.core.workspaces.agency().id);
    expect(key?.provider).toBe('openai');

    await page.getByRole('link', { name: /Vault/ }).click();
    await page.getByRole('button', { name: 'Lock now' }).click();
    await expect(state).toContainText('Locked');
    expect(app.core.vault.isUnlocked()).toBe(false);
    const passphrase = page.getByLabel('Passphrase', { exact: true });
    await passphrase.fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(state).toContainText('Unlocked');
    expect(app.core.credentials.reveal(key?.id ?? '', 'console').apiKey).toBe(app.sim('openai').fields.apiKey);
  });
});
