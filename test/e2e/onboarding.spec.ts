/** Onboarding (seed 002): the voice checklist gates "Complete onboarding". */
import { expect, open, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';
import { fillFields, switchWorkspace } from './support/ui';

test.describe('Onboarding', () => {
  test('cannot complete until all four voice keys are validated, then can', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    await addKey(app, ws, 'anthropic');
    await addKey(app, ws, 'cartesia');
    // A Deepgram key the provider rejects: present, but not validated.
    await addKey(app, ws, 'deepgram', { fields: { apiKey: 'f'.repeat(40) } });
    await open(page, app, 'onboarding');
    await switchWorkspace(page, 'Acme Dental');

    const voice = page.getByTestId('channel-voice');
    const complete = page.getByRole('button', { name: 'Complete onboarding' });
    await expect(voice.locator('[data-requirement="LLM"]')).toContainText('Validated');
    await expect(voice.locator('[data-requirement="Text-to-speech"]')).toHaveAttribute('data-state', 'validated');
    await expect(voice.locator('[data-requirement="Speech-to-text"]')).toHaveAttribute('data-state', 'invalid');
    await expect(voice.locator('[data-requirement="Phone carrier"]')).toHaveAttribute('data-state', 'missing');
    await expect(voice.locator('[data-requirement="Phone carrier"]')).toContainText(
      'Add a Twilio or Exotel key to Acme Dental and test it.',
    );
    await expect(complete).toBeDisabled();
    await expect(page.getByTestId('complete-panel')).toContainText(/2 of 4\s*voice requirements ready/);

    // Replace the Deepgram key through the dashboard's dialog, reached from the checklist.
    await voice.locator('[data-requirement="Speech-to-text"]').getByRole('button', { name: 'Replace key' }).click();
    const dg = page.getByRole('dialog', { name: 'Add a Deepgram key' });
    await dg.getByLabel('API key').fill(app.sim('deepgram').fields.apiKey ?? '');
    await dg.getByRole('button', { name: 'Add & Test Key' }).click();
    await expect(dg).toContainText('Validated —');
    await dg.getByRole('button', { name: 'Done' }).click();

    // The phone carrier, straight from its checklist line.
    await page.goto(`${app.url}/#/onboarding`);
    await voice.locator('[data-requirement="Phone carrier"]').getByRole('button', { name: 'Add Twilio key' }).click();
    const tw = page.getByRole('dialog', { name: 'Add a Twilio key' });
    const twilio = app.sim('twilio').fields;
    await fillFields(tw, {
      'Account SID': twilio.accountSid ?? '',
      'Auth Token': twilio.authToken ?? '',
      'Phone number': twilio.phoneNumber ?? '',
    });
    await tw.getByRole('button', { name: 'Add & Test Key' }).click();
    await expect(tw).toContainText('Validated —');
    await tw.getByRole('button', { name: 'Done' }).click();

    await page.goto(`${app.url}/#/onboarding`);
    for (const req of ['LLM', 'Text-to-speech', 'Speech-to-text', 'Phone carrier'])
      await expect(voice.locator(`[data-requirement="${req}"]`)).toHaveAttribute('data-state', 'validated');
    await expect(complete).toBeEnabled();
    await complete.click();
    await expect(page.getByTestId('complete-panel')).toContainText('Onboarding complete');
    expect(app.core.workspaces.get(ws).onboardingCompletedAt).not.toBeNull();
  });

  test('switches a client between BYOK and Bundled without losing its keys', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    await addKey(app, ws, 'anthropic');
    await open(page, app, 'onboarding');
    await switchWorkspace(page, 'Acme Dental');
    await expect(page.getByRole('radio', { name: /BYOK/ })).toBeChecked();
    await page.getByRole('radio', { name: /Bundled/ }).click();
    await expect(page.getByRole('radio', { name: /Bundled/ })).toBeChecked();
    await expect(page.getByTestId('toast').filter({ hasText: 'Switched to Bundled' })).toBeVisible();
    await expect(page.getByTestId('workspace-button')).toContainText('Client · Bundled');
    // Bundled: the agency's keys are what counts, so the LLM line now asks for an agency key.
    await expect(page.getByTestId('channel-voice').locator('[data-requirement="LLM"]')).toContainText('agency workspace');
    expect(app.core.workspaces.get(ws).mode).toBe('bundled');
    expect(app.core.credentials.list(ws)).toHaveLength(1);
  });
});
