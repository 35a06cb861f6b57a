/**
 * The console under test, for real: simulators for all 15 providers on 127.0.0.1, the real core
 * (SQLite on a temp folder, the OS keychain that with-keyring provides), the real IPC handlers,
 * and the built renderer served statically. A page connected to it calls those handlers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { type Core, createCore } from '../../../electron/core/app';
import type { Clipboard } from '../../../electron/core/credentials/clipboard';
// Loaded up front: the core imports the provider checks lazily, and a lazy import() of the provider
// SDKs through Playwright's TypeScript loader trips a Node ESM/CJS linking bug. Once required here,
// the lazy import finds the module already loaded.
import '../../../electron/core/providers';
import { originEnvName } from '../../../electron/core/providers/origin';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { createIpcHandlers } from '../../../electron/main/ipc';
import type { ServeRunner } from '../../../electron/core/voice/runner/serve';
import { openCore } from '../../../electron/main/startup';
import type { Channel } from '../../../shared/ipc/contract';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../shared/ipc/names';
import { PROVIDER_IDS, type ProviderId } from '../../../shared/providers/types';
import { type ProviderSim, startSim } from '../../sim';
import { installBridge } from './bridge';
import { serveRenderer } from './server';

/** The clipboard port the core writes to: lets a test see what Copy put there. */
export class TestClipboard implements Clipboard {
  text = '';
  writes = 0;
  writeText(text: string): void {
    this.text = text;
    this.writes += 1;
  }
  readText(): string {
    return this.text;
  }
}

/** Options for starting the app. */
export interface AppOptions {
  /** Create the vault in passphrase mode with this passphrase (default: the OS keychain). */
  readonly passphrase?: string;
  /**
   * A machine without a keychain: the core gets one that refuses everything. Without `passphrase`
   * the core is opened as the desktop app opens it, and the vault is left for the console to set up.
   */
  readonly noKeychain?: boolean;
  /**
   * How long a live check waits for a provider (default 60 s: only a hang takes that long). A spec
   * that makes a provider hang on purpose sets it shorter, to see the key left unverified.
   */
  readonly checkTimeoutMs?: number;
  /** Only these simulators (default: all 15). */
  readonly providers?: readonly ProviderId[];
  /**
   * A voice runner double, built before the core: the core starts its runner through the double's
   * `serve` once it has started (default: none, so voice:state says the runner is off and calls are
   * refused until it is started). Its `close`, if any, runs first on close.
   */
  readonly voice?: (parts: VoiceParts) => VoiceDouble | Promise<VoiceDouble>;
}

/** What a voice runner double is built from: the simulators, and the environment pointing at them. */
export interface VoiceParts {
  readonly sims: Readonly<Partial<Record<ProviderId, ProviderSim<unknown>>>>;
  readonly env: Readonly<Record<string, string>>;
}

/** A voice runner double: how the core starts its runner, given to `createCore`. */
export interface VoiceDouble {
  readonly serve: ServeRunner;
  close?(): Promise<void>;
}

/** A running app. */
export interface E2EApp {
  readonly url: string;
  readonly core: Core;
  readonly sims: Readonly<Partial<Record<ProviderId, ProviderSim<unknown>>>>;
  readonly clipboard: TestClipboard;
  readonly handlers: ReturnType<typeof createIpcHandlers>;
  /** The voice runner double the core serves with, when `voice` built one. */
  readonly voice: VoiceDouble | null;
  /** Gives a page the bridge; call before the first `goto`. */
  connect(page: Page): Promise<void>;
  /** The simulator of a provider (throws if it was not started). */
  sim(id: ProviderId): ProviderSim<unknown>;
  /** Every secret the simulators accept, for "nothing secret is visible" checks. */
  secrets(): string[];
  close(): Promise<void>;
}

/** Starts simulators, core, handlers and the static server. */
export async function startApp(opts: AppOptions = {}): Promise<E2EApp> {
  const ids = opts.providers ?? PROVIDER_IDS;
  const started = await Promise.all(ids.map(async (id) => [id, await startSim(id)] as const));
  const sims = Object.fromEntries(started) as Partial<Record<ProviderId, ProviderSim<unknown>>>;
  // Only the simulator origins: nothing a test does can reach a real provider.
  const env = Object.fromEntries(started.map(([id, s]) => [originEnvName(id), s.url]));
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  const voice = opts.voice ? await opts.voice({ sims, env }) : null;
  const config = {
    dataDir,
    actor: 'console',
    env,
    checkTimeoutMs: opts.checkTimeoutMs ?? 60_000,
    autoLockMs: 0,
    keyStore: opts.noKeychain ? noKeyStore : undefined,
    voice: voice ? { serve: voice.serve } : undefined,
  } as const;
  let core: Core;
  if (opts.noKeychain && !opts.passphrase) {
    core = await openCore(config);
  } else {
    core = createCore(config);
    await core.start(opts.passphrase ? { passphrase: opts.passphrase, preferPassphrase: true } : {});
  }
  const clipboard = new TestClipboard();
  core.credentials.setClipboard(clipboard);

  const pages = new Set<Page>();
  const emit = (event: string, payload: unknown): void => {
    for (const page of pages) {
      page
        .evaluate(([e, p]) => (window as unknown as { __sbEmit?: (e: string, p: unknown) => void }).__sbEmit?.(e, p), [
          event,
          payload,
        ] as const)
        .catch(() => undefined);
    }
  };
  core.vault.onChange(() => emit('event:vault', core.vault.status()));
  // The double's runner is up from the start, as if the operator had started it (it serves on loopback whatever the reach).
  if (voice) await core.voice.start({ publicUrl: 'http://127.0.0.1' }, 'console');
  const handlers = createIpcHandlers({ core, actor: 'console', emit });
  const server = await serveRenderer();

  return {
    url: server.url,
    core,
    sims,
    clipboard,
    handlers,
    voice,
    async connect(page) {
      pages.add(page);
      page.on('close', () => pages.delete(page));
      await page.exposeBinding('__sbInvoke', async (_source, channel: string, input: unknown) => {
        const handler = handlers[channel as Channel];
        return handler ? handler(input) : { ok: false, error: { code: 'NOT_FOUND', message: 'No such channel.' } };
      });
      await page.addInitScript(installBridge, { channels: [...CHANNEL_NAMES], events: [...EVENT_NAMES] });
    },
    sim(id) {
      const s = sims[id];
      if (!s) throw new Error(`the ${id} simulator was not started`);
      return s;
    },
    secrets: () => started.flatMap(([, s]) => s.secrets),
    async close() {
      pages.clear();
      // Voice campaigns still dialling stop before the runner and the database go, as the desktop app's quit should stop them.
      const draining = core.voiceCampaigns.drain().catch(() => undefined);
      await voice?.close?.();
      await draining;
      await server.close();
      core.close();
      await Promise.all(started.map(([, s]) => s.close()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
