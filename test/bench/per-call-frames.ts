/**
 * The voice bench's pacing baseline: a timer per call instead of the runner's one shared 20 ms
 * tick. Given to the runner as its frame clock, it ticks each call's pacer on a frame clock of its
 * own, anchored where that call's run of audio starts, as a pacer keeping its own timer is.
 */
import type { Clock } from '../../electron/core/voice/clock';
import { FrameClock, type FrameClockMember } from '../../electron/core/voice/session/frame-clock';

/** A frame clock per call, for the bench's "one timer per call" rows. */
export class PerCallFrames extends FrameClock {
  private readonly own = new Map<FrameClockMember, FrameClock>();

  constructor(private readonly timers: Clock) {
    super(timers, 20);
  }

  /** Each run of audio is anchored where it starts, on its call's own clock. */
  override slotAtOrBefore(time: number): number {
    return time;
  }

  override join(member: FrameClockMember): void {
    const clock = new FrameClock(this.timers, this.periodMs);
    this.own.set(member, clock);
    clock.join(member);
  }

  override leave(member: FrameClockMember): void {
    this.own.get(member)?.leave(member);
    this.own.delete(member);
  }

  override get size(): number {
    return this.own.size;
  }
}
