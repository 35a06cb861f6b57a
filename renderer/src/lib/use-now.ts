/** A clock for elapsed times that tick on screen. */
import { useEffect, useState } from 'react';

/**
 * The time now, re-rendering the caller every second while `on`. Ticks fall on whole seconds, so
 * two elapsed times of one call shown side by side (a list row and the live view) turn together.
 */
export function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return undefined;
    let interval = 0;
    const first = window.setTimeout(
      () => {
        setNow(Date.now());
        interval = window.setInterval(() => setNow(Date.now()), 1000);
      },
      1000 - (Date.now() % 1000),
    );
    return () => {
      window.clearTimeout(first);
      window.clearInterval(interval);
    };
  }, [on]);
  return now;
}
