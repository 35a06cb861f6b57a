/**
 * The client's intake.html in a real browser: opened from a file:// URL with every network request
 * blocked, filled in, its encrypted download imported through the core's bundle import into that
 * workspace only, once; and the age command-line tool opens the same file with the intake identity.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyImport, planImport } from '../../electron/core/offline/bundle';
import { intakeIdentities, openIdentities } from '../../electron/core/offline/identities';
import { createIntake } from '../../electron/core/offline/intake';
import { expect, test } from './harness';
import { shot } from './support/shot';

const TWILIO = { accountSid: `AC${'b2'.repeat(16)}`, authToken: 'c0ffee'.repeat(5) + '42', phoneNumber: '+15005550006' };
const RESEND = 're_IntakePage_Canary9xQa';

test('the intake page encrypts typed keys offline into a file that lands in its workspace only, once', async ({ app, browser }) => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-intake-'));
  try {
    const acme = app.core.workspaces.create({ name: 'Acme' }, 'console');
    const other = app.core.workspaces.create({ name: 'Other' }, 'console');
    const made = await createIntake(
      app.core,
      { workspaceId: acme.id, providers: ['twilio', 'resend', 'anthropic'], agencyName: 'Northwind' },
      'console',
    );
    const htmlFile = join(dir, 'intake.html');
    writeFileSync(htmlFile, made.html);

    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 900 } });
    const requests: string[] = [];
    await context.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : (requests.push(route.request().url()), route.abort()),
    );
    await context.setOffline(true);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // A CSP violation would mean the page's own script or style was refused.
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(pathToFileURL(htmlFile).href);
    await expect(page.getByRole('heading', { name: 'Send your provider keys to Northwind' })).toBeVisible();

    // Nothing ticked: refused with a sentence, nothing saved.
    await page.getByRole('button', { name: 'Encrypt and save keys.env.age' }).click();
    await expect(page.getByRole('status')).toHaveText('Tick at least one provider and type its key.');

    await page.getByLabel('Twilio', { exact: true }).check();
    await page.getByLabel(/^Account SID/).fill(TWILIO.accountSid);
    await page.getByLabel(/^Auth Token/).fill('short');
    await page.getByRole('button', { name: 'Encrypt and save keys.env.age' }).click();
    await expect(page.getByRole('status')).toHaveText('Some keys need a look (marked above); nothing was saved.');
    await expect(page.getByText('This does not look like a Twilio Auth Token')).toBeVisible();
    await page.getByLabel(/^Auth Token/).fill(TWILIO.authToken);
    await expect(page.getByText('This does not look like a Twilio Auth Token')).toBeHidden();
    await page.getByLabel(/^Phone number/).fill(TWILIO.phoneNumber);
    await page.getByLabel('Resend', { exact: true }).check();
    await page.getByLabel(/RESEND_API_KEY/).fill(RESEND);

    await shot(page, 'intake-page');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Encrypt and save keys.env.age' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('keys.env.age');
    const sealed = join(dir, 'keys.env.age');
    await download.saveAs(sealed);
    await expect(page.getByRole('status')).toContainText('Saved keys.env.age');
    // The typed keys left the page once encrypted.
    expect(
      await page.$$eval('input[type=password], input[type=text]', (els) => els.map((e) => (e as HTMLInputElement).value).join('')),
    ).toBe('');
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();

    // The age CLI opens it with the intake identity: plain NAME='value' lines.
    const identity = openIdentities(app.core).find((i) => i.id === made.identity.id);
    const keyFile = join(dir, 'intake.key');
    writeFileSync(keyFile, `${identity?.identity ?? ''}\n`, { mode: 0o600 });
    const plain = execFileSync('age', ['-d', '-i', keyFile, sealed], { encoding: 'utf8' });
    expect(plain).toContain(`TWILIO_ACCOUNT_SID='${TWILIO.accountSid}'`);
    expect(plain).toContain(`RESEND_API_KEY='${RESEND}'`);

    // Switchboard's bundle import puts it in Acme, and nowhere else.
    const plan = await planImport(app.core, readFileSync(sealed));
    expect(plan.preview.via).toBe('intake');
    expect(plan.preview.workspaces.map((w) => [w.name, w.keys.map((k) => k.provider)])).toEqual([['Acme', ['twilio', 'resend']]]);
    expect(applyImport(app.core, plan, 'console')).toEqual({ workspaces: 1, keys: 2 });
    const keys = app.core.credentials.list(acme.id);
    const fields = Object.fromEntries(keys.map((k) => [k.provider, app.core.credentials.fieldsFor(k.id)]));
    expect(fields.twilio).toEqual(TWILIO);
    expect(fields.resend?.apiKey).toBe(RESEND);
    expect(app.core.credentials.list(other.id)).toEqual([]);
    expect(app.core.credentials.list(app.core.workspaces.agency().id)).toEqual([]);
    // Once: the identity is gone, and the same file is refused.
    expect(intakeIdentities(app.core, acme.id)).toEqual([]);
    await expect(planImport(app.core, readFileSync(sealed))).rejects.toThrow(/not encrypted for this Switchboard/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
