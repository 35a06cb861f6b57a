/** Settings → Messaging (seed 000) against the Twilio and Resend simulators. */
import { expect, open, secretSightings, test } from './harness';
import { clientWorkspace } from './support/seed';
import { fillFields, switchWorkspace } from './support/ui';

test.describe('Settings → Messaging', () => {
  test('adds a custom Twilio account and Resend service, each ending Verified ✓', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    await open(page, app, 'settings/messaging');
    await switchWorkspace(page, 'Acme Dental');

    const sms = page.getByTestId('service-sms');
    await sms.getByRole('switch', { name: 'Use Custom Twilio Account' }).click();
    const twilio = app.sim('twilio').fields;
    await fillFields(sms, { 'Account SID': twilio.accountSid ?? '', 'Auth Token': twilio.authToken ?? '', 'Phone number': twilio.phoneNumber ?? '' });
    await sms.getByRole('button', { name: 'Save & Test Credentials' }).click();
    await expect(sms.getByTestId('verified-badge')).toHaveText('●Verified ✓');
    await expect(sms.getByTestId('last-tested')).toHaveText('Last tested just now');
    // The secret is never shown back: a hint in the summary; updating means typing it again.
    const hint = app.core.credentials.list(ws).find((k) => k.provider === 'twilio')?.hints.authToken ?? '';
    await expect(sms).toContainText(hint);
    await sms.getByRole('button', { name: 'Update credentials' }).click();
    await expect(sms.getByLabel('Account SID')).toHaveValue(twilio.accountSid ?? '');
    await expect(sms.getByLabel('Auth Token')).toHaveValue('');
    await expect(sms.getByLabel('Auth Token')).toHaveAttribute('placeholder', `${hint} — type a new value to replace it`);
    await sms.getByRole('button', { name: 'Cancel' }).click();

    const email = page.getByTestId('service-email');
    await email.getByRole('switch', { name: 'Use Custom Email Service' }).click();
    await expect(email.getByRole('radio', { name: 'Resend' })).toHaveAttribute('aria-checked', 'true');
    const resend = app.sim('resend').fields;
    await fillFields(email, { 'API key': resend.apiKey ?? '', 'From address': resend.fromEmail ?? '' });
    await email.getByRole('button', { name: 'Save & Test Credentials' }).click();
    await expect(email.getByTestId('verified-badge')).toHaveText('●Verified ✓');

    // Test Connection re-checks the stored key.
    await sms.getByRole('button', { name: 'Test Connection' }).click();
    await expect(page.getByTestId('toast').filter({ hasText: 'Twilio: connection works' })).toBeVisible();

    expect(app.core.credentials.list(ws).map((k) => [k.provider, k.status]).sort()).toEqual([
      ['resend', 'valid'],
      ['twilio', 'valid'],
    ]);
    expect(await secretSightings(page, app.secrets())).toEqual([]);
  });

  test('says in one sentence that Twilio rejected a wrong auth token', async ({ page, app }) => {
    clientWorkspace(app, 'Acme Dental');
    await open(page, app, 'settings/messaging');
    await switchWorkspace(page, 'Acme Dental');
    const sms = page.getByTestId('service-sms');
    await sms.getByRole('switch', { name: 'Use Custom Twilio Account' }).click();
    const twilio = app.sim('twilio').fields;
    await fillFields(sms, { 'Account SID': twilio.accountSid ?? '', 'Auth Token': '0123456789abcdef0123456789abcdef', 'Phone number': twilio.phoneNumber ?? '' });
    await sms.getByRole('button', { name: 'Save & Test Credentials' }).click();
    await expect(sms.getByTestId('verified-badge')).toHaveText('✕Not Verified');
    await expect(sms.getByRole('alert')).toContainText('Twilio rejected the Account SID and Auth Token (error 20003).');
  });

  test('shows the unverified-domain warning for a from-address Resend has not verified', async ({ page, app }) => {
    clientWorkspace(app, 'Acme Dental');
    (app.sim('resend').state as { domains: { name: string; status: string }[] }).domains.push({ name: 'acme.example', status: 'pending' } as never);
    await open(page, app, 'settings/messaging');
    await switchWorkspace(page, 'Acme Dental');
    const email = page.getByTestId('service-email');
    await email.getByRole('switch', { name: 'Use Custom Email Service' }).click();
    await fillFields(email, { 'API key': app.sim('resend').fields.apiKey ?? '', 'From address': 'hello@acme.example' });
    await email.getByRole('button', { name: 'Save & Test Credentials' }).click();
    await expect(email.getByTestId('verified-badge')).toHaveText('▲Verified, with a warning');
    await expect(email).toContainText('acme.example is not verified yet');
  });

  test('reverts to platform credentials after naming exactly what is deleted', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    const { addKey } = await import('./support/seed');
    const twilio = await addKey(app, ws, 'twilio', { nickname: 'Main line' });
    await addKey(app, ws, 'resend', { nickname: 'Receipts' });
    await addKey(app, ws, 'anthropic');
    await open(page, app, 'settings/messaging');
    await switchWorkspace(page, 'Acme Dental');

    await page.getByRole('button', { name: 'Revert to Platform Credentials' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Revert to platform credentials?' });
    const list = dialog.getByTestId('revert-list');
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list).toContainText(`Twilio · “Main line” (production) — Auth Token ${twilio.hints.authToken}`);
    await expect(list).toContainText('Resend · “Receipts” (production)');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Delete 2 keys and revert' }).click();
    await expect(page.getByTestId('toast').filter({ hasText: 'Reverted to platform credentials' })).toBeVisible();
    await expect(page.getByRole('switch', { name: 'Use Custom Twilio Account' })).toHaveAttribute('aria-checked', 'false');
    await expect(page.getByRole('switch', { name: 'Use Custom Email Service' })).toHaveAttribute('aria-checked', 'false');
    // Voice keys are not messaging keys: they stay.
    expect(app.core.credentials.list(ws).map((k) => k.provider)).toEqual(['anthropic']);
  });
});
