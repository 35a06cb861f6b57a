/**
 * Which of Switchboard's own tools one call offers, built for that call: send_sms when the agent's
 * switch is on (to the number on the line), schedule_callback on a voice campaign's call of an agent
 * that classifies calls as callback, press_keys where the call's carrier can play keys. A callback
 * agreed during the call makes the call's outcome `callback` with the time, unless the person then
 * asked not to be called.
 */
import { WITHHELD_CALLER } from '../../../../shared/call-lists';
import type { AgentView } from '../../../../shared/voice-agents';
import type { Actor } from '../../audit/audit';
import type { BuiltinTool } from '../tools/builtin';
import { pressKeysTool, type KeyPad } from '../tools/press-keys';
import { localIso, referenceZone, scheduleCallbackTool, type LeadCallback } from '../tools/schedule-callback';
import { sendSmsTool, type CallSmsDeps } from '../tools/send-sms';
import type { CallOutcome } from '../types';

/** What a call's built-in tools are made from. */
/** What a call's built-ins are chosen from. */
export interface BuiltinsFor {
  readonly agent: AgentView;
  readonly workspaceId: string;
  /** The calls store's id of the call. */
  readonly callId: string;
  /** The other party's number: the callee of an outbound call, the caller of an inbound one. */
  readonly lineNumber: string;
  readonly actor: Actor;
  readonly sms: CallSmsDeps;
  /** The core's time (ms). */
  readonly now: () => number;
  /** The campaign's lead behind this call, when it is a campaign's call. */
  readonly callback?: LeadCallback | null;
  /** The call's key pad, when its carrier can play keys. */
  readonly keyPad: KeyPad | null;
}

/** A call's built-in tools, and what they agreed. */
export interface CallBuiltins {
  readonly tools: readonly BuiltinTool[];
  /** The callback agreed on this call, with its local time for the record, or null. */
  agreedCallback(): { readonly at: number; readonly label: string } | null;
}

/** The built-in tools one call offers. */
export function callBuiltins(input: BuiltinsFor): CallBuiltins {
  const tools: BuiltinTool[] = [];
  let agreed: { at: number; label: string } | null = null;
  // A caller who withheld their number has no line to text: the tool is not offered.
  if (input.agent.smsTool && WITHHELD_CALLER !== input.lineNumber)
    tools.push(sendSmsTool(input.sms, { workspaceId: input.workspaceId, callId: input.callId, to: input.lineNumber, actor: input.actor }));
  const lead = input.callback;
  if (lead && input.agent.outcomes.includes('callback')) {
    const zone = referenceZone(lead.zone);
    tools.push(scheduleCallbackTool(lead, { now: input.now, onAgreed: (at) => (agreed = { at, label: `${localIso(zone, at)} ${zone}` }) }));
  }
  if (input.keyPad) tools.push(pressKeysTool(input.keyPad));
  return { tools, agreedCallback: () => agreed };
}

/** The end of a call with a callback agreed on it: outcome callback and the time, unless it ended as do_not_call or at a machine. */
export function withAgreedCallback<E extends { readonly outcome: CallOutcome; readonly reason: string }>(
  end: E,
  agreed: { readonly label: string } | null,
): E {
  if (agreed === null || end.outcome === 'do_not_call' || end.outcome === 'voicemail') return end;
  return { ...end, outcome: 'callback', reason: `Callback agreed for ${agreed.label}. ${end.reason}`.trim() };
}
