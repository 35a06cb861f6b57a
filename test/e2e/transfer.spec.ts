/**
 * Import & export in the console: a pasted .env previewed per provider (masked, with verdicts and
 * what is missing or unknown), stored as ticked and checked live against the simulators; a client
 * intake with its sheet and intake.html; the agency's recipient, a bundle exported to it and
 * imported back after its preview. Screenshots go to docs/screenshots.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBundle } from '../../electron/core/offline/bundle';
import { decryptFile, parseBundle } from '../../electron/core/offline/bundle-file';
import { expect, open, secretSightings, test } from './harness';
import { clientWorkspace } from './support/seed';
import { dismissToasts, shot } from './support/shot';
import { switchWorkspace } from './support/ui';

test.describe('.env import', () => {
  // Resend is made to hang below: its check gives up after this, the others finish long before.
  test.use({ appOptions: { checkTimeoutMs: 10_000 } });

  test('a pasted .env is previewed per provider, stored as ticked, and each key checked live (unverified where its provider cannot be reached)', async ({
    page,
    app,
  }) => {
    clientWorkspace(app, 'Acme Dental');
    const twilio = app.sim('twilio').fields;
    const resend = app.sim('resend').fields;
    const anthropic = app.sim('anthropic').fields;
    const env = [
      '# Acme Dental — production',
      `export TWILIO_ACCOUNT_SID=${twilio.accountSid}`,
      `TWILIO_AUTH_TOKEN="${twilio.authToken}"`,
      `TWILIO_PHONE_NUMBER='${twilio.phoneNumber}'`,
      `RESEND_API_KEY=${resend.apiKey} # sending key`,
      `RESEND_FROM_EMAIL=${resend.fromEmail}`,
      `NEXT_PUBLIC_ANTHROPIC_API_KEY=${anthropic.apiKey}`,
      'SENDGRID_FROM_EMAIL=news@acme.example',
      'STRIPE_SECRET_KEY=sk_live_short',
      'DATABASE_URL=postgres://app@localhost/acme',
      'this line is junk',
      '',
    ].join('\n');
    await open(page, app, 'keys');
    await switchWorkspace(page, 'Acme Dental');
    // From the API Keys page's header, which opens the dialog on Import & export.
    await page.getByRole('button', { name: 'Import .env…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import .env into Acme Dental' });
    await dialog.getByLabel('Or paste its text').fill(env);
    await dialog.getByRole('button', { name: 'Preview' }).click();

    const table = dialog.getByTestId('env-preview');
    await expect(table.locator('tbody tr')).toHaveCount(5);
    const row = (p: string) => table.locator(`tr[data-provider="${p}"]`);
    await expect(row('twilio')).toContainText('Ready');
    await expect(row('twilio')).toContainText('Auth Token ← TWILIO_AUTH_TOKEN, line 3');
    await expect(row('anthropic')).toContainText('public prefix');
    await expect(row('anthropic')).toContainText('may already be exposed');
    await expect(row('sendgrid')).toContainText('Incomplete');
    await expect(row('sendgrid')).toContainText('Missing: API key');
    await expect(row('stripe')).toContainText('Wrong format');
    await expect(row('sendgrid').getByRole('checkbox')).toBeDisabled();
    await dialog.getByText('2 lines not stored').click();
    await expect(dialog.getByText('DATABASE_URL')).toBeVisible();
    await expect(dialog.getByText('Not a NAME=value line')).toBeVisible();
    expect(await secretSightings(page, app.secrets())).toEqual([]);
    await shot(page, 'env-import-preview');

    // The public-prefixed Anthropic key is left out; the other two are stored and checked, and
    // Resend does not answer (as when offline): that key stays unverified.
    app.sim('resend').setFault({ kind: 'hang' });
    await row('anthropic').getByRole('checkbox').uncheck();
    await dialog.getByRole('button', { name: 'Store 2 keys' }).click();
    const stored = dialog.getByTestId('env-stored');
    await expect(stored.locator('li')).toHaveCount(2);
    await expect(stored.locator('li', { hasText: 'Twilio (imported)' }).locator('[data-status="valid"]')).toBeVisible();
    await expect(stored.locator('li', { hasText: 'Resend (imported)' })).toContainText('Unverified — provider not reachable');
    app.sim('resend').setFault(null);
    const ws = app.core.workspaces.find('Acme Dental').id;
    expect(
      app.core.credentials
        .list(ws)
        .map((k) => [k.provider, k.status])
        .sort(),
    ).toEqual([
      ['resend', 'unverified'],
      ['twilio', 'valid'],
    ]);
    expect(app.core.audit.list({ action: 'import.env' })).toHaveLength(1);
    expect(await secretSightings(page, app.secrets())).toEqual([]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.goto(`${app.url}/#/keys`);
    await expect(page.getByText('Twilio (imported)')).toBeVisible();
    // The dashboard's reads finish before the app closes.
    await expect(page.getByTestId('stat-connected')).toContainText('2 of 16');
  });
});

test('an intake shows its recipient and printable sheet, saves intake.html, and is listed until closed', async ({ page, app }) => {
  clientWorkspace(app, 'Acme Dental');
  await open(page, app, 'transfer');
  await switchWorkspace(page, 'Acme Dental');
  await page.getByRole('button', { name: 'New intake…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New intake for Acme Dental' });
  await expect(dialog.getByRole('checkbox', { name: 'Twilio' })).toBeChecked();
  await dialog.getByRole('checkbox', { name: 'Anthropic' }).check();
  await dialog.getByLabel('Your agency’s name').fill('Northwind Agency');
  await dialog.getByRole('button', { name: 'Create intake' }).click();
  const made = page.getByRole('dialog', { name: 'Intake for Acme Dental' });
  const recipient = await made.getByTestId('intake-recipient').inputValue();
  expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
  const sheet = made.getByTestId('intake-sheet');
  await expect(sheet).toContainText('Sending your provider keys to Northwind Agency (Acme Dental)');
  await expect(sheet).toContainText('ANTHROPIC_API_KEY=');
  await expect(sheet).toContainText(`age -r ${recipient} -o keys.env.age keys.env`);
  await expect(sheet).toContainText('intake.html');
  await shot(page, 'intake-sheet');

  // Printing shows the sheet alone.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('intake-sheet')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print sheet' })).toBeHidden();
  await expect(page.getByTestId('workspace-button')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  const downloading = page.waitForEvent('download');
  await made.getByRole('button', { name: 'Save intake.html' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('intake.html');
  const html = readFileSync((await download.path()) ?? '', 'utf8');
  expect(html).toContain(recipient);
  expect(html).toContain("connect-src 'none'");
  expect(html).not.toContain('AGE-SECRET-KEY');
  await made.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('open-intakes')).toContainText(recipient);
  expect(app.core.audit.list({ action: 'intake.create' })).toHaveLength(1);

  // Closing it asks once, naming what is lost; then it is gone.
  await page
    .getByTestId('open-intakes')
    .getByRole('button', { name: /^Close intake/ })
    .click();
  const confirm = page.getByRole('alertdialog', { name: 'Close this intake?' });
  await expect(confirm).toContainText('can never be opened');
  await confirm.getByRole('button', { name: 'Close intake' }).click();
  await expect(page.getByTestId('open-intakes')).toBeHidden();
  expect(app.core.audit.list({ action: 'intake.close' })).toHaveLength(1);
});

test('the agency’s recipient is created, a bundle exported to it, and imported back after its preview', async ({ page, app }) => {
  const acme = clientWorkspace(app, 'Acme Dental');
  app.core.credentials.add({ workspaceId: acme, provider: 'twilio', fields: app.sim('twilio').fields }, 'console');
  app.core.credentials.add({ workspaceId: acme, provider: 'resend', fields: app.sim('resend').fields, nickname: 'Newsletters' }, 'console');
  await open(page, app, 'transfer');
  await switchWorkspace(page, 'Acme Dental');
  const box = page.getByTestId('agency-recipient');
  await expect(box).toContainText('None yet');
  await box.getByRole('button', { name: 'Create recipient' }).click();
  await expect(box.getByTestId('agency-recipient-value')).toHaveValue(/^age1[0-9a-z]{58}$/);
  const recipient = await box.getByTestId('agency-recipient-value').inputValue();
  await box.getByRole('button', { name: 'Copy recipient' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Recipient copied' })).toBeVisible();
  await shot(page, 'transfer');

  // Export: refused without a recipient, then saved to the agency's own.
  await page.getByRole('button', { name: 'Export…' }).click();
  const exp = page.getByRole('dialog', { name: 'Export a bundle' });
  await expect(exp.getByRole('checkbox', { name: /Acme Dental/ })).toBeChecked();
  await exp.getByRole('button', { name: 'Export and save' }).click();
  await expect(exp.getByRole('alert')).toContainText('Paste at least one recipient (age1…).');
  await exp.getByLabel('Recipients (age1…), one per line').fill(recipient);
  const downloading = page.waitForEvent('download');
  await exp.getByRole('button', { name: 'Export and save' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^switchboard-bundle-\d{4}-\d{2}-\d{2}\.age$/);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bundle-'));
  const file = join(dir, 'acme-dental.age');
  copyFileSync((await download.path()) ?? '', file);
  expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
  await dismissToasts(page);

  // A damaged file is refused in one sentence.
  await page.getByRole('button', { name: 'Import a bundle…' }).click();
  const imp = page.getByRole('dialog', { name: 'Import a bundle' });
  await imp.getByTestId('file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(imp.getByRole('alert')).toContainText('That file is not an age-encrypted bundle; nothing was imported.');

  await imp.getByTestId('file-input').setInputFiles(file);
  const plan = imp.getByTestId('bundle-preview');
  await expect(plan).toContainText('Opened with this agency’s recipient.');
  await expect(plan).toContainText('Existing workspace');
  await expect(plan.getByText('~ Replace')).toHaveCount(2);
  expect(await secretSightings(page, app.secrets())).toEqual([]);
  await shot(page, 'bundle-import');
  await imp.getByRole('button', { name: 'Import all 2 keys' }).click();
  await expect(imp).toBeHidden();
  await expect(page.getByTestId('toast').first()).toContainText('2 keys into 1 workspace');
  expect(app.core.credentials.list(acme)).toHaveLength(2);
  expect(app.core.audit.list({ action: 'bundle.import' })).toHaveLength(1);
  rmSync(dir, { recursive: true, force: true });
});

test('a passphrase bundle asks for its passphrase, refuses a wrong one in a sentence, and previews once opened', async ({ page, app }) => {
  const acme = clientWorkspace(app, 'Acme Dental');
  app.core.credentials.add({ workspaceId: acme, provider: 'resend', fields: app.sim('resend').fields }, 'console');
  // Locked here with a small scrypt cost, so the test spends its time in the console, not in the KDF.
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bundle-'));
  const file = join(dir, 'acme-dental.age');
  writeFileSync(
    file,
    await exportBundle(app.core, { workspaceIds: [acme], lock: { passphrase: 'a long team passphrase', workFactor: 10 } }, 'console'),
  );
  await open(page, app, 'transfer');
  await page.getByRole('button', { name: 'Import a bundle…' }).click();
  const imp = page.getByRole('dialog', { name: 'Import a bundle' });
  await imp.getByTestId('file-input').setInputFiles(file);
  await expect(imp).toContainText('acme-dental.age is locked with a passphrase.');
  await imp.getByLabel('Bundle passphrase').fill('not the passphrase');
  await imp.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(imp.getByRole('alert')).toContainText('That passphrase does not open this bundle; nothing was imported.');
  await imp.getByLabel('Bundle passphrase').fill('a long team passphrase');
  await imp.getByRole('button', { name: 'Open', exact: true }).click();
  const plan = imp.getByTestId('bundle-preview');
  await expect(plan).toContainText('Opened with the passphrase.');
  await expect(plan.getByText('~ Replace')).toHaveCount(1);
  await imp.getByRole('button', { name: 'Import all 1 key' }).click();
  await expect(imp).toBeHidden();
  expect(app.core.audit.list({ action: 'bundle.import' })).toHaveLength(1);
  rmSync(dir, { recursive: true, force: true });
});

test('a bundle exported with a passphrase asks for it twice and opens with it', async ({ page, app }) => {
  const acme = clientWorkspace(app, 'Acme Dental');
  app.core.credentials.add({ workspaceId: acme, provider: 'resend', fields: app.sim('resend').fields }, 'console');
  await open(page, app, 'transfer');
  await switchWorkspace(page, 'Acme Dental');
  await page.getByRole('button', { name: 'Export…' }).click();
  const exp = page.getByRole('dialog', { name: 'Export a bundle' });
  await exp.getByRole('radio', { name: 'A passphrase' }).click();
  await exp.getByLabel('Passphrase', { exact: true }).fill('a long team passphrase');
  await exp.getByLabel('Type it again').fill('a long team passphrase?');
  await expect(exp.getByTestId('field-problem')).toHaveText(/The two passphrases differ\./);
  await exp.getByRole('button', { name: 'Export and save' }).click();
  await expect(exp.getByRole('alert')).toContainText('The two passphrases differ.');
  await exp.getByLabel('Passphrase', { exact: true }).fill('a long team passphrase');
  await exp.getByLabel('Type it again').fill('a long team passphrase');
  const downloading = page.waitForEvent('download');
  await exp.getByRole('button', { name: 'Export and save' }).click();
  const file = readFileSync((await (await downloading).path()) ?? '');
  await expect(exp).toBeHidden();
  const opened = await decryptFile(file, { passphrase: 'a long team passphrase' });
  expect(parseBundle(opened.text).workspaces.map((w) => [w.name, w.credentials.map((c) => c.provider)])).toEqual([
    ['Acme Dental', ['resend']],
  ]);
  expect(app.core.audit.list({ action: 'bundle.export' }).map((e) => e.detail.to)).toEqual(['passphrase']);
});
