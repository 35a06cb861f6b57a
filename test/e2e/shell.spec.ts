/** The shell: workspace switcher (⌘/Ctrl+K), navigation, theme, vault bar. */
import { expect, open, test } from './harness';
import { clientWorkspace } from './support/seed';
import { switchWorkspace } from './support/ui';

test.describe('Shell', () => {
  test('creates, renames, archives and restores client workspaces from the switcher', async ({ page, app }) => {
    clientWorkspace(app, 'Bayside Realty');
    await open(page, app, 'keys');
    await page.keyboard.press('Control+K');
    const search = page.getByRole('combobox', { name: 'Search workspaces' });
    await expect(search).toBeFocused();
    await expect(page.getByRole('option')).toHaveCount(2);

    // Create from the query.
    await search.fill('Northwind Clinics');
    await expect(page.getByRole('option', { name: /Create client workspace/ })).toBeVisible();
    await search.press('Enter');
    await expect(page.getByTestId('workspace-button')).toContainText('Northwind Clinics');
    await expect(page.getByTestId('toast').filter({ hasText: 'Created “Northwind Clinics”' })).toBeVisible();

    // Arrow keys move; Enter opens.
    await page.keyboard.press('Control+K');
    await search.fill('');
    await search.press('ArrowDown');
    await search.press('Enter');
    await expect(page.getByTestId('workspace-button')).toContainText('Bayside Realty');

    // Rename in place.
    await page.keyboard.press('Control+K');
    await search.fill('Bayside');
    await page.getByRole('button', { name: 'Rename Bayside Realty' }).click();
    const rename = page.getByRole('textbox', { name: 'New name for Bayside Realty' });
    await rename.fill('Bayside Realty Group');
    await rename.press('Enter');
    await expect(page.getByRole('option', { name: /^Bayside Realty Group/ })).toBeVisible();

    // Archive hides it; "Show archived" brings it back to restore.
    await page.getByRole('button', { name: 'Archive Bayside Realty Group' }).click();
    await expect(page.getByRole('option', { name: /^Bayside Realty Group/ })).toHaveCount(0);
    await search.fill('');
    await page.getByLabel(/Show archived/).check();
    await page.getByRole('option', { name: /^Bayside Realty Group, Archived/ }).hover();
    await page.getByRole('button', { name: 'Restore Bayside Realty Group' }).click();
    await expect(page.getByRole('option', { name: /^Bayside Realty Group, Client/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(search).toBeHidden();

    const names = app.core.workspaces.list().map((w) => w.name);
    expect(names).toEqual(['Agency', 'Bayside Realty Group', 'Northwind Clinics']);
  });

  test('navigates by the registry, keeps the screen per workspace, and toggles the theme', async ({ page, app }) => {
    clientWorkspace(app, 'Acme Dental');
    await open(page, app, 'keys');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [label, heading] of [
      ['Settings', 'Settings'],
      ['Onboarding', 'Onboarding'],
      ['Audit', 'Audit log'],
      ['Vault', 'Vault'],
      ['API Keys', 'API Keys'],
    ] as const) {
      await nav.getByRole('link', { name: label }).click();
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    }
    await switchWorkspace(page, 'Acme Dental');
    await expect(page.getByRole('heading', { level: 1, name: 'API Keys' })).toBeVisible();

    const html = page.locator('html');
    await expect(html).not.toHaveAttribute('data-theme', /.+/);
    await page.getByTestId('theme-toggle').click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.getByTestId('theme-toggle').click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
  });

  test('loads under the strict CSP without a single violation or console error', async ({ page, app }) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await open(page, app, 'keys');
    await page.getByTestId('provider-twilio').getByRole('button', { name: 'Add Twilio key' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Escape');
    for (const path of ['settings/messaging', 'onboarding', 'audit', 'vault']) {
      await page.goto(`${app.url}/#/${path}`);
      await expect(page.locator('.page-header h1')).toBeVisible();
    }
    expect(problems).toEqual([]);
  });
});
