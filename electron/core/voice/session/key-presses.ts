/**
 * Keys the caller presses (DTMF) gathered into turns: presses in a row, each within `gapMs` of the
 * last, are one turn, told once the caller stops as the line the model reads ("[pressed 1 2 3]").
 */
import type { Clock, TimerHandle } from '../clock';

/** The default pause after a key press that ends the caller's keys (ms). */
export const KEY_GAP_MS = 1000;

/** The caller's key presses of one call. */
export class KeyPresses {
  private digits: string[] = [];
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly onTurn: (text: string) => void,
    private readonly gapMs = KEY_GAP_MS,
  ) {}

  /** One key; the turn is told `gapMs` after the last. */
  press(digit: string): void {
    this.digits.push(digit);
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      const text = `[pressed ${this.digits.join(' ')}]`;
      this.digits = [];
      this.timer = null;
      this.onTurn(text);
    }, this.gapMs);
  }

  /** Forgets keys not yet told (the call is over). */
  clear(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.digits = [];
  }
}
