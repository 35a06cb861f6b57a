/** Which providers serve a capability, in the order Switchboard prefers them, and how to name them in a sentence. */
import { CATALOG, getProvider } from '../../../shared/providers/catalog';
import type { Capability, ProviderId } from '../../../shared/providers/types';

/**
 * Preferred providers where several qualify. Only providers whose catalog entry lists the
 * capability are ever used. Twilio comes before Exotel because Twilio can be asked whether an
 * interrupted message went out; an interrupted Exotel message has to be failed instead.
 */
const PREFERENCE: Partial<Record<Capability, readonly ProviderId[]>> = {
  sms: ['twilio', 'exotel'],
  'voice-carrier': ['twilio', 'exotel'],
  email: ['resend', 'sendgrid'],
  llm: ['anthropic', 'openai'],
};

/** Words for a capability inside a sentence ("no validated speech-to-text key"). */
export const CAPABILITY_WORDS: Readonly<Record<Capability, string>> = {
  sms: 'SMS',
  'voice-carrier': 'phone carrier',
  email: 'email',
  llm: 'LLM',
  stt: 'speech-to-text',
  tts: 'text-to-speech',
  payments: 'payments',
  analytics: 'analytics',
  storage: 'storage',
  'error-tracking': 'error-tracking',
  'source-control': 'source-control',
  media: 'media',
  tunnel: 'tunnel',
};

/** Every capability, for input validation. */
export const CAPABILITIES = Object.keys(CAPABILITY_WORDS) as Capability[];

/**
 * The providers that can serve a capability, best first: the preference list, then any other
 * catalog provider with the capability. `only` restricts the set (keeping this order).
 */
export function providersFor(capability: Capability, only?: readonly ProviderId[]): ProviderId[] {
  const capable = CATALOG.filter((d) => d.capabilities.includes(capability)).map((d) => d.id);
  const preferred = (PREFERENCE[capability] ?? []).filter((id) => capable.includes(id));
  const ordered = [...preferred, ...capable.filter((id) => !preferred.includes(id))];
  return only ? ordered.filter((id) => only.includes(id)) : ordered;
}

/** "Twilio or Exotel", "an Anthropic" — provider names joined for a sentence. */
export function providerNames(ids: readonly ProviderId[]): string {
  const names = ids.map((id) => getProvider(id).name);
  if (names.length <= 1) return names[0] ?? 'no provider';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The article a provider list takes in "add a/an … key". */
export function article(ids: readonly ProviderId[]): 'a' | 'an' {
  const first = ids[0] ? getProvider(ids[0]).name : '';
  return /^[AEIOU]/i.test(first) ? 'an' : 'a';
}
