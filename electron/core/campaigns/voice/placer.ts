/**
 * Where a voice campaign's calls are placed: the port the run dials through, and its one real
 * implementation, the voice runner (keys through resolve(), the media server, the agent). Benches
 * put simulated calls of realistic length behind the same port.
 */
import type { Actor } from '../../audit/audit';
import { resolveCallKeys, type CallKeys } from '../../voice/call/keys';
import type { VoiceDeps } from '../../voice/deps';
import type { CallEnd } from '../../voice/call/placed-call';
import type { CallRequest, VoiceRunner } from '../../voice/runner/runner';

/** A call the carrier accepted. */
export interface LeadCall {
  /** The calls store's id. */
  readonly callId: string;
  readonly carrierCallId: string | null;
  /** Resolves once the call ended and everything about it is stored. */
  readonly done: Promise<CallEnd>;
}

/** What a voice campaign run dials through. */
export interface CallPlacer {
  /** The most calls at once, whatever the keys allow. */
  readonly maxCalls: number;
  /** The keys a workspace's calls use (resolved once per run, again after a pause). */
  keys(workspaceId: string): CallKeys;
  /** Why no call can be placed now (the runner stopped), or null. */
  unavailable(): string | null;
  /** Places one call; resolves once the carrier accepted it (AppError otherwise). */
  place(req: CallRequest & { readonly actor: Actor }): Promise<LeadCall>;
}

/** The voice runner as a placer. */
export function runnerPlacer(deps: Pick<VoiceDeps, 'workspaces' | 'resolver' | 'checks' | 'calls'>, runner: VoiceRunner): CallPlacer {
  return {
    get maxCalls() {
      return runner.maxCalls;
    },
    keys: (workspaceId) => resolveCallKeys(deps, workspaceId),
    unavailable: () => (runner.state().available ? null : 'The voice runner has stopped, so carriers cannot reach this computer.'),
    async place(req) {
      const placed = await runner.place(req);
      const carrierCallId = deps.calls.summary(req.workspaceId, placed.id).carrierCallId;
      return { callId: placed.id, carrierCallId, done: placed.done };
    },
  };
}
