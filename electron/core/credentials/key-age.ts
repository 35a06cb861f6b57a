/** How old a key is, from the core's clock: whole days since it was stored (a rotated-in key is stored at its rotation). */
import { ROTATE_AFTER_DAYS } from '../../../shared/rotation';
import type { CredentialRow } from './repo';

const DAY_MS = 86_400_000;

/** Whole days from `createdAt` to `now` (never negative: a clock set back reads as today). */
export function ageInDays(createdAt: string, now: Date): number {
  const born = Date.parse(createdAt);
  if (Number.isNaN(born)) return 0;
  return Math.max(0, Math.floor((now.getTime() - born) / DAY_MS));
}

/** Whether the reminder shows: a key in use, not on standby, at least ROTATE_AFTER_DAYS old. */
export function rotationDue(row: Pick<CredentialRow, 'active' | 'created_at'>, standby: boolean, now: Date): boolean {
  return row.active === 1 && !standby && ageInDays(row.created_at, now) >= ROTATE_AFTER_DAYS;
}
