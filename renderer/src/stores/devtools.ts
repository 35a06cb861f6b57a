/**
 * A dev hook, like React's: when something defined `__SWITCHBOARD_STORE_HOOK__` before the app
 * loaded (only the end-to-end harness does), each store registers itself so tests can read state.
 * In the desktop app nothing defines it and this does nothing; stores only ever hold hints anyway.
 */
import type { StoreApi } from 'zustand';

interface StoreHook {
  register(name: string, store: Pick<StoreApi<unknown>, 'getState' | 'subscribe'>): void;
}

/** Offers a store to the dev hook if one is installed. */
export function registerStore<T>(name: string, store: StoreApi<T>): void {
  const hook = (globalThis as { __SWITCHBOARD_STORE_HOOK__?: StoreHook }).__SWITCHBOARD_STORE_HOOK__;
  if (hook && typeof hook.register === 'function') hook.register(name, store as unknown as StoreApi<unknown>);
}
