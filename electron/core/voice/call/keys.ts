/**
 * The four keys a call uses, each through resolve() (the workspace's own, or the agency's where the
 * workspace falls back): the carrier, Deepgram, Anthropic and Cartesia. Resolved once per call, in
 * memory only for the call's length.
 */
import { AppError } from '../../../../shared/errors';
import { getProvider } from '../../../../shared/providers/catalog';
import { anthropicLimit } from '../../credentials/anthropic-limit';
import type { Resolved } from '../../onboarding/resolve';
import type { VoiceDeps } from '../deps';
import { CARRIER_IDS, type CarrierId } from '../types';

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
  const carrier = deps.resolver.resolve(ws.id, 'voice-carrier', { providers: CARRIER_IDS });
  const carriers = CARRIER_IDS.map((id) => getProvider(id).name).join(' or ');
  if (!isCarrier(carrier.provider)) throw new AppError('NO_CREDENTIAL', `${ws.name} has no ${carriers} key to call through.`);
  // Twilio's number, or Exotel's ExoPhone: every carrier's key keeps it as phoneNumber.
  const from = carrier.fields.phoneNumber;
  const whose = carrier.owner === 'own' ? `${ws.name}'s` : "The agency's";
  if (!from)
    throw new AppError(
      'NO_CREDENTIAL',
      `${whose} ${getProvider(carrier.provider).name} key has no phone number to call from: add one to the key.`,
    );
  const stt = deps.resolver.resolve(ws.id, 'stt', { providers: ['deepgram'] });
  const llm = resolveLlmKey(deps, ws.id);
  const tts = deps.resolver.resolve(ws.id, 'tts', { providers: ['cartesia'] });
  return { carrier: carrier as CallKeys['carrier'], stt, llm, tts, from, ceiling: anthropicLimit(deps, llm).concurrency };
}

/** The keys of a call from the console (Talk): no carrier, so no carrier key and no number. */
export type ConsoleKeys = Pick<CallKeys, 'stt' | 'llm' | 'tts' | 'ceiling'>;

/** Resolves the three keys a console call uses (Deepgram, Anthropic, Cartesia); one sentence when one is missing. */
export function resolveConsoleKeys(deps: Pick<VoiceDeps, 'workspaces' | 'resolver' | 'checks'>, workspaceId: string): ConsoleKeys {
  const ws = deps.workspaces.get(workspaceId);
  const stt = deps.resolver.resolve(ws.id, 'stt', { providers: ['deepgram'] });
  const llm = resolveLlmKey(deps, ws.id);
  const tts = deps.resolver.resolve(ws.id, 'tts', { providers: ['cartesia'] });
  return { stt, llm, tts, ceiling: anthropicLimit(deps, llm).concurrency };
}

/** The Anthropic key a workspace's calls think with (and their extractions use), resolved as a call's is. */
export function resolveLlmKey(deps: Pick<VoiceDeps, 'resolver'>, workspaceId: string): Resolved {
  return deps.resolver.resolve(workspaceId, 'llm', { providers: ['anthropic'] });
}

function isCarrier(provider: string): provider is CarrierId {
  return (CARRIER_IDS as readonly string[]).includes(provider);
}
