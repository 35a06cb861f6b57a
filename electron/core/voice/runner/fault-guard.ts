/**
 * The voice runner's last line: an error no socket or call handled must not end every live call of
 * every client with the process. Each call's work runs inside `callScope` (its timers, promises and
 * the carrier events it subscribed to carry the call's id along, Node's AsyncLocalStorage), so an
 * escaped error names the call it came from: that call ends with a reason, the rest go on.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The Switchboard call id whose work is running now, if any. */
export const callScope = new AsyncLocalStorage<string>();

/** What the guard reports: the error, and the call it escaped from (null when no call's work was running). */
export type FaultListener = (err: unknown, callId: string | null) => void;

const listeners = new Set<FaultListener>();

function escaped(err: unknown): void {
  const callId = callScope.getStore() ?? null;
  for (const fn of listeners) {
    try {
      fn(err, callId);
    } catch {
      // A listener that fails (a closed database, say) must not turn one fault into a crash loop.
    }
  }
}

/**
 * Turns uncaught exceptions and unhandled rejections into reports while at least one listener is
 * installed; returns the uninstall function. Only processes that run a voice runner install it
 * (the `voice serve` CLI, the console): elsewhere an escape still ends the process, as it should.
 */
export function guardProcess(listener: FaultListener): () => void {
  if (listeners.size === 0) {
    process.on('uncaughtException', escaped);
    process.on('unhandledRejection', escaped);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      process.off('uncaughtException', escaped);
      process.off('unhandledRejection', escaped);
    }
  };
}

/** One sentence naming an escaped error by its class only (its message may quote a secret or a frame). */
export function faultSentence(err: unknown): string {
  const name = err instanceof Error && /^[A-Za-z]{1,40}$/.test(err.name) ? err.name : 'error';
  return `The voice runner caught an unexpected ${name} and kept running.`;
}
