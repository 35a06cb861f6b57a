/**
 * The four keys a call uses, each through resolve() (the workspace's own, or the agency's where the
 * workspace falls back): the carrier, Deepgram, Anthropic and Cartesia. Resolved once per call, in
 * memory only for the call's length.
 */
import { AppError } from '../../../shared/errors';
import { anthropicLimit } from '../credentials/anthropic-limit';
import type { Resolved } from '../onboarding/resolve';
import type { VoiceDeps } from './deps';
import type { CarrierId } from './types';

/** The resolved keys of one call. */
export interface CallKeys {
  readonly carrier: Resolved & { readonly provider: CarrierId };
  readonly stt: Resolved;
  readonly llm: Resolved;
  readonly tts: Resolved;
  /** The number the call comes from. */
  readonly from: string;
  /** Calls at once the Anthropic key's last check allows (1 when unknown). */
  readonly ceiling: number;
}

/** Resolves every key of a call for a workspace; one sentence when one is missing. */
export function resolveCallKeys(deps: Pick<VoiceDeps, 'workspaces' | 'resolver' | 'checks'>, workspaceId: string): CallKeys {
  const ws = deps.workspaces.get(workspaceId);
  const carrier = deps.resolver.resolve(ws.id, 'voice-carrier', { providers: ['twilio', 'exotel'] });
  if (carrier.provider !== 'twilio' && carrier.provider !== 'exotel') throw new AppError('NO_CREDENTIAL', `${ws.name} has no Twilio or Exotel key to call through.`);
  // Twilio's number, or Exotel's ExoPhone: both keys keep it as phoneNumber.
  const from = carrier.fields.phoneNumber;
  const whose = carrier.owner === 'own' ? `${ws.name}'s` : "The agency's";
  if (!from) throw new AppError('NO_CREDENTIAL', `${whose} ${carrier.provider === 'twilio' ? 'Twilio' : 'Exotel'} key has no phone number to call from: add one to the key.`);
  const stt = deps.resolver.resolve(ws.id, 'stt', { providers: ['deepgram'] });
  const llm = deps.resolver.resolve(ws.id, 'llm', { providers: ['anthropic'] });
  const tts = deps.resolver.resolve(ws.id, 'tts', { providers: ['cartesia'] });
  return { carrier: carrier as CallKeys['carrier'], stt, llm, tts, from, ceiling: anthropicLimit(deps, llm).concurrency };
}
