/**
 * Which Deepgram recogniser hears an agent's language (docs/providers.md, "Deepgram Flux"):
 * English on Flux's English model; the other languages of Flux's multilingual model on
 * flux-general-multi with that language as its hint; anything else on nova-3 over listen v1.
 *
 * Coverage as found: the installed SDK's ListenV2Model lists flux-general-en and flux-general-multi
 * only, and says language hints are valid only with flux-general-multi. Deepgram's "Flux Multilingual
 * & Language Prompting" page lists its ten languages — en, es, fr, de, hi, ru, pt, ja, it, nl — and
 * accepts locale subtags as their base language. So Hindi is on Flux (multilingual, with numerals
 * formatting excluded for Hindi per Deepgram's Flux feature matrix); nova-3 stays for the rest.
 */
import type { FluxModel } from './deepgram-flux';

/** Flux's multilingual languages (Deepgram's Language Prompting page), by base code. */
export const FLUX_MULTI_LANGUAGES: ReadonlySet<string> = new Set(['en', 'es', 'fr', 'de', 'hi', 'ru', 'pt', 'ja', 'it', 'nl']);

/** The recogniser for one language: Flux with its model and hints, or nova-3 on listen v1. */
export type Recogniser =
  | { readonly kind: 'flux'; readonly model: FluxModel; readonly languageHints: readonly string[] }
  | { readonly kind: 'nova-3'; readonly language: string };

/** Picks the recogniser for a BCP-47 language code ("en", "en-IN", "hi"). */
export function recogniserFor(language: string): Recogniser {
  const base = language.trim().toLowerCase().split('-')[0] ?? '';
  if (base === 'en') return { kind: 'flux', model: 'flux-general-en', languageHints: [] };
  if (FLUX_MULTI_LANGUAGES.has(base)) return { kind: 'flux', model: 'flux-general-multi', languageHints: [base] };
  return { kind: 'nova-3', language };
}
