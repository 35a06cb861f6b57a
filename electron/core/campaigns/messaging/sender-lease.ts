/**
 * Which process sends as a sending identity (a number, a Messaging Service, a from-address).
 * A provider's limit is per identity. Campaigns of one process share one token bucket per
 * identity, but two processes (the console and the CLI) would each pace themselves to the full
 * rate, so one process at a time holds an identity; another waits until it is let go, or takes
 * it over once its holder is gone (a killed process leaves its pid; a lease not renewed within
 * LEASE_STALE_MS is stale).
 */
import type { Db } from '../../store/db';
import { LEASE_STALE_MS, processAlive } from '../kernel/lease';

/** Sending identities held by this process, counted per run. */
export class SenderLeases {
  private readonly held = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly pid: number = process.pid,
    /** The core's clock, in ms: heartbeats are stamped and judged on the same clock as the rest of the core. */
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes the identity for one run of this process, or says which live process holds it. */
  acquire(senderKey: string): { readonly ok: true } | { readonly ok: false; readonly holder: number } {
    const runs = this.held.get(senderKey) ?? 0;
    if (runs > 0) {
      this.held.set(senderKey, runs + 1);
      return { ok: true };
    }
    const taken = this.db
      .transaction((): { ok: true } | { ok: false; holder: number } => {
        const row = this.db.prepare('SELECT pid, heartbeat FROM sender_leases WHERE sender_key = ?').get(senderKey) as
          { pid: number; heartbeat: number } | undefined;
        const at = this.now();
        if (row && row.pid !== this.pid && at - row.heartbeat < LEASE_STALE_MS && processAlive(row.pid))
          return { ok: false, holder: row.pid };
        this.db
          .prepare(
            `INSERT INTO sender_leases (sender_key, pid, heartbeat) VALUES (?, ?, ?) ON CONFLICT (sender_key) DO UPDATE SET pid =
              excluded.pid, heartbeat = excluded.heartbeat`,
          )
          .run(senderKey, this.pid, at);
        return { ok: true };
      })
      .immediate();
    if (taken.ok) this.held.set(senderKey, 1);
    return taken;
  }

  /** Keeps this process's identities fresh (called with the campaign heartbeat). */
  renew(senderKey: string): void {
    if (this.held.has(senderKey))
      this.db.prepare('UPDATE sender_leases SET heartbeat = ? WHERE sender_key = ? AND pid = ?').run(this.now(), senderKey, this.pid);
  }

  /** One run lets go; the identity is free once no run of this process uses it. */
  release(senderKey: string): void {
    const runs = this.held.get(senderKey) ?? 0;
    if (runs > 1) {
      this.held.set(senderKey, runs - 1);
      return;
    }
    this.held.delete(senderKey);
    this.db.prepare('DELETE FROM sender_leases WHERE sender_key = ? AND pid = ?').run(senderKey, this.pid);
  }
}
