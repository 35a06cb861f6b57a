/**
 * SQLITE_BUSY in plain words. Every connection waits busy_timeout (see db.ts) for another
 * Switchboard process — the app, a CLI command, a campaign importing a large file — to finish
 * its write; past that, SQLite gives up with SQLITE_BUSY (or SQLITE_LOCKED within one process).
 * The write that met it ran in a transaction and was rolled back whole, so the command can
 * simply be run again.
 */
import { AppError } from '../../../shared/errors';

/** The sentence, exported so tests say exactly the same. */
export const BUSY_SENTENCE =
  'Switchboard’s data is busy with another Switchboard command or the app; that change was not saved. Try again in a moment.';

/** SQLITE_BUSY or SQLITE_LOCKED (any extended code) as an AppError with its sentence; null for any other error. */
export function busyFault(err: unknown): AppError | null {
  if (err instanceof AppError || !(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    ? new AppError('CONFLICT', BUSY_SENTENCE)
    : null;
}
