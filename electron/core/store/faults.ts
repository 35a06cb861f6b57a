/**
 * Disk faults in plain words. A full disk, a read-only data folder or a failing drive reaches us as
 * SQLite's SQLITE_FULL / SQLITE_READONLY / SQLITE_IOERR_* or Node's ENOSPC / EROFS; the CLI and the
 * IPC handlers turn them into one sentence here, in one place, instead of "internal error".
 * "Nothing was saved" holds because every write runs in a transaction that SQLite rolls back
 * whole when a page cannot be written (https://www.sqlite.org/atomiccommit.html).
 */
import { AppError } from '../../../shared/errors';

/** The sentences, exported so tests and the start-up dialog say exactly the same. */
export const FAULT_SENTENCES = {
  full: 'The disk holding Switchboard’s data is full; nothing was saved. Free some space and try again.',
  readOnly: 'Switchboard’s data folder is read-only; nothing was saved. Make it writable and try again.',
  denied: 'Switchboard is not allowed to write to its data folder (permission denied); nothing was saved.',
  cantOpen: 'Switchboard cannot open its database in the data folder; nothing was saved. Check that the folder exists and is writable.',
  io: 'The disk holding Switchboard’s data failed to read or write (an I/O error); nothing was saved.',
  damaged: 'Switchboard’s database file is damaged or is not a Switchboard database; nothing was changed.',
  diskFull: 'The disk is full; free some space and try again.',
  fsReadOnly: 'That file system is read-only; nothing was written there.',
} as const;

const fault = (message: string): AppError => new AppError('STORAGE', message);

/** SQLite's extended code (better-sqlite3's SqliteError.code), or null for any other error. */
function sqliteCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** Node's errno code (ENOSPC, EROFS, …), or null. */
function errnoCode(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException | null;
  return err instanceof Error && typeof e?.code === 'string' && typeof e.syscall === 'string' ? e.code : null;
}

/** A disk fault of the database as an AppError with its sentence; null when err is not one. */
export function storageFault(err: unknown): AppError | null {
  if (err instanceof AppError) return null;
  const sql = sqliteCode(err);
  if (sql) {
    // SHMSIZE: the -shm file could not grow, which on every file system we know means no space.
    if (sql === 'SQLITE_FULL' || sql === 'SQLITE_IOERR_SHMSIZE') return fault(FAULT_SENTENCES.full);
    if (sql.startsWith('SQLITE_READONLY')) return fault(FAULT_SENTENCES.readOnly);
    if (sql.startsWith('SQLITE_CANTOPEN')) return fault(FAULT_SENTENCES.cantOpen);
    if (sql.startsWith('SQLITE_IOERR')) return fault(FAULT_SENTENCES.io);
    if (sql === 'SQLITE_CORRUPT' || sql.startsWith('SQLITE_CORRUPT_') || sql === 'SQLITE_NOTADB') return fault(FAULT_SENTENCES.damaged);
    return null;
  }
  const errno = errnoCode(err);
  if (errno === 'ENOSPC' || errno === 'EDQUOT') return fault(FAULT_SENTENCES.diskFull);
  if (errno === 'EROFS') return fault(FAULT_SENTENCES.fsReadOnly);
  return null;
}

/**
 * For the data folder itself (creating it, tightening its mode, creating the database file):
 * the same faults in the data folder's words.
 */
export function dataFolderFault(err: unknown): AppError | null {
  const errno = errnoCode(err);
  if (errno === 'ENOSPC' || errno === 'EDQUOT') return fault(FAULT_SENTENCES.full);
  if (errno === 'EROFS') return fault(FAULT_SENTENCES.readOnly);
  if (errno === 'EACCES' || errno === 'EPERM') return fault(FAULT_SENTENCES.denied);
  return storageFault(err);
}
