/** Rotating a key from its row: the 90-day reminder, what depends on it, the live check, the switch, the standby key and its destruction. */
import { Readable } from 'node:stream';
import type { ProviderSim } from '../sim/server';
import type { TwilioState } from '../sim/twilio';
import { expect, open, secretSightings, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';
import { providerCard, switchWorkspace } from './support/ui';
import { shot } from './support/shot';

const NEW_TOKEN = '0123456789abcdef0123456789abcdef';
const DAY = 86_400_000;

test.use({ appOptions: { providers: ['twilio', 'resend'] } });

test.describe('Rotating a key', () => {
  test('reminds after 90 days, shows what depends on the key, refuses a wrong key, switches, and destroys the old key once revoked', async ({
    page,
    app,
  }) => {
    const twilio = app.sim('twilio') as ProviderSim<TwilioState>;
    const oldToken = twilio.state.authToken;
    const ws = clientWorkspace(app, 'Acme Dental');
    const key = await addKey(app, ws, 'twilio', { nickname: 'Main line' });
    // Stored 120 days before the core's today: the reminder is due.
    app.core.credentials.repo.patch(key.id, { created_at: new Date(app.core.now().getTime() - 120 * DAY).toISOString() });
    await app.core.campaigns.create(
      {
        workspaceId: ws,
        channel: 'sms',
        contacts: Readable.from([Buffer.from('phone,first_name,timezone\n+14155550123,Jo,America/New_York\n')]),
        template: 'Hi {{first_name}}, time for your check-up.',
        window: '00:00-24:00',
        name: 'Spring check-ups',
      },
      'console',
    );
    app.core.workflows.addRule(
      { workspaceId: ws, outcome: 'interested', channel: 'sms', template: 'Thanks {{first_name}}! Book at acme.example/book' },
      'console',
    );
    app.core.agents.create(ws, { name: 'Ava', systemPrompt: 'You call patients about their dental check-ups.' }, 'console');
    // At Twilio, the client created a secondary auth token for the rotation.
    twilio.state.secondaryAuthToken = NEW_TOKEN;

    await open(page, app, 'keys');
    await switchWorkspace(page, 'Acme Dental');
    const card = providerCard(page, 'twilio');
    const row = card.getByTestId('key-row');
    await expect(row.getByTestId('rotation-due')).toContainText(
      'In use for 120 days. Rotating keys every 90 days limits what a leaked one can do.',
    );
    await expect(row).toContainText('120 days old');
    await row.getByTestId('rotation-due').getByRole('button', { name: 'Rotate Twilio key “Main line”' }).click();

    const dialog = page.getByRole('dialog', { name: 'Rotate Twilio key “Main line”' });
    const deps = dialog.getByTestId('rotate-dependents');
    await expect(deps).toContainText('Acme Dental (its own key) — SMS, calls');
    await expect(deps).toContainText('Campaign Spring check-ups (sms, ready)');
    await expect(deps).toContainText('Post-call SMS on interested');
    await expect(deps).toContainText('Voice agent Ava');
    // Public fields stay; the secret is typed again, never pre-filled.
    await expect(dialog.getByLabel('Account SID')).toHaveValue(twilio.state.accountSid);
    const token = dialog.getByLabel('Auth Token');
    await expect(token).toHaveValue('');
    await expect(token).toBeFocused();
    await expect(token).toHaveAttribute('type', 'password');

    // A key Twilio refuses: nothing switches.
    await token.fill('abcdefabcdefabcdefabcdefabcdefab');
    await dialog.getByRole('button', { name: 'Test & switch' }).click();
    await expect(dialog.getByTestId('rotate-refused')).toContainText(
      'Twilio refused the new key, so nothing was switched: “Main line” stays in use.',
    );
    await expect(dialog.getByTestId('check-steps').locator('li[data-state="fail"]').first()).toContainText('Account');
    expect(app.core.credentials.list(ws).map((k) => k.id)).toEqual([key.id]);

    await token.fill(NEW_TOKEN);
    await dialog.getByLabel('Nickname of the new key').fill('Main line 2026');
    await dialog.getByRole('button', { name: 'Test & switch again' }).click();
    await expect(dialog).toContainText('Switched — the new key is in use');
    await expect(dialog).toContainText('It now serves 1 workspace, 1 campaign, 1 workflow rule, 1 voice agent.');
    await expect(dialog.getByTestId('check-steps').locator('li[data-state="pass"]').filter({ hasText: 'Switch' })).toBeVisible();
    const standbyBox = dialog.getByTestId('rotate-standby');
    await expect(standbyBox).toContainText('“Main line”');
    await expect(standbyBox).toContainText('is kept, and nothing uses it');
    expect(await secretSightings(page, [NEW_TOKEN, oldToken])).toEqual([]);
    await shot(page, 'rotate-key');

    // Later: the old key waits on its row, marked, until confirmed.
    await dialog.getByRole('button', { name: 'Later' }).click();
    await expect(dialog).toBeHidden();
    await expect(card.getByTestId('key-row')).toHaveCount(2);
    const fresh = card.getByTestId('key-row').filter({ hasText: 'Main line 2026' });
    await expect(fresh).toContainText('added today');
    await expect(fresh.getByTestId('rotation-due')).toHaveCount(0);
    const old = card.locator('[data-testid="key-row"].is-standby');
    await expect(old).toContainText('Standby · rotated out');
    await expect(old.getByTestId('standby-note')).toContainText(
      'kept, and nothing uses it. It still works at Twilio until you revoke it there.',
    );
    await expect(old.getByRole('button', { name: 'Rotate Twilio key “Main line”' })).toHaveCount(0);
    expect(app.core.resolver.describe(ws, 'sms')?.credentialId).not.toBe(key.id);

    await old.getByRole('button', { name: 'I revoked Twilio key “Main line” at Twilio' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Destroy the old Twilio key?' });
    await expect(confirm).toContainText('This destroys “Main line” (production)');
    await expect(confirm).toContainText(
      `Auth Token ${key.hints.authToken ?? ''} — its encrypted copy is destroyed; there is no second copy.`,
    );
    await confirm.getByRole('button', { name: 'Destroy old key' }).click();
    await expect(page.getByTestId('toast').filter({ hasText: 'Destroyed “Main line”' })).toBeVisible();
    await expect(card.getByTestId('key-row')).toHaveCount(1);
    await expect(card.getByTestId('key-row')).toContainText('Main line 2026');

    const actions = app.core.audit
      .list({ action: 'credential.rotate' })
      .map((e) => e.action)
      .reverse();
    expect(actions).toEqual([
      'credential.rotate.start',
      'credential.rotate.abort',
      'credential.rotate.start',
      'credential.rotate.switch',
      'credential.rotate.confirm',
    ]);
    expect(await secretSightings(page, [NEW_TOKEN, oldToken])).toEqual([]);
  });
});
