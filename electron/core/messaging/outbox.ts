/**
 * The outbox: every message is a row before it is sent, and a row only moves along the legal
 * paths (queued → sending → sent | failed | queued; queued → skipped | cancelled). 'sending'
 * is written before the request leaves, so after a crash such a row is known to be in doubt.
 * This file owns the messages table.
 */
import { MESSAGE_STATES, type MessageStatus } from '../../../shared/campaigns';
import type { Db } from '../store/db';

/** States of a message. */
export type MessageState = MessageStatus;

/** Why a message failed: the provider refused it, or no answer could be trusted (it may have arrived). */
export type Failure = 'refused' | 'unconfirmed';

/** A message row. */
export interface MessageRow {
  readonly id: number;
  readonly campaign_id: string;
  readonly recipient: string;
  readonly name: string;
  readonly zone: string;
  readonly subject: string | null;
  readonly body: string;
  readonly segments: number;
  readonly state: MessageState;
  readonly not_before: number;
  readonly attempts: number;
  readonly batch_key: string | null;
  readonly sender: string | null;
  readonly inflight_at: number | null;
  readonly provider_id: string | null;
  readonly error: string | null;
  readonly failure: Failure | null;
  readonly sent_at: string | null;
  readonly line: number | null;
}

/** A message to enqueue. */
export interface NewMessage {
  readonly recipient: string;
  readonly name: string;
  readonly zone: string;
  readonly subject: string | null;
  readonly body: string;
  readonly segments: number;
  readonly notBefore: number;
  readonly line: number | null;
  readonly dedupeKey?: string | null;
}

/** Messages per state. */
export type StateCounts = Readonly<Record<MessageState, number>> & { readonly total: number };

/** Reads and moves outbox rows. */
export class Outbox {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Copies an import's staged messages (a temporary table of stage.ts) in as queued (call inside the creating transaction). */
  enqueueStaged(campaignId: string, stagingTable: string): void {
    this.db
      .prepare(
        `INSERT INTO messages (campaign_id, recipient, name, zone, subject, body, segments, state, not_before, line) SELECT ?, recipient, name, zone, subject, body, segments, 'queued', not_before, line FROM ${stagingTable} ORDER BY line`,
      )
      .run(campaignId);
  }

  /** Whether a campaign still has a message queued or in doubt. */
  hasPending(campaignId: string): boolean {
    return (
      this.db.prepare("SELECT 1 FROM messages WHERE campaign_id = ? AND state IN ('queued', 'sending') LIMIT 1").get(campaignId) !==
      undefined
    );
  }

