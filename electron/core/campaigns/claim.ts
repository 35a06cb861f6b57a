/**
 * Picking the next messages to send: due queued rows whose recipient's window is open now.
 * Rows now on a do-not-contact list (an opt-out since the import) are skipped; rows outside
 * their window are moved to its next opening — never dropped.
 */
import type { MessageRow, Outbox } from '../messaging/outbox';
import { nextOpening, type SendWindow, zonesFor } from '../messaging/window';

/** Claims sendable rows of one campaign. */
export class Claimer {
  private readonly openings = new Map<string, { minute: number; at: number }>();

  constructor(
    private readonly outbox: Outbox,
    private readonly campaignId: string,
    private readonly window: SendWindow,
    private readonly exclusion: (address: string) => string | null,
  ) {}

  /** Up to `max` rows that may go at `now`. */
  claim(now: number, max: number): MessageRow[] {
    const out: MessageRow[] = [];
    for (;;) {
      const rows = this.outbox.dueQueued(this.campaignId, now, max);
      if (rows.length === 0) return out;
      for (const r of rows) {
        const excluded = this.exclusion(r.recipient);
        const opens = excluded ? now : this.openingAt(r.zone, now);
        if (excluded) this.outbox.markSkipped(r.id, excluded);
        else if (opens > now) this.outbox.defer(r.id, opens);
        else out.push(r);
        if (out.length === max) return out;
      }
      if (out.length > 0) return out;
    }
  }

  /**
   * Whether rows may all go now, for repeating an in-doubt batch as the very same request: the
   * latest of their windows' openings, or why one of them may not get it at all any more.
   */
  whenAll(rows: readonly MessageRow[], now: number): { readonly excluded: string } | { readonly at: number } {
    let at = now;
    for (const r of rows) {
      const excluded = this.exclusion(r.recipient);
      if (excluded) return { excluded };
      at = Math.max(at, this.openingAt(r.zone, now));
    }
    return { at };
  }

  /** nextOpening, memoised per zone for the current minute (window edges fall on whole minutes). */
  private openingAt(zone: string, now: number): number {
    const minute = Math.floor(now / 60_000);
    const hit = this.openings.get(zone);
    if (hit && hit.minute === minute) return Math.max(hit.at, now);
    const at = nextOpening(this.window, zonesFor(zone), now);
    this.openings.set(zone, { minute, at });
    return at;
  }
}
