/** Words and marks of voice campaigns: lead states, provider roles, units, whose key paid, the machine choice. */
// Types only from the shared contract: its values come with zod, which stays out of the console's bundle.
import type { CALL_ROLES, LeadState, MachineChoice, OutcomeCounts, ProviderCost, VOICE_DEFAULTS } from '../../../../shared/voice-campaigns';

/** A voice campaign's defaults; the type is the contract's literal values, so a change there fails the type check here. */
export const DEFAULTS: typeof VOICE_DEFAULTS = {
  window: '09:00-20:00',
  retries: 2,
  retryGapMinutes: 60,
  maxConcurrent: 25,
  machine: 'hangup',
  cps: 1,
};

const OUTCOME_ORDER = {
  interested: 0,
  callback: 1,
  not_interested: 2,
  voicemail: 3,
  no_answer: 4,
  busy: 5,
  failed: 6,
  do_not_call: 7,
  transferred: 8,
} satisfies Record<keyof OutcomeCounts, number>;
/** Every call outcome, good news first. */
export const OUTCOMES = Object.keys(OUTCOME_ORDER) as (keyof OutcomeCounts)[];

/** A lead's outbox state as mark + word + tone (a finished call shows its outcome instead). */
export const LEAD_LOOK: Readonly<
  Record<LeadState, { readonly glyph: string; readonly word: string; readonly tone: 'ok' | 'warn' | 'bad' | 'idle' | 'accent' }>
> = {
  queued: { glyph: '○', word: 'Queued', tone: 'idle' },
  dialing: { glyph: '◌', word: 'Dialling', tone: 'accent' },
  'in-call': { glyph: '●', word: 'In call', tone: 'accent' },
  done: { glyph: '●', word: 'Done', tone: 'ok' },
  'in-doubt': { glyph: '▲', word: 'In doubt', tone: 'warn' },
  skipped: { glyph: '▲', word: 'Do not call', tone: 'warn' },
  cancelled: { glyph: '✕', word: 'Cancelled', tone: 'idle' },
  failed: { glyph: '✕', word: 'Not placed', tone: 'bad' },
};

/** Every lead state, in the order a lead moves. */
export const LEAD_STATE_LIST = Object.keys(LEAD_LOOK) as LeadState[];

/** What a provider does in a call, in the order a call uses them. */
export const ROLE_WORD: Readonly<Record<(typeof CALL_ROLES)[number], string>> = {
  carrier: 'Calls',
  stt: 'Transcription',
  llm: 'Conversation',
  tts: 'Voice',
};

const UNIT_WORD: Readonly<Record<ProviderCost['unit'], string>> = {
  minutes: 'min',
  characters: 'characters',
  tokens: 'tokens',
  requests: 'requests',
};

/** "1,240 min", "3.6M tokens". */
export function amountWords(amount: number, unit: ProviderCost['unit']): string {
  // A few calls' minutes are fractions: "0.4 min" rather than a misleading "0 min".
  const n =
    amount >= 1_000_000
      ? `${(amount / 1_000_000).toFixed(1)}M`
      : amount < 10 && !Number.isInteger(amount)
        ? amount.toFixed(1)
        : Math.round(amount).toLocaleString();
  return `${n} ${UNIT_WORD[unit]}`;
}

/** Whose key pays: the client's own, the agency's, or not known yet (an estimate before a key resolved). */
export function ownerWord(owner: 'own' | 'agency' | null): string {
  return owner === 'own' ? 'Client’s own' : owner === 'agency' ? 'Agency’s' : 'No key yet';
}

/** The answering-machine choice as a phrase. */
export const MACHINE_WORD: Readonly<Record<MachineChoice, string>> = {
  hangup: 'hang up on machines',
  voicemail: 'voicemail after the beep',
};

/** Dollars: cents under a dollar keep four places, so a few calls do not read as $0.00. */
export function usd(n: number): string {
  return n > 0 && n < 1 ? `$${n.toFixed(4)}` : `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
