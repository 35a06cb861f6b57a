/**
 * Screenshots of the console, written by every end-to-end run to docs/screenshots (tracked), so the
 * README always shows the console as it is; test/unit/docs/screenshots.test.ts fails when the
 * README shows one that no spec takes.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';

/** Where screenshots go. */
export const SHOTS = resolve(__dirname, '../../../docs/screenshots');

/** Dismisses every toast, one at a time (each one's leaving changes the list). */
export async function dismissToasts(page: Page): Promise<void> {
  const dismiss = page.getByTestId('toast').getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

/** Saves the screen as a person would see it settled: toasts dismissed, no hover, fonts loaded, animations done. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // Toasts are dismissed unless a dialog is up: its overlay covers them, and a click meant for a
  // toast would close the dialog.
  if ((await page.getByRole('dialog').count()) === 0) await dismissToasts(page);
  // No row under the pointer: a hover highlight would read as a selection.
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  // A dialog still fading in would be photographed half-transparent.
  // An animation cancelled on the way (a state that changed again) rejects its `finished`: it is over too.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}
