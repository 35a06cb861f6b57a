/** Steps many tests take through the console. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Opens the switcher with the keyboard shortcut and picks a workspace by name. */
export async function switchWorkspace(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+K');
  const search = page.getByRole('combobox', { name: 'Search workspaces' });
  await expect(search).toBeFocused();
  await search.fill(name);
  await page
    .getByRole('gridcell', { name: new RegExp(`^${name}`) })
    .first()
    .click();
  await expect(page.getByTestId('workspace-button')).toContainText(name);
}

/** Fills inputs by label inside a container, skipping names not given. */
export async function fillFields(scope: Locator, values: Readonly<Record<string, string>>): Promise<void> {
  for (const [label, value] of Object.entries(values)) await scope.getByLabel(label, { exact: false }).first().fill(value);
}

/** The card of a provider on the dashboard. */
export function providerCard(page: Page, id: string): Locator {
  return page.getByTestId(`provider-${id}`);
}
