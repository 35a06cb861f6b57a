/**
 * The voice runner's clock: monotonic milliseconds and timers. Real-time code (the pacer, silence
 * and keep-alive timers, turn-taking) takes one of these instead of reading the wall clock, so tests
 * drive time by hand and benches measure the real thing.
 */

/** A timer handle, opaque to callers. */
export type TimerHandle = { readonly id: number };

/** Monotonic time and timers. */
export interface Clock {
  /** Monotonic milliseconds (fractional allowed); only differences mean anything. */
  now(): number;
  /** Calls `fn` once after `ms` (0 or more). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: performance.now() and Node timers. */
export function realClock(): Clock {
  let next = 1;
  const timers = new Map<number, NodeJS.Timeout>();
  return {
    now: () => performance.now(),
    setTimeout(fn, ms) {
      const id = next++;
      const timer = setTimeout(
        () => {
          timers.delete(id);
          fn();
        },
        Math.max(0, ms),
      );
      timers.set(id, timer);
      return { id };
    },
    clearTimeout(handle) {
      const timer = timers.get(handle.id);
      if (timer) clearTimeout(timer);
      timers.delete(handle.id);
    },
  };
}

/** A clock that moves only when told: `advance(ms)` runs every timer that falls due, in order. */
export class ManualClock implements Clock {
  private t = 0;
  private seq = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.seq++;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return { id };
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }
  /** Moves time forward by `ms`, running due timers (including ones they schedule) in time order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let dueId = -1;
      let dueAt = Infinity;
      for (const [id, timer] of this.timers) if (timer.at <= end && timer.at < dueAt) [dueId, dueAt] = [id, timer.at];
      if (dueId < 0) break;
      const timer = this.timers.get(dueId);
      this.timers.delete(dueId);
      this.t = Math.max(this.t, dueAt);
      timer?.fn();
    }
    this.t = end;
  }
  /** Moves time forward without running any timer, as a blocked event loop would: the next advance runs what fell due, late. */
  stall(ms: number): void {
    this.t += ms;
  }
  /** Timers still waiting. */
  pending(): number {
    return this.timers.size;
  }
}
