/** Campaigns: import a contact file, review the report, preview and cost, send, and watch it finish. */
import { Readable } from 'node:stream';
import { serveMail } from '../sim/sendgrid-mail';
import { serveMessages } from '../sim/twilio-messages';
import type { ProviderSim } from '../sim/server';
import type { TwilioState } from '../sim/twilio';
import { expect, open, secretSightings, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';
import { switchWorkspace } from './support/ui';
import { shot } from './support/shot';

test.describe('Campaigns', () => {
  test('imports contacts with a rejected-rows report, previews each message with its cost, sends and shows the results', async ({
    page,
    app,
  }) => {
    const sms = serveMessages(app.sim('twilio') as ProviderSim<TwilioState>);
    const ws = clientWorkspace(app, 'Acme Dental');
    await addKey(app, ws, 'twilio');
    await open(page, app, 'campaigns');
    await switchWorkspace(page, 'Acme Dental');
    await expect(page.getByText('No campaigns yet')).toBeVisible();

    await page.getByRole('button', { name: 'New campaign' }).first().click();
    const csv = [
      'phone,first_name,timezone',
      '(415) 555-2671,Ada,America/Los_Angeles',
      '415.555.2672,Grace,America/Los_Angeles',
      'n/a,Nobody,America/Los_Angeles',
      '+1 415 555 2671,Ada again,America/Los_Angeles',
    ].join('\n');
    await page.getByLabel('Contacts (CSV)').setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Template').fill('Hi {{first_name}}, your cleaning is tomorrow – reply STOP to opt out.');
    await expect(page.getByText(/1 segment \(UCS-2\) — “–” forces UCS-2/)).toBeVisible();
    await page.getByLabel('Window (recipient’s local time)').fill('00:00-24:00');
    await page.getByLabel('Default country').fill('US');
    await page.getByRole('button', { name: 'Import and review' }).click();

    const review = page.getByRole('dialog');
    await expect(review).toContainText('4 rows → 2 recipients · 1 rejected · 0 excluded · 1 duplicate merged. Nothing has been sent.');
    await expect(review).toContainText('“n/a” is not a phone number');
    await expect(review).toContainText('same number as line 2');
    await expect(review.locator('.preview-body')).toHaveText('Hi Ada, your cleaning is tomorrow – reply STOP to opt out.');
    await expect(review).toContainText('Estimated cost $0.02');
    await shot(page, 'campaign-review');
    await review.getByRole('button', { name: 'Start sending' }).click();

    await expect(page.locator('.campaign-detail .campaign-state')).toHaveText('● Completed');
    await expect(page.locator('.campaign-detail')).toContainText('2 of 2 done — 2 sent');
    await expect(page.locator('.campaign-detail table')).toContainText('● Sent');
    await shot(page, 'campaign-done');
    expect([...sms.stats.perRecipient.keys()].sort()).toEqual(['+14155552671', '+14155552672']);
    expect(await secretSightings(page, app.secrets())).toEqual([]);
  });

  test('marks an e-mail whose answer was lost as unconfirmed, and sends it again only after the operator confirms', async ({
    page,
    app,
  }) => {
    const mail = serveMail(app.sim('sendgrid'));
    const ws = clientWorkspace(app, 'Initech');
    await addKey(app, ws, 'sendgrid');
    mail.failAfterAccept = 1;
    const contacts = 'email,first_name,timezone\nada@example.org,Ada,Europe/London\ngrace@example.org,Grace,Europe/London\n';
    const made = await app.core.campaigns.create(
      {
        workspaceId: ws,
        name: 'Statements',
        channel: 'email',
        contacts: Readable.from([Buffer.from(contacts)]),
        template: 'Subject: Hi {{first_name}}\n\nYour statement is ready.',
        window: '00:00-24:00',
        rate: 20,
      },
      'console',
    );
    await app.core.campaigns.run(made.campaign.id, 'console', { maxInFlight: 1 });
    await open(page, app, 'campaigns');
    await switchWorkspace(page, 'Initech');
    await page.getByRole('button', { name: /Statements/ }).click();

    const detail = page.locator('.campaign-detail');
    await expect(detail).toContainText('2 of 2 done — 1 sent, 1 failed');
    await expect(detail.locator('table')).toContainText(
      'in doubt: the request may have reached SendGrid, which cannot be asked; check its activity feed before sending again',
    );
    await detail.getByRole('button', { name: 'Send 1 again…' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm).toContainText(
      'failed without a confirmed answer from SendGrid: it may have arrived. Check SendGrid’s activity feed first',
    );
    await shot(page, 'campaign-send-again');
    await confirm.getByRole('button', { name: 'Send again' }).click();

    await expect(detail.locator('.campaign-state')).toHaveText('● Completed');
    await expect(detail).toContainText('2 of 2 done — 2 sent');
    await expect(detail.getByRole('button', { name: /again/ })).toHaveCount(0);
    // SendGrid had taken the first copy; the operator chose to send that one recipient a second.
    expect(mail.mails).toHaveLength(3);
  });

  test('shows why a campaign paused when no key may pay for it', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Globex');
    app.core.workspaces.setFallback(ws, false, 'console');
    const made = await app.core.campaigns.create(
      {
        workspaceId: ws,
        name: 'Renewals',
        channel: 'sms',
        contacts: Readable.from([Buffer.from('phone\n+14155552671\n')]),
        template: 'Hi',
        window: '00:00-24:00',
      },
      'console',
    );
    await open(page, app, 'campaigns');
    await switchWorkspace(page, 'Globex');
    await page.getByRole('button', { name: /Renewals/ }).click();
    await page.getByRole('button', { name: 'Start sending' }).click();
    await expect(page.locator('.campaign-detail .campaign-state')).toHaveText('▲ Paused');
    await expect(page.locator('.campaign-detail')).toContainText(
      "Globex has no validated SMS key and does not allow falling back to the agency's keys.",
    );
    expect(app.core.campaigns.get(made.campaign.id).counts.sent).toBe(0);
  });
});
