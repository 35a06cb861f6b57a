/**
 * The wait, at a placed call's end, for the carrier's final word on a call handed to a person (its
 * seconds, and the person's leg's) or on the legs a transfer that did not go through added.
 */
import type { Clock, TimerHandle } from '../clock';
import type { HandOver, SettledLeg } from './hand-over';

/**
 * How long a call handed to a person is waited on for the carrier's final word (its seconds, and the
 * person's leg's): Twilio ends any call after four hours unless told otherwise (TimeLimit's default).
 */
export const HANDED_OVER_WAIT_MS = 4 * 60 * 60_000;
/** How long a call that tried a transfer and went on waits at its end for that leg's final word. */
export const LEG_WAIT_MS = 30_000;

/** One call's wait for its final word. */
export class FinalWord {
  /** Resolves once the carrier's final status of the caller's call came. */
  private readonly callerDone: Promise<void>;
  private resolveCallerDone!: () => void;
  /** Ends the wait at once (the operator's hang-up, the runner stopping). */
  private stopWaiting: (() => void) | null = null;

  constructor(private readonly clock: Clock) {
    this.callerDone = new Promise((resolve) => (this.resolveCallerDone = resolve));
  }

  /** The carrier's final status of the caller's call came. */
  callerFinal(): void {
    this.resolveCallerDone();
  }

  /** Ends a wait under way now (nothing, before one began). */
  stop(): void {
    this.stopWaiting?.();
  }

  /**
   * The legs the hand-over added, with their seconds, once the carrier settled them (and, for a call
   * `handed` to a person, the caller's call), or the wait was stopped or ran out.
   */
  async legs(handOver: HandOver, handed: boolean): Promise<SettledLeg[]> {
    const stop = new Promise<void>((resolve) => (this.stopWaiting = resolve));
    const cap: TimerHandle = this.clock.setTimeout(() => this.stopWaiting?.(), handed ? HANDED_OVER_WAIT_MS : LEG_WAIT_MS);
    const [legs] = await Promise.all([handOver.settle(stop), handed ? Promise.race([this.callerDone, stop]) : undefined]);
    this.clock.clearTimeout(cap);
    return legs;
  }
}
