/**
 * No secret reaches the operator's screen or the renderer's state unless they pressed Reveal:
 * not the page's HTML or text, not an input's value, not any zustand store.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { expect, open, secretSightings, storeStates, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';
import { fillFields, providerCard, switchWorkspace } from './support/ui';
import { PROVIDER_IDS } from '../../shared/providers/types';

/** Every store the renderer offers the dev hook, read from its source, so a new store is checked without editing this test. */
function registeredStores(): string[] {
  const dir = resolve(__dirname, '../../renderer/src/stores');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/registerStore\(\s*'([^']+)'/g)].map((m) => m[1] ?? ''));
  return [...new Set(names)].sort();
}

test('keeps every secret out of the DOM, the inputs and the stores, except while revealed', async ({ page, app }) => {
  const agency = app.core.workspaces.agency().id;
  for (const id of PROVIDER_IDS) if (id !== 'anthropic') await addKey(app, agency, id);
  clientWorkspace(app, 'Acme Dental');
  // A campaign, so the Campaigns screen and its store hold a real one (contacts, template, sender).
  const contacts = 'email,first_name,timezone\nada@example.org,Ada,Europe/London\n';
  await app.core.campaigns.create(
    {
      workspaceId: agency,
      name: 'Statements',
      channel: 'email',
      contacts: Readable.from([Buffer.from(contacts)]),
      template: 'Subject: Hi {{first_name}}\n\nYour statement is ready.',
      window: '00:00-24:00',
      rate: 20,
    },
    'console',
  );
  // And a voice campaign, so its detail and store hold one (leads, estimate, whose keys pay).
  app.core.agents.create(agency, { name: 'Ava', systemPrompt: 'You are Ava, calling about statements.' }, 'console');
  await app.core.voiceCampaigns.create(
    {
      workspaceId: agency,
      agent: 'Ava',
      name: 'Statement calls',
      contacts: Readable.from([Buffer.from('phone,timezone\n+14155552671,America/New_York\n')]),
    },
    'console',
  );
  const secrets = app.secrets();
  expect(secrets.length).toBeGreaterThanOrEqual(15);

  // Keys typed through the console itself: the dashboard's dialog and the Messaging tab.
  await open(page, app, 'keys/add/anthropic');
  const dialog = page.getByRole('dialog', { name: 'Add an Anthropic key' });
  await dialog.getByLabel('API key').fill(app.sim('anthropic').fields.apiKey ?? '');
  await dialog.getByRole('button', { name: 'Add & Test Key' }).click();
  await expect(dialog).toContainText('Validated —');
  expect(await secretSightings(page, secrets)).toEqual([]);
  await dialog.getByRole('button', { name: 'Done' }).click();

  await switchWorkspace(page, 'Acme Dental');
  await page.goto(`${app.url}/#/settings/messaging`);
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
  expect(await secretSightings(page, secrets)).toEqual([]);

  // Every screen, and the dialogs that show stored keys.
  await switchWorkspace(page, 'Agency');
  for (const path of [
    'keys',
    'settings/messaging',
    'settings/workspace',
    'onboarding',
    'campaigns',
    'transfer',
    'audit',
    'vault',
    'keys/add/twilio',
  ]) {
    await page.goto(`${app.url}/#/${path}`);
    await expect(page.locator('.page-header h1')).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await secretSightings(page, secrets), path).toEqual([]);
  }
  await page.goto(`${app.url}/#/campaigns`);
  await page.getByRole('button', { name: /Statements/ }).click();
  await expect(page.locator('.campaign-detail')).toContainText('Statements');
  expect(await secretSightings(page, secrets), 'campaign detail').toEqual([]);
  await page.getByRole('button', { name: /Statement calls/ }).click();
  await expect(page.locator('.campaign-detail')).toContainText('Minutes and cost');
  expect(await secretSightings(page, secrets), 'voice campaign detail').toEqual([]);
  // The Voice screen loads its own store (agents, runner, live calls): it must hold no secret either.
  await page.goto(`${app.url}/#/voice`);
  await expect(page.getByTestId('runner-card')).toBeVisible();
  expect(await secretSightings(page, secrets), 'voice').toEqual([]);
  await page.goto(`${app.url}/#/audit`);
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByTestId('verdict')).toBeVisible();
  expect(await secretSightings(page, secrets)).toEqual([]);

  // Reveal puts the value on screen (and only there); hiding takes it away again.
  await page.goto(`${app.url}/#/keys`);
  const row = providerCard(page, 'stripe').getByTestId('key-row');
  await row.getByRole('button', { name: /^Reveal Stripe key “.+”$/ }).click();
  await expect(row.getByTestId('revealed-value')).toBeVisible();
  const shown = await secretSightings(page, secrets);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.filter((s) => s.includes('store'))).toEqual([]);
  await row.getByRole('button', { name: /^Hide Stripe key “.+”$/ }).click();
  expect(await secretSightings(page, secrets)).toEqual([]);

  // The check looked where it claims: every store the source registers did register through the dev hook.
  const registered = registeredStores();
  expect(registered).toEqual(
    expect.arrayContaining(['audit', 'campaigns', 'credentials', 'onboarding', 'toasts', 'ui', 'usage', 'vault', 'workspaces']),
  );
  expect(Object.keys(await storeStates(page)).sort()).toEqual(registered);
});
