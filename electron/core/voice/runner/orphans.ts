/**
 * Calls a runner left unsettled when its process died (`dialing`, `ringing`, `in-progress`, no
 * outcome) are settled when the next runner starts: Twilio is asked how the call went (and a call
 * still live is hung up, as campaign recovery does); Exotel cannot be asked about a streamed call,
 * so the call is `failed` with the reason. Only when no other runner is alive on this data folder:
 * a call another live runner holds is that runner's, and nothing here can tell them apart.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../../campaigns/repo';
import { fetchTwilioCall, hangUpOrphan, orphanOutcome } from '../carriers/twilio/lookup';
import type { CallKeys } from '../call/keys';
import type { VoiceDeps } from '../deps';
import type { CallOutcome } from '../types';

type OrphanRow = ReturnType<VoiceDeps['calls']['unsettled']>[number];

/** What settling orphans uses of the voice wing's door. */
type OrphanDeps = Pick<VoiceDeps, 'dataDir' | 'calls' | 'audit' | 'resolver' | 'env'>;

/** Runners up in this process (a process's mark is one file, whatever the count). */
let runnersHere = 0;

/** Marks this process as running a voice runner on the data folder; returns the unmark function. */
export function markRunner(dataDir: string, pid = process.pid): () => void {
  const dir = join(dataDir, 'voice-runners');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, String(pid));
  writeFileSync(file, '', { mode: 0o600 });
  runnersHere += 1;
  let marked = true;
  return () => {
    if (!marked) return;
    marked = false;
    runnersHere -= 1;
    if (runnersHere === 0) rmSync(file, { force: true });
  };
}

/** Whether another live process runs a voice runner on this data folder (stale marks are removed). */
export function otherRunnerAlive(dataDir: string, pid = process.pid): boolean {
  const dir = join(dataDir, 'voice-runners');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  let alive = false;
  for (const name of names) {
    const other = Number(name);
    if (!Number.isInteger(other) || other === pid) continue;
    if (processAlive(other)) alive = true;
    else rmSync(join(dir, name), { force: true });
  }
  return alive;
}

/** Settles every call a dead runner left open; resolves with how many were settled. */
export async function settleOrphans(deps: OrphanDeps, options: { readonly timeoutMs?: number } = {}): Promise<number> {
  if (runnersHere > 0 || otherRunnerAlive(deps.dataDir)) return 0;
  const rows = deps.calls.unsettled();
  for (const row of rows) {
    const end = await askCarrier(deps, row, options.timeoutMs ?? 15_000);
    deps.calls.finish(row.id, { outcome: end.outcome, reason: end.reason, durationSeconds: end.duration }, 'system');
    deps.audit.append({
      actor: 'system',
      action: 'call.settled',
      workspaceId: row.workspaceId,
      target: row.id,
      detail: { outcome: end.outcome, reason: end.reason, asked: end.asked },
    });
  }
  return rows.length;
}

type End = { readonly outcome: CallOutcome; readonly reason: string; readonly duration: number | null; readonly asked: boolean };

const STOPPED = 'Switchboard stopped during the call (the runner process ended), so it was settled when the runner started again.';

async function askCarrier(deps: OrphanDeps, row: OrphanRow, timeoutMs: number): Promise<End> {
  const failed = (reason: string): End => ({ outcome: 'failed', reason, duration: null, asked: false });
  if (row.carrierCallId === null)
    return failed('Switchboard stopped while the call was being placed; no call id came back from the carrier.');
  if (row.carrier !== 'twilio') return failed(`${STOPPED} Exotel cannot be asked how a streamed call went.`);
  let carrier: CallKeys['carrier'];
  try {
    carrier = deps.resolver.resolve(row.workspaceId, 'voice-carrier', { providers: ['twilio'] }) as CallKeys['carrier'];
  } catch {
    return failed(`${STOPPED} The workspace has no Twilio key to ask how it went.`);
  }
  const keys = { carrier } as CallKeys;
  const env = deps.env ?? process.env;
  const found = await fetchTwilioCall(keys, env, row.carrierCallId, timeoutMs);
  if (found.kind !== 'found')
    return failed(`${STOPPED} Twilio could not say how it went (${found.kind === 'absent' ? 'no such call' : found.reason}).`);
  const orphaned = orphanOutcome(found);
  if (orphaned.live) await hangUpOrphan(keys, env, found.sid, timeoutMs);
  return { outcome: orphaned.outcome, reason: orphaned.reason, duration: found.durationSeconds, asked: true };
}
