/**
 * A hash router: `#/keys`, `#/settings/messaging`. Hash changes never navigate the window, so the
 * main process's navigation guard stays strict and the app works from file:// and http alike.
 */
import { useSyncExternalStore } from 'react';

/** The current location split into segments, e.g. `['settings', 'messaging']`. */
export function currentPath(): string[] {
  return window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
}

/** Goes to a path such as `keys` or `settings/messaging`. */
export function navigate(path: string): void {
  const target = `#/${path.replace(/^\/+/, '')}`;
  if (window.location.hash !== target) window.location.hash = target;
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

/** The hash, re-rendering the caller when it changes. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
