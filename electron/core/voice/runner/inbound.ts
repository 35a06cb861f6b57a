/**
 * A ringing call on an attached number, as the runner answers it: the webhook is refused unless the
 * number is attached and the carrier's signature holds with the workspace's key; a caller is put
 * through to the agent when the onboarding gate, the keys and the workspace's ceiling (inbound and
 * outbound calls counted together) allow, and otherwise hears a polite message (busy, or the number's
 * away message) and is never left to silence. A caller turned away over the ceiling is recorded as a
 * busy inbound call.
 */
import { BUSY_MESSAGE } from '../../../../shared/voice-numbers';
import { WITHHELD_CALLER } from '../../../../shared/call-lists';
import { AppError } from '../../../../shared/errors';
import type { Actor } from '../../audit/audit';
import type { CallbackRequest, Carrier } from '../carriers/carrier';
import { CARRIERS } from '../carriers/catalog';
import { resolveCallKeys, type CallKeys } from '../call/keys';
import type { VoiceDeps } from '../deps';
import { awayOf } from '../numbers/numbers';
import type { NumberRow } from '../numbers/repo';
import type { CarrierId } from '../types';
import type { AnswerReply } from './media-server';

/** What answering an inbound call needs of its runner. */
export interface InboundDesk {
  readonly deps: VoiceDeps;
  /** Whether this runner answers numbers now. */
  answering(): boolean;
  /** Calls of a workspace live on this runner (inbound and outbound). */
  liveIn(workspaceId: string): number;
  /** The most calls at once this runner holds for a workspace, whatever the keys allow. */
  readonly maxCalls: number;
  /** Hands the call to the agent; resolves with where the carrier must stream it. */
  connect(
    row: NumberRow,
    keys: CallKeys,
    call: { readonly callId: string; readonly from: string },
    actor: Actor,
  ): Promise<{ streamUrl: string; token: string }>;
}

/** Answers one webhook at `/:carrier/answer/:ref`. */
export async function answerIncoming(desk: InboundDesk, carrierId: CarrierId, ref: string, request: CallbackRequest): Promise<AnswerReply> {
  const { deps } = desk;
  const row = desk.answering() ? deps.numbers.byRef(ref) : undefined;
  if (!row || row.carrier !== carrierId) return { kind: 'refused', reason: 'unknown-ref' };
  const carrier: Carrier = CARRIERS[carrierId];
  const numbers = carrier.numbers;
  if (!numbers) return { kind: 'refused', reason: 'unknown-ref' };
  let key;
  try {
    key = deps.numbers.carrierKey(row.workspaceId);
  } catch {
    // Without the key nothing can prove the request is the carrier's.
    return { kind: 'refused', reason: 'bad-signature' };
  }
  const incoming = numbers.readIncoming(request, key);
  if (incoming === null) return { kind: 'refused', reason: 'bad-signature' };
  if (incoming.kind === 'unreadable') return { kind: 'refused', reason: 'bad-status', why: incoming.why };
  if (incoming.to !== row.number) return { kind: 'refused', reason: 'bad-status', why: 'That call did not ring on this number.' };
  // A withheld caller ("anonymous", "Restricted", …) is still answered; the call names them so.
  const from = /^\+?[0-9]{6,15}$/.test(incoming.from) ? incoming.from : WITHHELD_CALLER;
  const actor: Actor = 'system';
  const refuse = (why: string): AnswerReply => {
    deps.audit.append({
      actor,
      action: 'call.inbound-refused',
      workspaceId: row.workspaceId,
      target: row.id,
      detail: { number: row.number, why },
    });
    return { kind: 'answer', answer: numbers.answerAway(awayOf(row)) };
  };
  let keys: CallKeys;
  try {
    deps.onboarding.assertReady(row.workspaceId, 'voice');
    keys = resolveCallKeys(deps, row.workspaceId);
  } catch (err) {
    return refuse(err instanceof AppError ? err.message : 'The call could not be answered.');
  }
  const ceiling = Math.min(keys.ceiling, desk.maxCalls);
  if (desk.liveIn(row.workspaceId) >= ceiling) {
    try {
      recordBusy(deps, row, keys, { callId: incoming.callId, from }, actor);
    } catch {
      // The busy message is what matters to the caller; a record that cannot be written is no reason to drop it.
    }
    return { kind: 'answer', answer: numbers.answerAway({ message: BUSY_MESSAGE, forwardTo: row.forwardTo }) };
  }
  try {
    const stream = await desk.connect(row, keys, { callId: incoming.callId, from }, actor);
    return { kind: 'answer', answer: numbers.answerWithStream(stream.streamUrl, stream.token) };
  } catch (err) {
    return refuse(err instanceof AppError ? err.message : 'The call could not be answered.');
  }
}

/** A caller over the ceiling: their call is kept as a busy inbound call, so the operator sees who could not get through. */
function recordBusy(
  deps: VoiceDeps,
  row: NumberRow,
  keys: CallKeys,
  incoming: { readonly callId: string; readonly from: string },
  actor: Actor,
): void {
  let agentName = 'a deleted agent';
  let agentId: string | null = null;
  try {
    const agent = deps.agents.get(row.workspaceId, row.agentId);
    agentName = agent.name;
    agentId = agent.id;
  } catch {
    // Recorded under the number all the same.
  }
  const call = deps.calls.create(
    {
      workspaceId: row.workspaceId,
      agentId,
      agentName,
      to: row.number,
      from: incoming.from,
      carrier: keys.carrier.provider,
      direction: 'inbound',
    },
    actor,
  );
  deps.calls.update(call.id, { carrierCallId: incoming.callId });
  deps.calls.finish(
    call.id,
    { outcome: 'busy', reason: 'Every line this workspace may use was busy; the caller heard the busy message.', durationSeconds: null },
    actor,
  );
}
