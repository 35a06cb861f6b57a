/**
 * The retention sweep's schedule while a runner is up: once a day on the runner's clock (the core
 * also sweeps once when it starts, app.ts). A failed sweep is reported and the next day tries again.
 */
import type { Clock, TimerHandle } from '../clock';

const DAY_MS = 86_400_000;

/** Runs `sweep` every day on `clock` until the returned stop is called. */
export function everyDay(clock: Clock, sweep: () => void, onError: (error: unknown) => void): () => void {
  let timer: TimerHandle | null = null;
  const next = (): void => {
    timer = clock.setTimeout(() => {
      try {
        sweep();
      } catch (error) {
        onError(error);
      }
      next();
    }, DAY_MS);
  };
  next();
  return () => {
    if (timer) clock.clearTimeout(timer);
    timer = null;
  };
}
