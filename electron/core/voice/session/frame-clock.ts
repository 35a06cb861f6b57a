/**
 * One 20 ms tick shared by every call's pacer, instead of a timer per call: a runner with 25 calls
 * wakes 50 times a second rather than 1,250, and every call's frame for a slot goes out in the same
 * wake-up. Slots are anchored to the clock (epoch + n·period), never to the previous wake-up, so a
 * late tick does not push later slots back: the next tick still aims at its own slot, and a pacer
 * that missed a slot sends that slot's frame as well (see Pacer).
 */
import type { Clock, TimerHandle } from '../clock';

/** What the frame clock drives: called on every tick with the clock's time. */
export interface FrameClockMember {
  onTick(now: number): void;
}

/** The shared outbound tick of one runner. */
export class FrameClock {
  private readonly members = new Set<FrameClockMember>();
  private timer: TimerHandle | null = null;
  private readonly epoch: number;

  constructor(
    private readonly clock: Clock,
    readonly periodMs = 20,
  ) {
    if (!(periodMs > 0)) throw new RangeError('A frame clock needs a positive period.');
    this.epoch = clock.now();
  }

  /** The latest slot boundary at or before `t`. */
  slotAtOrBefore(at: number): number {
    return this.epoch + Math.floor((at - this.epoch) / this.periodMs) * this.periodMs;
  }

  /** Ticks `member` from the next slot on, until it leaves. */
  join(member: FrameClockMember): void {
    this.members.add(member);
    if (this.timer === null) this.schedule();
  }

  /** Stops ticking `member`; the clock sleeps when nobody is left. */
  leave(member: FrameClockMember): void {
    this.members.delete(member);
    if (this.members.size === 0 && this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** Calls ticking now. */
  get size(): number {
    return this.members.size;
  }

  private tick(): void {
    this.timer = null;
    const now = this.clock.now();
    for (const member of [...this.members]) member.onTick(now);
    // The next slot after the time the members were given, not after "now" read again: a tick that
    // came a hair before its slot (Node truncates timer delays to whole milliseconds) has sent
    // nothing for that slot yet, and must come back for it rather than skip to the one after.
    if (this.members.size > 0 && this.timer === null) this.schedule(now);
  }

  private schedule(from = this.clock.now()): void {
    const next = this.slotAtOrBefore(from) + this.periodMs;
    // Rounded up to the timer's whole milliseconds, so the wake-up is not early.
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(0, Math.ceil(next - this.clock.now())));
  }
}
