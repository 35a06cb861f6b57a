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
    const list = page.getByRole('grid', { name: 'Workspaces' });
    await expect(list.getByRole('row')).toHaveCount(2);
    // Buttons sit in their own cell, never inside the cell the arrow keys point at.
    await expect(list.locator('[aria-selected] button')).toHaveCount(0);
    await expect(search).toHaveAttribute('aria-activedescendant', /.+/);

    // Create from the query.
    await search.fill('Northwind Clinics');
    await expect(page.getByRole('gridcell', { name: /Create client workspace/ })).toBeVisible();
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
    await expect(page.getByRole('gridcell', { name: /^Bayside Realty Group/ })).toBeVisible();

    // Archive hides it; "Show archived" brings it back to restore.
    await page.getByRole('button', { name: 'Archive Bayside Realty Group' }).click();
    await expect(page.getByRole('gridcell', { name: /^Bayside Realty Group/ })).toHaveCount(0);
    await search.fill('');
    await page.getByLabel(/Show archived/).check();
    await page.getByRole('gridcell', { name: /^Bayside Realty Group, Archived/ }).hover();
    await page.getByRole('button', { name: 'Restore Bayside Realty Group' }).click();
    await expect(page.getByRole('gridcell', { name: /^Bayside Realty Group, Client/ })).toBeVisible();
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

  test('keeps Tab and Shift+Tab inside an open dialog, past its last control and back round', async ({ page, app }) => {
    await open(page, app, 'keys');
    const focusInDialog = (): Promise<boolean> => page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));
    const cases = [
      {
        label: 'Add a Twilio key',
        open: () => page.getByTestId('provider-twilio').getByRole('button', { name: 'Add Twilio key' }).click(),
      },
      { label: 'Switch workspace', open: () => page.keyboard.press('Control+K') },
    ];
    for (const c of cases) {
      await c.open();
      const dialog = page.getByRole('dialog', { name: c.label });
      await expect(dialog).toBeVisible();
      expect(await focusInDialog(), `${c.label}: focus starts inside`).toBe(true);
      // More presses than the dialog has tab stops: focus can only stay inside by wrapping round.
      const stops = await dialog.evaluate(
        (el) =>
          el.querySelectorAll(
            'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex="0"]',
          ).length,
      );
      expect(stops).toBeGreaterThan(0);
      const seen = new Set<string>();
      for (let i = 0; i < stops + 2; i++) {
        await page.keyboard.press('Tab');
        expect(await focusInDialog(), `${c.label}: after Tab ${i + 1} of ${stops + 2}`).toBe(true);
        seen.add(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? ''));
      }
      expect(seen.size, `${c.label}: Tab visits more than one control`).toBeGreaterThan(1);
      for (let i = 0; i < stops + 2; i++) {
        await page.keyboard.press('Shift+Tab');
        expect(await focusInDialog(), `${c.label}: after Shift+Tab ${i + 1} of ${stops + 2}`).toBe(true);
      }
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }
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
