/** Words the voice screen shows for stored values: outcomes, voices, models, call states. */
import { AGENT_MODELS, personaById, type AgentOutcome } from '../../../../shared/voice-agents';
import type { CallState } from '../../lib/call-log';

/** An outcome as an operator reads it. */
export const OUTCOME_LABEL: Readonly<Record<AgentOutcome, string>> = {
  interested: 'Interested',
  callback: 'Call back',
  not_interested: 'Not interested',
  do_not_call: 'Do not call',
};

/** Any call outcome (the agent's, the carrier's, a transfer's) as words; unknown ones as written. */
export function outcomeWords(outcome: string): string {
  const carrier: Readonly<Record<string, string>> = {
    voicemail: 'Voicemail',
    no_answer: 'No answer',
    busy: 'Busy',
    failed: 'Failed',
    transferred: 'Transferred',
  };
  return OUTCOME_LABEL[outcome as AgentOutcome] ?? carrier[outcome] ?? outcome;
}

/** The persona's name, or "Custom voice" for a pasted Cartesia id. */
export function voiceName(voiceId: string): string {
  return personaById(voiceId)?.name ?? 'Custom voice';
}

/** A model's short name: "Claude Haiku 4.5" rather than its id. */
export function modelName(id: string): string {
  const label = AGENT_MODELS.find((m) => m.id === id)?.label;
  return label ? label.replace(/\s*\(.*\)$/, '') : id;
}

/** A call's state as a word. */
export const CALL_STATE_LABEL: Readonly<Record<CallState, string>> = {
  queued: 'Queued',
  dialing: 'Dialling',
  ringing: 'Ringing',
  'in-progress': 'In call',
  ended: 'Ended',
};

/** An outcome's mark and colour: good news green, a follow-up amber, a refusal or failure red, no conversation grey. */
export function outcomeTone(outcome: string | null): {
  readonly glyph: '●' | '▲' | '✕' | '○';
  readonly tone: 'ok' | 'warn' | 'bad' | 'idle';
} {
  if (outcome === 'interested' || outcome === 'transferred') return { glyph: '●', tone: 'ok' };
  if (outcome === 'callback') return { glyph: '▲', tone: 'warn' };
  if (outcome === 'not_interested' || outcome === 'do_not_call' || outcome === 'failed') return { glyph: '✕', tone: 'bad' };
  return { glyph: '○', tone: 'idle' };
}
