/** Test helpers: a fresh data folder, an in-memory keychain, and a started core. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, type CoreConfig, createCore } from '../../electron/core/app';
import type { KeyStore } from '../../electron/core/vault/keychain';

/** A keychain kept in a Map: for unit tests that are not about the OS keychain itself. */
export function memoryKeyStore(): KeyStore & { readonly entries: Map<string, Buffer> } {
  const entries = new Map<string, Buffer>();
  return {
    entries,
    get: (account) => {
      const v = entries.get(account);
      return v ? Buffer.from(v) : null;
    },
    set: (account, key) => void entries.set(account, Buffer.from(key)),
    delete: (account) => void entries.delete(account),
  };
}

/** A temporary folder removed by the returned function. */
export function tempDir(prefix = 'switchboard-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A clock for `CoreConfig.now` that reads `start` (an ISO instant) when made and then runs on at
 * the machine's pace: a test that depends on the hour (a recipient's sending window, a month)
 * names it, and waits, retries and leases still move forward as they would.
 */
export function clockFrom(start: string): () => Date {
  const at = Date.parse(start);
  if (Number.isNaN(at)) throw new Error(`clockFrom: ${start} is not an ISO instant`);
  const t0 = performance.now();
  return () => new Date(at + (performance.now() - t0));
}

/** A started core on a fresh data folder with an in-memory keychain. */
export async function makeCore(
  overrides: Partial<CoreConfig> = {},
): Promise<Core & { readonly dataDir: string; readonly keyStore: KeyStore; dispose(): void }> {
  const { dir, cleanup } = tempDir();
  const keyStore = overrides.keyStore ?? memoryKeyStore();
  const core = createCore({ dataDir: dir, actor: 'console', keyStore, autoLockMs: 0, ...overrides });
  await core.start();
  return Object.assign(core, {
    dataDir: dir,
    keyStore,
    dispose() {
      try {
        core.close();
      } finally {
        cleanup();
      }
    },
  });
}

/** Realistic-looking fake keys that pass the catalog's formats. */
export const FAKE = {
  twilio: { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'f'.repeat(32), phoneNumber: '+15005550006' },
  resend: { apiKey: 're_CanaryKey_9xQa8bT7cR6dS5eU4fV3', fromEmail: 'hello@example.com' },
  anthropic: { apiKey: 'sk-ant-api03-CANARYcanaryCANARYcanary-9xQa' },
} as const;
