import { expect, open, test } from './harness';

test('shows the dashboard', async ({ page, app }) => {
  await open(page, app);
  await expect(page.getByRole('heading', { name: 'API Keys' })).toBeVisible();
  await page.screenshot({ path: 'test-results/smoke.png' });
});
