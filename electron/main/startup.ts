/**
 * Opening the core for the desktop app, as plain functions (no `electron` import, so tests run
 * them): which start-up failures the vault screen resolves, and the sentence for the rest.
 */
import { AppError, type ErrorCode, toErrorInfo } from '../../shared/errors';
import { type Core, type CoreConfig, createCore } from '../core/app';
import { storageFault } from '../core/store/faults';

// No keychain (set up a passphrase), a locked or mismatched keychain entry (unlock again):
// the console opens on the vault screen for these instead of refusing to start.
const VAULT_SCREEN_RESOLVES: ReadonlySet<ErrorCode> = new Set(['KEYCHAIN_UNAVAILABLE', 'VAULT_LOCKED', 'WRONG_PASSPHRASE', 'TAMPERED']);

/** Opens the data folder and starts the vault; throws only what the console cannot resolve (DB_TOO_NEW, an unreadable folder, …). */
export async function openCore(config: CoreConfig): Promise<Core> {
  const core = createCore(config);
  try {
    await core.start();
  } catch (err) {
    if (err instanceof AppError && VAULT_SCREEN_RESOLVES.has(err.code)) return core;
    core.close();
    throw err;
  }
  return core;
}

/** The one sentence the start-up failure dialog shows: a coded error's own sentence, else a plain one that leaks no internals. */
export function startupFailureSentence(err: unknown): string {
  const known = err instanceof AppError ? err : storageFault(err);
  return known ? toErrorInfo(known).message : 'Switchboard could not open its data folder; nothing was changed.';
}
