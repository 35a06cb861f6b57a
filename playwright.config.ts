/**
 * End-to-end tests of the console: the built renderer in headless Chromium, wired to the real core
 * and provider simulators (see test/e2e/harness.ts). Run `npm run build` first, and run under
 * scripts/with-keyring.mjs so the core has a real Secret Service.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  // Timeouts detect hangs, never speed: a loaded two-core machine can take many times longer than an idle one.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? 'line' : 'list',
  outputDir: 'test-results',
  use: {
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    trace: 'off',
    screenshot: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
