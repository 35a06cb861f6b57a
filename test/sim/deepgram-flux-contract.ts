/**
 * What Deepgram Flux's /v2/listen refuses at the upgrade, for the simulator (docs/providers.md,
 * "Deepgram Flux"). Parameter names come from the installed SDK's `V2Client.ConnectArgs`, model and
 * encoding values from its runtime enums (`ListenV2Model`, `ListenV2Encoding`), ranges from the SDK's
 * docstrings (`ListenV2EotThreshold` 0.5–1.0, `ListenV2EagerEotThreshold` 0.3–0.9,
 * `ListenV2EotTimeoutMs` 500–60000), language hints only on flux-general-multi and only its ten
 * languages (`ListenV2LanguageHint`; Deepgram's Language Prompting page), raw encodings with one of
 * the sample rates Deepgram's October 2025 changelog lists. Eager above eot is refused as Telnyx's
 * Flux parameter page states (not found on Deepgram's own pages). A refusal is a 400 at the upgrade.
 */
import { ListenV2Encoding, ListenV2Model, ListenV2Numerals, ListenV2ProfanityFilter, ListenV2Redact } from '@deepgram/sdk';
import { connectArgNames } from './deepgram-contract';

const NAMES = connectArgNames('v2');
const MODELS = new Set<string>(Object.values(ListenV2Model));
const ENCODINGS = new Set<string>(Object.values(ListenV2Encoding));
const RAW = new Set(['linear16', 'linear32', 'mulaw', 'alaw', 'opus']);
const RATES = new Set(['8000', '16000', '24000', '44100', '48000']);
const BOOLEANS: Readonly<Record<string, ReadonlySet<string>>> = {
  numerals: new Set(Object.values(ListenV2Numerals)),
  profanity_filter: new Set(Object.values(ListenV2ProfanityFilter)),
  redact: new Set(Object.values(ListenV2Redact)),
};
/** Only these may repeat (the SDK types them as string | string[]). */
const REPEATABLE = new Set(['keyterm', 'language_hint']);
const MULTI_LANGUAGES = new Set(['en', 'es', 'fr', 'de', 'hi', 'ru', 'pt', 'ja', 'it', 'nl']);

/** A number in [min, max] written as Deepgram reads a query value. */
function inRange(value: string | null, min: number, max: number, integer = false): boolean {
  if (value === null || !/^\d+(\.\d+)?$/.test(value)) return false;
  const n = Number(value);
  return n >= min && n <= max && (!integer || Number.isInteger(n));
}

/** Why Flux would refuse this query, or null when it would open the socket. */
export function fluxListenRefusal(query: URLSearchParams | Readonly<Record<string, string>>): string | null {
  const q = query instanceof URLSearchParams ? query : new URLSearchParams(query);
  for (const k of new Set(q.keys())) {
    if (!NAMES.has(k)) return `Unknown parameter: ${k}`;
    if (q.getAll(k).length > 1 && !REPEATABLE.has(k)) return `${k} may be given once`;
  }
  const model = q.get('model');
  if (model === null || !MODELS.has(model)) return `Invalid model: ${model ?? '(none)'}`;
  const encoding = q.get('encoding');
  if (encoding !== null && !ENCODINGS.has(encoding)) return `Invalid encoding: ${encoding}`;
  if (encoding !== null && RAW.has(encoding) && !RATES.has(q.get('sample_rate') ?? '')) {
    return 'sample_rate must be 8000, 16000, 24000, 44100 or 48000 for raw audio';
  }
  if (q.has('eot_threshold') && !inRange(q.get('eot_threshold'), 0.5, 1)) return 'eot_threshold must be between 0.5 and 1.0';
  if (q.has('eager_eot_threshold') && !inRange(q.get('eager_eot_threshold'), 0.3, 0.9))
    return 'eager_eot_threshold must be between 0.3 and 0.9';
  const eot = Number(q.get('eot_threshold') ?? 0.7);
  if (q.has('eager_eot_threshold') && Number(q.get('eager_eot_threshold')) > eot) return 'eager_eot_threshold cannot exceed eot_threshold';
  if (q.has('eot_timeout_ms') && !inRange(q.get('eot_timeout_ms'), 500, 60_000, true))
    return 'eot_timeout_ms must be an integer between 500 and 60000';
  for (const hint of q.getAll('language_hint')) {
    if (model !== 'flux-general-multi') return 'language_hint is only valid with flux-general-multi';
    if (!MULTI_LANGUAGES.has(hint.toLowerCase().split('-')[0] ?? '')) return `Unsupported language_hint: ${hint || '(empty)'}`;
  }
  for (const [name, allowed] of Object.entries(BOOLEANS))
    for (const v of q.getAll(name)) if (!allowed.has(v)) return `Invalid ${name}: ${v}`;
  if (q.getAll('keyterm').some((k) => k.trim() === '')) return 'keyterm cannot be empty';
  return null;
}

/** The thresholds a Configure message may carry, checked as the upgrade checks them; null when valid. */
export function configureRefusal(message: Readonly<Record<string, unknown>>, current: { eot: number }): string | null {
  const known = new Set(['type', 'thresholds', 'keyterms', 'language_hints', 'numerals']);
  const extra = Object.keys(message).find((k) => !known.has(k));
  if (extra !== undefined) return `Unknown field: ${extra}`;
  const t = (message.thresholds ?? {}) as Record<string, unknown>;
  if (typeof t !== 'object' || t === null) return 'thresholds must be an object';
  const num = (v: unknown, min: number, max: number, integer = false): boolean =>
    typeof v === 'number' && v >= min && v <= max && (!integer || Number.isInteger(v));
  if (t.eot_threshold !== undefined && !num(t.eot_threshold, 0.5, 1)) return 'eot_threshold must be between 0.5 and 1.0';
  if (t.eager_eot_threshold !== undefined && !num(t.eager_eot_threshold, 0.3, 0.9))
    return 'eager_eot_threshold must be between 0.3 and 0.9';
  if (t.eot_timeout_ms !== undefined && !num(t.eot_timeout_ms, 500, 60_000, true))
    return 'eot_timeout_ms must be an integer between 500 and 60000';
  const eot = typeof t.eot_threshold === 'number' ? t.eot_threshold : current.eot;
  if (typeof t.eager_eot_threshold === 'number' && t.eager_eot_threshold > eot) return 'eager_eot_threshold cannot exceed eot_threshold';
  return null;
}
