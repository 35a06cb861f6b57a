/** The API Keys dashboard (seed 001) against the provider simulators. */
import { openaiRoutes } from '../sim/ai';
import { expect, open, secretSightings, test } from './harness';
import { holdRoute } from './support/hold';
import { addKey } from './support/seed';
import { providerCard } from './support/ui';

test.describe('API Keys dashboard', () => {
  test('adds a key with Add & Test, showing each check line, then reveals, copies and removes it', async ({ page, app }) => {
    await open(page, app, 'keys');
    await expect(page.getByTestId('stat-connected')).toContainText('0 of 16');

    const card = providerCard(page, 'anthropic');
    await card.getByRole('button', { name: 'Add Anthropic key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an Anthropic key' });
    await expect(dialog.getByRole('link', { name: /Open the Anthropic key page/ })).toHaveAttribute(
      'href',
      'https://console.anthropic.com/settings/keys',
    );
    await expect(dialog.getByRole('link', { name: /Open the Anthropic key page/ })).toHaveAttribute('target', '_blank');

    // Live format feedback, before anything is sent.
    const apiKey = dialog.getByLabel('API key');
    await expect(apiKey).toHaveAttribute('type', 'password');
    await apiKey.fill('sk-ant-admin01-not-usable-for-calls-000000');
    // A polite live region tied to the field, not an alert on every keystroke.
    await expect(dialog.getByTestId('field-problem')).toContainText(/does not look like an? Anthropic/i);
    await expect(apiKey).toHaveAccessibleDescription(/does not look like an? Anthropic/i);
    await expect(apiKey).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByTestId('field-problem').locator('xpath=..')).toHaveAttribute('aria-live', 'polite');
    const secret = app.sim('anthropic').fields.apiKey ?? '';
    await apiKey.fill(secret);
    await expect(dialog.getByText('Looks like an Anthropic API key')).toBeVisible();
    await dialog.getByLabel('Nickname').fill('Voice agents');
    await dialog.getByRole('radio', { name: 'Production' }).click();
    await dialog.getByRole('button', { name: 'Add & Test Key' }).click();

    const steps = dialog.getByTestId('check-steps');
    await expect(steps.locator('li').first()).toContainText('Format');
    await expect(steps).toContainText('Encrypt and store');
    await expect(steps.locator('li[data-state="pass"]').filter({ hasText: 'API key' })).toBeVisible();
    await expect(dialog).toContainText('Validated — Anthropic accepted the key');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();

    const row = card.getByTestId('key-row');
    await expect(row).toContainText('Voice agents');
    await expect(row).toContainText('Production');
    await expect(row.locator('[data-status="valid"]')).toHaveText('●Validated');
    await expect(row).toContainText('Tested just now');
    await expect(page.getByTestId('stat-connected')).toContainText('1 of 16');
    expect(await secretSightings(page, [secret])).toEqual([]);

    // Reveal: audited, shows the plaintext until hidden.
    await row.getByRole('button', { name: 'Reveal Anthropic key “Voice agents”', exact: true }).click();
    await expect(row.getByTestId('revealed-value')).toHaveCount(1);
    expect((await row.getByTestId('revealed-value').textContent()) === secret).toBe(true);
    await expect(row).toContainText(/Visible for \d+ s/);
    // Even revealed, the value lives in that one component, never in a store.
    expect((await secretSightings(page, [secret])).filter((s) => s.includes('store'))).toEqual([]);
    await row.getByRole('button', { name: 'Hide Anthropic key “Voice agents”', exact: true }).click();
    await expect(row.getByTestId('revealed-value')).toHaveCount(0);
    expect(await secretSightings(page, [secret])).toEqual([]);

    // Copy: main writes the clipboard; the renderer never sees the value.
    await row.getByRole('button', { name: 'Copy API key of Anthropic key “Voice agents”', exact: true }).click();
    await expect(page.getByTestId('toast').filter({ hasText: 'Copied the API key' })).toContainText('cleared from the clipboard in 30 s');
    expect(app.clipboard.text === secret).toBe(true);
    expect(await secretSightings(page, [secret])).toEqual([]);

    // Remove: one confirmation naming the key.
    await expect(row.getByRole('button', { name: 'Test Anthropic key “Voice agents”', exact: true })).toBeEnabled();
    await row.getByRole('button', { name: 'Remove Anthropic key “Voice agents”', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete this Anthropic key?' });
    await expect(confirm).toContainText('“Voice agents” (production)');
    await expect(confirm).toContainText('there is no second copy');
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await expect(card.getByTestId('key-row')).toHaveCount(0);
    await expect(page.getByTestId('stat-connected')).toContainText('0 of 16');

    const actions = app.core.audit.list({ action: 'credential' }).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['credential.add', 'credential.test', 'credential.reveal', 'credential.copy', 'credential.delete']),
    );
  });

  test('hides a revealed key by itself after 30 seconds', async ({ page, app }) => {
    await page.clock.install();
    await addKey(app, app.core.workspaces.agency().id, 'openai', { nickname: 'Drafting' });
    await open(page, app, 'keys');
    const row = providerCard(page, 'openai').getByTestId('key-row');
    await row.getByRole('button', { name: 'Reveal OpenAI key “Drafting”', exact: true }).click();
    await expect(row.getByTestId('revealed-value')).toHaveCount(1);
    await page.clock.runFor(31_000);
    await expect(row.getByTestId('revealed-value')).toHaveCount(0);
  });

  test('keeps a rejected key marked invalid and says why, then retries it in place', async ({ page, app }) => {
    await open(page, app, 'keys/add/github');
    const dialog = page.getByRole('dialog', { name: 'Add a GitHub key' });
    await dialog.getByLabel('Token').fill('ghp_WrongToken000000000000000000000000');
    await dialog.getByRole('button', { name: 'Add & Test Key' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Invalid — GitHub rejected the key.');
    await dialog.getByLabel('Token').fill(app.sim('github').fields.token ?? '');
    await dialog.getByRole('button', { name: 'Save & Test again' }).click();
    await expect(dialog).toContainText('Validated —');
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The retry updated the same key: one key, valid.
    await expect(providerCard(page, 'github').getByTestId('key-row')).toHaveCount(1);
    expect(app.core.credentials.list(app.core.workspaces.agency().id).map((k) => k.status)).toEqual(['valid']);
  });

  test('filters the catalog by category (arrow keys move between categories) and by text (/ focuses it)', async ({ page, app }) => {
    await open(page, app, 'keys');
    await expect(page.locator('article[data-testid^="provider-"]')).toHaveCount(16);
    await page.getByRole('radio', { name: /^Email/ }).click();
    await expect(page.locator('article[data-testid^="provider-"]')).toHaveCount(2);
    await expect(providerCard(page, 'resend')).toBeVisible();
    await expect(providerCard(page, 'sendgrid')).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: /^AI/ })).toBeFocused();
    await expect(page.getByRole('radio', { name: /^AI/ })).toHaveAttribute('aria-checked', 'true');
    await expect(page.locator('article[data-testid^="provider-"]')).toHaveCount(2);
    await expect(providerCard(page, 'anthropic')).toBeVisible();

    await page.getByRole('radio', { name: /^All/ }).click();
    await page.keyboard.press('/');
    await expect(page.getByRole('textbox', { name: 'Filter services' })).toBeFocused();
    await page.keyboard.type('speech');
    await expect(page.locator('article[data-testid^="provider-"]')).toHaveCount(2);
    await page.keyboard.press('Escape');
    await expect(page.locator('article[data-testid^="provider-"]')).toHaveCount(16);
  });

  test('checks every key of the workspace, with progress, and puts problems first', async ({ page, app }) => {
    const agency = app.core.workspaces.agency().id;
    await addKey(app, agency, 'openai', { check: false });
    await addKey(app, agency, 'stripe', { check: false, environment: 'test' });
    await addKey(app, agency, 'github', { check: false, fields: { token: 'ghp_WrongToken000000000000000000000000' } });
    // OpenAI's check is held until the progress has been seen: a fixed latency would race a busy machine.
    const models = openaiRoutes.find((r) => r.method === 'GET' && r.path === '/v1/models');
    if (!models) throw new Error('the OpenAI simulator has no models route');
    const release = holdRoute(app, 'openai', models);
    await open(page, app, 'keys');
    await expect(page.locator('[data-status="unverified"]')).toHaveCount(3);
    await page.getByRole('button', { name: 'Check all keys' }).click();
    await expect(page.getByRole('button', { name: /Checking \d of 3/ })).toBeVisible();
    await expect(page.locator('[data-status="checking"]').first()).toBeVisible();
    release();
    await expect(page.getByTestId('toast').filter({ hasText: 'Checked 3 keys' })).toContainText('1 rejected by their provider.');
    await expect(page.getByTestId('stat-attention')).toContainText('1 of 3 keys');
    // The rejected key's card now leads the grid.
    await expect(page.locator('article[data-testid^="provider-"]').first()).toHaveAttribute('data-testid', 'provider-github');
  });

  test('Add & Test shows each of the provider’s check lines as it completes, while the rest is still checked', async ({ page, app }) => {
    const { holdTwilioNumberLookup } = await import('./support/hold');
    const release = holdTwilioNumberLookup(app);
    await open(page, app, 'keys/add/twilio');
    const dialog = page.getByRole('dialog', { name: 'Add a Twilio key' });
    const twilio = app.sim('twilio').fields;
    await dialog.getByLabel('Account SID').fill(twilio.accountSid ?? '');
    await dialog.getByLabel('Auth Token').fill(twilio.authToken ?? '');
    await dialog.getByLabel('Phone number').fill(twilio.phoneNumber ?? '');
    await dialog.getByRole('button', { name: 'Add & Test Key' }).click();

    const steps = dialog.getByTestId('check-steps');
    await expect(steps.locator('li[data-state="pass"]').filter({ hasText: 'Account type' })).toBeVisible();
    await expect(steps.locator('li').last()).toHaveAttribute('data-state', 'running');
    await expect(steps.locator('li').last()).toContainText('Checking the rest…');
    await expect(steps).not.toContainText('Phone number');
    // Stored already (a retry would update it), and still busy checking.
    await expect(dialog.locator('button[type="submit"]')).toHaveAttribute('aria-busy', 'true');

    release();
    await expect(steps.locator('li[data-state="pass"]').filter({ hasText: 'Phone number' })).toBeVisible();
    await expect(steps.locator('li').nth(2)).toContainText('Account');
    await expect(dialog).toContainText('Validated — Twilio accepted the key');
  });
});
