/** Usage & billing: this month's usage by whose key paid, spend alerts, and the billing CSV. */
import { readFile } from 'node:fs/promises';
import { expect, open, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';
import { switchWorkspace } from './support/ui';
import { shot } from './support/shot';

test.describe('Usage & billing', () => {
  test('shows usage split by whose key paid, raises a spend alert, and exports the month for billing', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    const own = await addKey(app, ws, 'twilio');
    const agency = await addKey(app, app.core.workspaces.agency().id, 'resend');
    // 400 SMS on the client's own Twilio account, 1,000 e-mails on the agency's Resend key.
    app.core.usage.record({ workspaceId: ws, provider: 'twilio', credentialId: own.id, owner: 'own', unit: 'messages', amount: 400 });
    app.core.usage.record({
      workspaceId: ws,
      provider: 'resend',
      credentialId: agency.id,
      owner: 'agency',
      unit: 'messages',
      amount: 1000,
    });
    const month = new Date().toISOString().slice(0, 7);
    await open(page, app, 'usage');
    await switchWorkspace(page, 'Acme Dental');

    const twilio = page.locator('tr[data-provider="twilio"]');
    await expect(twilio).toContainText('400');
    await expect(page.locator('tr[data-provider="resend"] td').nth(6)).toHaveText('$1.00');
    // Providers nobody used are folded away.
    await expect(page.locator('tr[data-provider="stripe"]')).toHaveCount(0);

    // An alert below what the month is heading for shows at once, with icon and words.
    await page.getByRole('button', { name: 'Set the spend alert for Twilio' }).click();
    await page.getByRole('textbox', { name: 'Monthly spend alert for Twilio, in US dollars' }).fill('0.50');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(twilio).toContainText('▲ $0.50 — over');
    await expect(page.getByRole('status').filter({ hasText: 'Twilio is over its spend alert' })).toBeVisible();
    expect(app.core.usage.alerts(ws).map((a) => a.provider)).toEqual(['twilio']);
    await shot(page, 'usage');
    await expect(page.getByTestId('toast')).toHaveCount(0);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export billing CSV for Acme Dental' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`switchboard-billing-${month}-acme-dental.csv`);
    expect(await readFile((await file.path()) ?? '', 'utf8')).toBe(app.core.usage.billingCsv(month, ws));

    await page.getByRole('button', { name: 'Clear the spend alert for Twilio' }).click();
    await expect(twilio).toContainText('None');
    expect(app.core.usage.alerts(ws)).toEqual([]);
  });
});
