/**
 * What the e2e page gets instead of the Electron preload: `window.switchboard` built exactly as
 * the preload builds it (one named function per channel, `on(event)` for pushes), each call going
 * to the real IPC handler through a Playwright binding. Also installs the store dev hook.
 */

/** Arguments of the init script (plain data: it is serialised into the page). */
export interface BridgeArgs {
  readonly channels: readonly string[];
  readonly events: readonly string[];
}

/** Runs in the page before any of its scripts. Mirrors electron/preload/index.ts. */
export function installBridge({ channels, events }: BridgeArgs): void {
  type Listener = (payload: unknown) => void;
  const w = window as unknown as Record<string, unknown> & { __sbInvoke: (channel: string, input: unknown) => Promise<unknown> };
  const listeners = new Map<string, Set<Listener>>();
  const api: Record<string, unknown> = {};
  for (const channel of channels) {
    const [domain, verb] = channel.split(':') as [string, string];
    const group = (api[domain] ??= {}) as Record<string, unknown>;
    group[verb] = (input: unknown) => w.__sbInvoke(channel, input);
  }
  api.on = (event: string, listener: Listener) => {
    if (!events.includes(event)) return () => undefined;
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  };
  for (const group of Object.values(api)) if (typeof group === 'object' && group) Object.freeze(group);
  // contextBridge hands the page a frozen, non-writable object; so does this.
  Object.defineProperty(window, 'switchboard', { value: Object.freeze(api), writable: false, configurable: false });
  Object.defineProperty(window, '__sbEmit', {
    value: (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)),
  });
  const stores: Record<string, { getState(): unknown }> = {};
  w.__SWITCHBOARD_STORE_HOOK__ = { register: (name: string, store: { getState(): unknown }) => void (stores[name] = store) };
  w.__stores = stores;
}
