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
    await fillFields(sms, {
      'Account SID': twilio.accountSid ?? '',
      'Auth Token': twilio.authToken ?? '',
      'Phone number': twilio.phoneNumber ?? '',
    });
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

    expect(
      app.core.credentials
        .list(ws)
        .map((k) => [k.provider, k.status])
        .sort(),
    ).toEqual([
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
    await fillFields(sms, {
      'Account SID': twilio.accountSid ?? '',
      'Auth Token': '0123456789abcdef0123456789abcdef',
      'Phone number': twilio.phoneNumber ?? '',
    });
    await sms.getByRole('button', { name: 'Save & Test Credentials' }).click();
    await expect(sms.getByTestId('verified-badge')).toHaveText('✕Not Verified');
    await expect(sms.getByRole('alert')).toContainText('Twilio rejected the Account SID and Auth Token (error 20003).');
  });

  test('shows the unverified-domain warning for a from-address Resend has not verified', async ({ page, app }) => {
    clientWorkspace(app, 'Acme Dental');
    (app.sim('resend').state as { domains: { name: string; status: string }[] }).domains.push({
      name: 'acme.example',
      status: 'pending',
    } as never);
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

  test('switching the custom Twilio account off keeps the key on standby and sends through the platform; on again offers the same key back', async ({
    page,
    app,
  }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    const { addKey } = await import('./support/seed');
    const agency = await addKey(app, app.core.workspaces.agency().id, 'twilio', { nickname: 'Agency line' });
    const own = await addKey(app, ws, 'twilio', { nickname: 'Main line' });
    expect(app.core.resolver.resolve(ws, 'sms')).toMatchObject({ credentialId: own.id, owner: 'own' });
    await open(page, app, 'settings/messaging');
    await switchWorkspace(page, 'Acme Dental');

    const sms = page.getByTestId('service-sms');
    const toggle = sms.getByRole('switch', { name: 'Use Custom Twilio Account' });
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await toggle.click();
    // Nothing is lost, so nothing to confirm: off at once, and it says where the key went.
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await expect(page.getByTestId('toast').filter({ hasText: 'SMS uses the platform credentials again' })).toContainText('kept on standby');
    await expect(sms).toContainText('Off: SMS goes out through the agency’s platform credentials.');
    await expect(sms.getByTestId('standby-note')).toContainText('Twilio · “Main line”');
    await expect(sms.getByTestId('verified-badge')).toHaveCount(0);

    // Still stored, sealed and readable; only not used: sends resolve to the agency's key meanwhile.
    expect(app.core.credentials.list(ws).map((k) => [k.id, k.active, k.status])).toEqual([[own.id, false, 'valid']]);
    expect(app.core.credentials.fieldsFor(own.id)).toEqual(app.sim('twilio').fields);
    expect(app.core.resolver.resolve(ws, 'sms')).toMatchObject({ credentialId: agency.id, owner: 'agency' });
    expect(app.core.audit.list({ action: 'credential.delete' })).toEqual([]);
    expect(app.core.audit.list({ workspaceId: ws, action: 'credential.deactivate' })).toHaveLength(1);

    // The choice outlives the screen.
    await page.reload();
    await expect(page.getByTestId('workspace-button')).toContainText('Acme Dental');
    await expect(toggle).toHaveAttribute('aria-checked', 'false');

    await toggle.click();
    const standby = sms.getByTestId('standby-key');
    await expect(standby).toContainText('“Main line”');
    await expect(standby).toContainText(own.hints.authToken ?? '');
    await standby.getByRole('button', { name: 'Use this key again' }).click();
    await expect(sms.getByTestId('verified-badge')).toHaveText(/Verified ✓/);
    await expect(sms.getByTestId('check-steps')).toContainText('Back in use');
    await expect(sms.getByTestId('check-steps')).toContainText('Phone number');
    await expect(sms.getByRole('button', { name: 'Test Connection' })).toBeVisible();
    expect(app.core.credentials.get(own.id).active).toBe(true);
    expect(app.core.resolver.resolve(ws, 'sms')).toMatchObject({ credentialId: own.id, owner: 'own' });
    expect(
      app.core.audit
        .list({ workspaceId: ws, action: 'credential' })
        .map((e) => e.action)
        .slice(0, 2),
    ).toEqual(['credential.test', 'credential.activate']);
  });

  test('Save & Test shows each Twilio check line as it completes, the spinner on the one still pending', async ({ page, app }) => {
    clientWorkspace(app, 'Acme Dental');
    const { holdTwilioNumberLookup } = await import('./support/hold');
    const release = holdTwilioNumberLookup(app);
    await open(page, app, 'settings/messaging');
    await switchWorkspace(page, 'Acme Dental');
    const sms = page.getByTestId('service-sms');
    await sms.getByRole('switch', { name: 'Use Custom Twilio Account' }).click();
    const twilio = app.sim('twilio').fields;
    await fillFields(sms, {
      'Account SID': twilio.accountSid ?? '',
      'Auth Token': twilio.authToken ?? '',
      'Phone number': twilio.phoneNumber ?? '',
    });
    await sms.getByRole('button', { name: 'Save & Test Credentials' }).click();

    // The account has answered, the number lookup has not: its lines show, the check still runs.
    const steps = sms.getByTestId('check-steps');
    await expect(steps.locator('li[data-state="pass"]').filter({ hasText: 'Account type' })).toBeVisible();
    await expect(steps.locator('li').filter({ hasText: 'Active Full account.' })).toHaveAttribute('data-state', 'pass');
    await expect(steps.locator('li').last()).toHaveAttribute('data-state', 'running');
    await expect(steps).not.toContainText('Phone number');
    await expect(sms.getByRole('button', { name: 'Save & Test Credentials' })).toHaveAttribute('aria-busy', 'true');

    release();
    await expect(steps.locator('li[data-state="pass"]').filter({ hasText: 'Phone number' })).toBeVisible();
    await expect(steps.locator('li[data-state="running"]')).toHaveCount(0);
    await expect(sms.getByTestId('verified-badge')).toHaveText(/Verified ✓/);
  });
});