  /** Adds messages (call inside the transaction that creates their campaign); returns how many were new. */
  enqueue(campaignId: string, messages: readonly NewMessage[]): number {
    const insert = this.db.prepare(
      `INSERT INTO messages (campaign_id, recipient, name, zone, subject, body, segments, state, not_before, dedupe_key, line)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    let added = 0;
    for (const m of messages)
      added += insert.run(
        campaignId,
        m.recipient,
        m.name,
        m.zone,
        m.subject,
        m.body,
        m.segments,
        m.notBefore,
        m.dedupeKey ?? null,
        m.line,
      ).changes;
    return added;
  }

  /** Queued messages due by `at`, oldest first. */
  dueQueued(campaignId: string, at: number, limit: number): MessageRow[] {
    return this.db
      .prepare("SELECT * FROM messages WHERE campaign_id = ? AND state = 'queued' AND not_before <= ? ORDER BY not_before, id LIMIT ?")
      .all(campaignId, at, limit) as MessageRow[];
  }

  /** In-doubt messages due for another look by `at` (crash leftovers and retries), minus those in flight here. */
  dueInDoubt(campaignId: string, at: number, inFlight: ReadonlySet<number>, limit: number): MessageRow[] {
    const rows = this.db
      .prepare("SELECT * FROM messages WHERE campaign_id = ? AND state = 'sending' AND not_before <= ? ORDER BY not_before, id LIMIT ?")
      .all(campaignId, at, limit + inFlight.size) as MessageRow[];
    return rows.filter((r) => !inFlight.has(r.id)).slice(0, limit);
  }

  /** The rows of one request (same idempotency key), in the order they were sent. */
  batch(batchKey: string): MessageRow[] {
    return this.db.prepare("SELECT * FROM messages WHERE batch_key = ? AND state = 'sending' ORDER BY id").all(batchKey) as MessageRow[];
  }

  /** When the next queued or in-doubt message falls due; null when none is left. */
  nextDue(campaignId: string): number | null {
    const row = this.db
      .prepare("SELECT min(not_before) AS t FROM messages WHERE campaign_id = ? AND state IN ('queued', 'sending')")
      .get(campaignId) as { t: number | null };
    return row.t;
  }

  /**
   * queued → sending, just before the request leaves (this write is what makes a crash
   * recoverable). Returns the ids that moved: a row cancelled meanwhile (from another process)
   * does not, and must not be sent.
   */
  markInFlight(ids: readonly number[], o: { batchKey: string | null; sender: string; at: number }): Set<number> {
    const stmt = this.db.prepare(
      "UPDATE messages SET state = 'sending', attempts = attempts + 1, batch_key = ?, sender = ?, inflight_at = ?, not_before = ?, error = NULL WHERE id = ? AND state IN ('queued', 'sending')",
    );
    const moved = new Set<number>();
    this.db.transaction(() => {
      for (const id of ids) if (stmt.run(o.batchKey, o.sender, o.at, o.at, id).changes === 1) moved.add(id);
    })();
    return moved;
  }

  /** sending → sent with the provider's id. */
  markSent(id: number, providerId: string): boolean {
    return (
      this.db
        .prepare("UPDATE messages SET state = 'sent', provider_id = ?, sent_at = ?, error = NULL WHERE id = ? AND state = 'sending'")
        .run(providerId, this.now().toISOString(), id).changes === 1
    );
  }

  /** sending|queued → failed, saying why and whether it may have arrived. */
  markFailed(ids: readonly number[], reason: string, failure: Failure): void {
    const stmt = this.db.prepare(
      "UPDATE messages SET state = 'failed', error = ?, failure = ? WHERE id = ? AND state IN ('queued', 'sending')",
    );
    for (const id of ids) stmt.run(reason, failure, id);
  }

  /** How many messages failed unconfirmed (the operator may send them again). */
  unconfirmed(campaignId: string): number {
    return (
      this.db
        .prepare("SELECT count(*) AS n FROM messages WHERE campaign_id = ? AND state = 'failed' AND failure = 'unconfirmed'")
        .get(campaignId) as { n: number }
    ).n;
  }

  /** failed (unconfirmed) → queued as new messages, due at `at`; returns how many. */
  sendAgain(campaignId: string, at: number): number {
    return this.db
      .prepare(
        "UPDATE messages SET state = 'queued', not_before = ?, attempts = 0, batch_key = NULL, sender = NULL, inflight_at = NULL, provider_id = NULL, error = NULL, failure = NULL WHERE campaign_id = ? AND state = 'failed' AND failure = 'unconfirmed'",
      )
      .run(at, campaignId).changes;
  }

  /** queued → skipped (do-not-contact, opted out since the import). */
  markSkipped(id: number, reason: string): void {
    this.db.prepare("UPDATE messages SET state = 'skipped', error = ? WHERE id = ? AND state = 'queued'").run(reason, id);
  }

  /** Back to queued, due at `notBefore`: not accepted, so it may be sent again as a new request. */
  requeue(ids: readonly number[], notBefore: number, reason: string | null): void {
    const stmt = this.db.prepare(
      "UPDATE messages SET state = 'queued', not_before = ?, batch_key = NULL, inflight_at = NULL, error = ? WHERE id = ? AND state IN ('queued', 'sending')",
    );
    for (const id of ids) stmt.run(notBefore, reason, id);
  }

  /** A queued message waits for its recipient's window to open. */
  defer(id: number, notBefore: number): void {
    this.db.prepare("UPDATE messages SET not_before = ? WHERE id = ? AND state = 'queued'").run(notBefore, id);
  }

  /** Stays in doubt, looked at again at `notBefore` (a 5xx or timeout: it may have been accepted). */
  retryLater(ids: readonly number[], notBefore: number, reason: string, o: { countAttempt?: boolean } = {}): void {
    const stmt = this.db.prepare(
      `UPDATE messages SET not_before = ?, error = ?${o.countAttempt ? ', attempts = attempts + 1' : ''} WHERE id = ? AND state = 'sending'`,
    );
    for (const id of ids) stmt.run(notBefore, reason, id);
  }

  /** Fails every in-doubt row of a campaign that no request of this process is waiting on (a cancelled campaign's leftovers). */
  failInDoubt(campaignId: string, except: ReadonlySet<number>, reason: string): number {
    const rows = this.db.prepare("SELECT id FROM messages WHERE campaign_id = ? AND state = 'sending'").all(campaignId) as { id: number }[];
    const ids = rows.map((r) => r.id).filter((id) => !except.has(id));
    this.markFailed(ids, reason, 'unconfirmed');
    return ids.length;
  }

  /** Cancels what has not been sent yet (in-doubt rows are left to finish their story). */
  cancelQueued(campaignId: string): number {
    return this.db.prepare("UPDATE messages SET state = 'cancelled' WHERE campaign_id = ? AND state = 'queued'").run(campaignId).changes;
  }

  /** Whether a provider id is already recorded (so a lookup never claims another row's message). */
  knownProviderId(providerId: string): boolean {
    return this.db.prepare('SELECT 1 FROM messages WHERE provider_id = ?').get(providerId) !== undefined;
  }

  /** Messages per state. */
  counts(campaignId: string): StateCounts {
    const rows = this.db.prepare('SELECT state, count(*) AS n FROM messages WHERE campaign_id = ? GROUP BY state').all(campaignId) as {
      state: MessageState;
      n: number;
    }[];
    const out = Object.fromEntries(MESSAGE_STATES.map((s) => [s, 0])) as Record<MessageState, number>;
    for (const r of rows) out[r.state] = r.n;
    return { ...out, total: rows.reduce((n, r) => n + r.n, 0) };
  }

  /** When the first waiting message (queued, not yet due) falls due; null when none waits. */
  nextWaiting(campaignId: string, at: number): number | null {
    return (
      this.db
        .prepare("SELECT min(not_before) AS t FROM messages WHERE campaign_id = ? AND state = 'queued' AND not_before > ?")
        .get(campaignId, at) as { t: number | null }
    ).t;
  }

  /** Queued messages not yet due (waiting for a window or a retry). */
  waiting(campaignId: string, at: number): number {
    return (
      this.db
        .prepare("SELECT count(*) AS n FROM messages WHERE campaign_id = ? AND state = 'queued' AND not_before > ?")
        .get(campaignId, at) as { n: number }
    ).n;
  }

  /** A page of messages, by id. */
  page(campaignId: string, o: { offset?: number; limit?: number; state?: MessageState } = {}): MessageRow[] {
    const where = o.state ? 'campaign_id = ? AND state = ?' : 'campaign_id = ?';
    const args: (string | number)[] = o.state ? [campaignId, o.state] : [campaignId];
    return this.db
      .prepare(`SELECT * FROM messages WHERE ${where} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...args, Math.min(o.limit ?? 100, 1000), o.offset ?? 0) as MessageRow[];
  }

  /** The message at a position of a campaign (for the per-contact preview). */
  at(campaignId: string, index: number): MessageRow | undefined {
    return this.db
      .prepare('SELECT * FROM messages WHERE campaign_id = ? ORDER BY id LIMIT 1 OFFSET ?')
      .get(campaignId, Math.max(0, index)) as MessageRow | undefined;
  }
}
