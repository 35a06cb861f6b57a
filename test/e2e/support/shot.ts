/** Screenshots of the console: to test-results/screenshots, or to docs/screenshots (tracked) with UPDATE_SCREENSHOTS=1. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

/** Where screenshots go on this run. */
export const SHOTS = resolve(__dirname, process.env.UPDATE_SCREENSHOTS === '1' ? '../../../docs/screenshots' : '../../../test-results/screenshots');

/** Saves the screen as a person would see it settled: toasts dismissed, no hover, fonts loaded, animations done. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const button of await page.getByTestId('toast').getByRole('button', { name: 'Dismiss' }).all()) await button.click();
  // No row under the pointer: a hover highlight would read as a selection.
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  // A dialog still fading in would be photographed half-transparent.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}
