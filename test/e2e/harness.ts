/**
 * The e2e fixture: every test gets its own app (simulators, core on a fresh data folder, IPC
 * handlers, the built renderer) and a page already connected to it. Also the checks tests share:
 * no secret anywhere the operator could see it, and what each zustand store holds.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { type AppOptions, type E2EApp, startApp } from './support/app';

/** Fixtures of every e2e test. */
export interface Fixtures {
  readonly app: E2EApp;
  readonly appOptions: AppOptions;
}

/** `test` with `app` (started per test) and `page` connected to it. */
export const test = base.extend<Fixtures>({
  appOptions: [{}, { option: true }],
  app: async ({ appOptions }, use) => {
    const app = await startApp(appOptions);
    try {
      await use(app);
    } finally {
      await app.close();
    }
  },
  page: async ({ page, app }, use) => {
    await app.connect(page);
    await use(page);
  },
});

export { expect };

/** Every store's state, serialised (functions drop out), read through the dev hook. */
export async function storeStates(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const stores = (window as unknown as { __stores?: Record<string, { getState(): unknown }> }).__stores ?? {};
    return Object.fromEntries(Object.entries(stores).map(([name, s]) => [name, JSON.stringify(s.getState())]));
  });
}

/**
 * Where any of `secrets` shows up: the page's HTML, every input's value, every store's state.
 * Returns places and secret indexes only, so a failing test never prints a secret.
 */
export async function secretSightings(page: Page, secrets: readonly string[]): Promise<string[]> {
  const html = await page.content();
  const values = await page.$$eval('input, textarea, select', (els) => els.map((e) => (e as HTMLInputElement).value));
  const text = await page.evaluate(() => document.body.innerText);
  const stores = await storeStates(page);
  const places: [string, string][] = [
    ['page HTML', html],
    ['page text', text],
    ['input values', values.join('\n')],
    ...Object.entries(stores).map(([n, s]) => [`store ${n}`, s] as [string, string]),
  ];
  const found: string[] = [];
  secrets.forEach((secret, i) => {
    for (const [where, hay] of places) if (secret.length >= 8 && hay.includes(secret)) found.push(`secret #${i} in ${where}`);
  });
  return found;
}

/** Opens the console on a screen and waits for the shell to be there. */
export async function open(page: Page, app: E2EApp, path = 'keys'): Promise<void> {
  await page.goto(`${app.url}/#/${path}`);
  await expect(page.getByTestId('workspace-button')).not.toContainText('Loading');
}
