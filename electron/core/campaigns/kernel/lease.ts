/**
 * The run lease every campaign row carries, messaging and voice alike: which process runs it and
 * when that process last said so (docs/ARCHITECTURE.md, "Campaign kernel"). A lease goes stale when
 * its heartbeat is old or its process is gone; another process may then take the campaign over.
 */
import type { Clock } from '../../voice/clock';

/** A runner's lease is stale when its heartbeat is this old (or its process is gone). */
export const LEASE_STALE_MS = 15_000;

/** How often a run renews its lease: well inside LEASE_STALE_MS, so a busy moment does not lose it. */
export const HEARTBEAT_MS = 2_000;

/** Whether a process with this id is alive on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The run lease a campaign row carries (messaging and voice campaigns alike). */
export interface RunLease {
  readonly state: string;
  readonly runner_pid: number | null;
  readonly runner_heartbeat: number | null;
}

/** Whether another process holds the run lease now: its heartbeat is fresh and the process is alive. */
export function leaseHeldElsewhere(row: RunLease, pid: number, nowMs: number): boolean {
  const fresh = row.runner_heartbeat !== null && nowMs - row.runner_heartbeat < LEASE_STALE_MS;
  return row.runner_pid !== null && row.runner_pid !== pid && fresh && processAlive(row.runner_pid);
}

/** Whether a run stopped without finishing: state running, but no live process holds it. */
export function runInterrupted(row: RunLease, nowMs: number): boolean {
  if (row.state !== 'running') return false;
  if (row.runner_pid === null) return true;
  if (row.runner_pid === process.pid) return false;
  return !processAlive(row.runner_pid) || row.runner_heartbeat === null || nowMs - row.runner_heartbeat > LEASE_STALE_MS;
}

/**
 * Calls `beat` now and every HEARTBEAT_MS on the run's clock (a bench that compresses time
 * compresses the lease's age too) until the returned function is called. A beat that throws (a busy
 * or closing database) is skipped: the next one tries again, and a lease only goes stale after 15 s.
 */
export function keepFresh(clock: Clock, beat: () => void): () => void {
  let beating = true;
  let timer: ReturnType<Clock['setTimeout']> | null = null;
  const tick = (): void => {
    if (!beating) return;
    try {
      beat();
    } catch {
      // Skipped; see above.
    }
    timer = clock.setTimeout(tick, HEARTBEAT_MS);
  };
  tick();
  return () => {
    beating = false;
    if (timer) clock.clearTimeout(timer);
  };
}
