/**
 * The one door to the main process. Only stores import this module (eslint enforces that
 * components never reach `window.switchboard`), so every call has a single, typed home.
 */
import type { ErrorInfo, Result } from '../../../shared/errors';
import type { Channel, EventName, Input, Output, SwitchboardApi } from '../../../shared/ipc/contract';
import { visibleDeep } from '../../../shared/visible';
import type { Push } from '../../../shared/ipc/pushes';

declare global {
  interface Window {
    readonly switchboard: SwitchboardApi;
  }
}

/** The bridge exposed by the preload. */
export function bridge(): SwitchboardApi {
  return window.switchboard;
}

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;

/**
 * Calls a channel by its contract name. The channel string never leaves the renderer: it is
 * split into the preload's named function (`credentials:add` → `switchboard.credentials.add`).
 */
export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Result<Output<C>>> {
  const [domain, verb] = channel.split(':') as [DomainOf<C>, string];
  const group = bridge()[domain] as unknown as Record<string, (i: unknown) => Promise<Result<Output<C>>>> | undefined;
  const fn = group?.[verb];
  if (!fn) return { ok: false, error: { code: 'INTERNAL', message: 'This version of Switchboard does not offer that action yet.' } };
  try {
    // Every string from main may have come from outside (a bundle, a CSV, a provider): its control
    // and bidi characters are shown as text, inert, before any component renders them.
    return visibleDeep(await fn(input));
  } catch {
    // Only a broken bridge throws; handlers themselves always answer with a Result.
    return { ok: false, error: { code: 'INTERNAL', message: 'The connection to the Switchboard core was lost.' } };
  }
}

/**
 * Subscribes to a push from main; returns the unsubscribe function. Main parsed the payload with
 * the push's schema before sending it (electron/main/ipc/push.ts), so it arrives typed, as a
 * channel's output does; parsing it again here would put zod in the console's bundle. Outside
 * strings in it are made inert on the way in, as every channel's answer is.
 */
export function subscribe<E extends EventName>(event: E, listener: (payload: Push<E>) => void): () => void {
  return bridge().on(event, (payload) => listener(visibleDeep(payload) as Push<E>));
}

/** Re-exported so stores name error values with one import. */
export type { ErrorInfo, Result };
