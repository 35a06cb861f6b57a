/**
 * A placed call's books: its `calls` row written before it is dialled, its state as the console's
 * live list shows it, its transcript lines sealed as they are final, what it heard from the carrier,
 * and once it ends, what each of its four keys metered and its outcome. Every change is told to the
 * runner's listeners. Nothing here opens a socket or asks a provider (placed-call.ts does).
 */
import type { CallEventView, LiveCall } from '../../../../shared/voice-runner';
import type { AgentView } from '../../../../shared/voice-agents';
import type { Actor } from '../../audit/audit';
import type { CallEventInput, CallMeter } from '../calls/calls';
import type { SettledLeg } from './hand-over';
import { AppError } from '../../../../shared/errors';
import { CONSOLE_PARTY } from '../../../../shared/call-lists';
import type { CallKeys, ConsoleKeys } from './keys';
import type { VoiceDeps } from '../deps';
import type { SessionEnd } from '../session/call-session';
import type { MachineVerdict } from '../types';

/** What the books write to. */
export interface BooksDeps extends Pick<VoiceDeps, 'calls' | 'audit' | 'now'> {
  readonly emit: (event: CallEventView) => void;
}

/** The call the books are kept for. */
export interface BookedCall {
  readonly workspaceId: string;
  readonly agent: AgentView;
  readonly to: string;
  /** A phone call's four keys, or a console call's three (it has no carrier). */
  readonly keys: CallKeys | ConsoleKeys;
  readonly actor: Actor;
  readonly test?: boolean;
  readonly campaignId?: string | null;
  /** An inbound call: `to` is the attached number and `from` the caller (outbound calls come from the key's number). */
  readonly inbound?: { readonly from: string; readonly carrierCallId: string };
}

/** What a call used of each key, as the session and the streams counted it. */
export interface CallUsage {
  /** Whether the carrier accepted the dial request. */
  readonly placed: boolean;
  /** Seconds of talk: the carrier's own count when it gave one. */
  readonly talkSeconds: number;
  readonly sttSeconds: number;
  readonly ttsCharacters: number;
  /** Legs a transfer added (a person's leg, a cold transfer's child leg), metered to the same carrier key. */
  readonly legs?: readonly SettledLeg[];
}

const ORDER: readonly LiveCall['state'][] = ['queued', 'dialing', 'ringing', 'in-progress', 'ended'];

/** One call's books. */
export class CallBooks {
  private liveState: LiveCall['state'] = 'queued';
  private readonly startedAt: string;

  private constructor(
    readonly id: string,
    private readonly deps: BooksDeps,
    private readonly call: BookedCall,
  ) {
    this.startedAt = deps.now().toISOString();
  }

  /** Writes the call's row (before anything is dialled) and opens its books. */
  static open(deps: BooksDeps, call: BookedCall): CallBooks {
    const { keys, agent } = call;
    const phone = 'carrier' in keys ? keys : null;
    const row = deps.calls.create(
      {
        workspaceId: call.workspaceId,
        agentId: agent.id,
        agentName: agent.name,
        to: call.to,
        from: call.inbound?.from ?? phone?.from ?? CONSOLE_PARTY,
        carrier: phone?.carrier.provider ?? 'console',
        campaignId: call.campaignId ?? null,
        test: call.test ?? false,
        direction: call.inbound ? 'inbound' : 'outbound',
      },
      call.actor,
    );
    return new CallBooks(row.id, deps, call);
  }

  /** The call as the console's live list shows it. */
  view(): LiveCall {
    const { workspaceId, agent, to, inbound } = this.call;
    // The live list names the other party: the callee, or the caller of an inbound call.
    return {
      callId: this.id,
      workspaceId,
      agentName: agent.name,
      to: inbound?.from ?? to,
      state: this.liveState,
      startedAt: this.startedAt,
    };
  }

  /** Moves the call forward (never back); the row follows, except for the states other writes carry. */
  setState(state: LiveCall['state']): void {
    if (ORDER.indexOf(state) <= ORDER.indexOf(this.liveState)) return;
    this.liveState = state;
    if (state !== 'in-progress' && state !== 'ended') this.deps.calls.update(this.id, { state });
    this.deps.emit({ type: 'state', callId: this.id, at: this.deps.now().toISOString(), state });
  }

  /** The keys of a call that has a carrier (a console call has none, and is never dialled or rung). */
  private phoneKeys(): CallKeys {
    const { keys } = this.call;
    if (!('carrier' in keys)) throw new AppError('INTERNAL', 'A call from the console has no carrier.');
    return keys;
  }

  /** The carrier accepted the dial request: its call id is stored, and the dial audited. */
  dialled(carrierCallId: string, voiceFallback: string | null): void {
    const { agent } = this.call;
    const keys = this.phoneKeys();
    this.deps.calls.update(this.id, { carrierCallId });
    const { actor, workspaceId, to } = this.call;
    const detail = {
      provider: keys.carrier.provider,
      owner: keys.carrier.owner,
      agent: agent.name,
      to,
      from: keys.from,
      test: this.call.test ?? false,
    };
    this.deps.audit.append({
      actor,
      action: 'call.dial',
      workspaceId,
      target: this.id,
      detail: { ...detail, ...(voiceFallback ? { voiceFallback } : {}) },
    });
  }

