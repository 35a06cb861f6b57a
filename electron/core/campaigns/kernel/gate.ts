/**
 * The compliance gate both channels pass each recipient through just before a message goes or a
 * call is dialled (docs/ARCHITECTURE.md, "Campaign kernel"): not on a do-not-contact list now (an
 * opt-out since the import counts), and inside the campaign's window in the recipient's own zone.
 */
import { nextOpening, type SendWindow, zonesFor } from '../../messaging/window';

/** What the gate says about one recipient now: why they get nothing, or when they may get it. */
export type Verdict = { readonly excluded: string } | { readonly at: number };

/** A campaign's window and do-not-contact lists, asked per recipient. */
export class Gate {
  private readonly openings = new Map<string, { minute: number; at: number }>();

  constructor(
    private readonly window: SendWindow,
    private readonly exclusion: (address: string) => string | null,
  ) {}

  /** Why this recipient may not be contacted at all now, or null. */
  excluded(address: string): string | null {
    return this.exclusion(address);
  }

  /** Excluded, or when the recipient's window opens (`now` when it is open). */
  check(address: string, zone: string, now: number): Verdict {
    const excluded = this.exclusion(address);
    return excluded ? { excluded } : { at: this.openingAt(zone, now) };
  }

  /**
   * Whether recipients may all be contacted now, for repeating an in-doubt batch as the very same
   * request: the latest of their windows' openings, or why one of them may not be contacted any more.
   */
  checkAll(recipients: readonly { readonly recipient: string; readonly zone: string }[], now: number): Verdict {
    let at = now;
    for (const recipient of recipients) {
      const excluded = this.exclusion(recipient.recipient);
      if (excluded) return { excluded };
      at = Math.max(at, this.openingAt(recipient.zone, now));
    }
    return { at };
  }

  /** nextOpening, memoised per zone for the current minute (window edges fall on whole minutes). */
  openingAt(zone: string, now: number): number {
    const minute = Math.floor(now / 60_000);
    const hit = this.openings.get(zone);
    if (hit && hit.minute === minute) return Math.max(hit.at, now);
    const at = nextOpening(this.window, zonesFor(zone), now);
    this.openings.set(zone, { minute, at });
    return at;
  }
}