  /** An inbound call rang and is being answered: its carrier id is stored, and the answer audited. */
  ringing(carrierCallId: string): void {
    const { agent, actor, workspaceId, to, inbound } = this.call;
    const keys = this.phoneKeys();
    this.deps.calls.update(this.id, { carrierCallId });
    this.setState('ringing');
    const detail = {
      provider: keys.carrier.provider,
      owner: keys.carrier.owner,
      agent: agent.name,
      number: to,
      from: inbound?.from ?? null,
    };
    this.deps.audit.append({ actor, action: 'call.answer', workspaceId, target: this.id, detail });
  }

  /** The callee answered: the media stream is up. */
  answered(): void {
    this.setState('in-progress');
    this.deps.calls.update(this.id, { state: 'in-progress', answeredAt: this.deps.now() });
  }

  /** Records an answering-machine verdict on the call. */
  machine(verdict: MachineVerdict): void {
    const found = { answeredBy: verdict.answeredBy, detectionMs: verdict.detectionMs };
    this.deps.calls.update(this.id, { machine: found });
    this.deps.audit.append({
      actor: this.call.actor,
      action: 'call.machine',
      workspaceId: this.call.workspaceId,
      target: this.id,
      detail: found,
    });
  }

  /** Something about this call alone failed: audited with the reason. */
  fault(reason: string): void {
    this.deps.audit.append({
      actor: 'system',
      action: 'call.fault',
      workspaceId: this.call.workspaceId,
      target: this.id,
      detail: { reason },
    });
  }

  /**
   * One thing the agent did (a tool run, a transfer) into the call's record; a transfer is audited
   * too (it dials a number with the workspace's key). A record that cannot be written is audited as
   * a fault and the call goes on: the caller is never kept waiting on the books.
   */
  event(e: CallEventInput): void {
    try {
      this.deps.calls.recordEvent(this.id, e);
      if (e.kind === 'transfer')
        this.deps.audit.append({
          actor: this.call.actor,
          action: 'call.transfer',
          workspaceId: this.call.workspaceId,
          target: this.id,
          detail: { target: e.name, ok: e.ok, mode: e.detail.mode, result: e.detail.result },
        });
    } catch (err) {
      this.fault(`The call's record could not take a ${e.kind} event (${err instanceof Error ? err.name : 'error'}).`);
    }
  }

  /** A transcript line: sealed into the call's transcript once final, and told to listeners either way. */
  line(line: { speaker: 'agent' | 'caller'; text: string; final: boolean; interrupted: boolean }): void {
    if (line.final && line.text) {
      this.deps.calls.appendTranscript(this.id, {
        speaker: line.speaker,
        text: line.text,
        interrupted: line.interrupted,
        at: this.deps.now(),
      });
    }
    this.deps.emit({
      type: 'transcript',
      callId: this.id,
      at: this.deps.now().toISOString(),
      speaker: line.speaker,
      text: line.text,
      final: line.final,
    });
  }

  /** Meters every key, stores the outcome and tells listeners the call ended. */
  close(end: SessionEnd, usage: CallUsage): void {
    const { keys } = this.call;
    const legs = usage.legs ?? [];
    // Each leg is billed by the started minute, like the call itself; a leg placed as its own call is one more request.
    const legMinutes = legs.reduce((sum, leg) => sum + Math.ceil(leg.seconds / 60), 0);
    const requests = (usage.placed ? 1 : 0) + legs.filter((leg) => leg.placed).length;
    // A console call has no carrier: nothing is metered to one.
    const carrier = 'carrier' in keys ? keys.carrier : null;
    const meters: CallMeter[] = [
      ...(carrier && requests > 0 ? [{ ...meterOf(carrier), unit: 'requests' as const, amount: requests }] : []),
      ...(carrier
        ? [{ ...meterOf(carrier), unit: 'minutes' as const, amount: (end.answered ? Math.ceil(usage.talkSeconds / 60) : 0) + legMinutes }]
        : []),
      { ...meterOf(keys.stt), unit: 'minutes', amount: Math.round((usage.sttSeconds / 60) * 10_000) / 10_000 },
      { ...meterOf(keys.tts), unit: 'characters', amount: usage.ttsCharacters },
      { ...meterOf(keys.llm), unit: 'tokens', amount: end.llm.inputTokens + end.llm.outputTokens },
    ];
    this.deps.calls.meter(this.id, meters);
    this.deps.calls.finish(
      this.id,
      { outcome: end.outcome, reason: end.reason, durationSeconds: end.answered ? usage.talkSeconds : null },
      this.call.actor,
    );
    this.setState('ended');
    this.deps.emit({ type: 'ended', callId: this.id, at: this.deps.now().toISOString(), outcome: end.outcome, reason: end.reason });
  }
}

function meterOf(key: CallKeys['stt']): Pick<CallMeter, 'provider' | 'credentialId' | 'owner'> {
  return { provider: key.provider, credentialId: key.credentialId, owner: key.owner };
}
