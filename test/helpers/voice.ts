/**
 * Test helpers for onboarding, resolution and the dialer: the simulators a voice (and messaging)
 * setup talks to, a core pointed at them, and keys stored and checked against them.
 */
import type { CheckResultView, CredentialView } from '../../shared/domain';
import type { ProviderId } from '../../shared/providers/types';
import { originEnvName } from '../../electron/core/providers/origin';
import { startAnthropicSim, startCartesiaSim, startDeepgramSim } from '../sim/ai';
import { startSendgridSim } from '../sim/business';
import { startExotelSim } from '../sim/exotel';
import { startResendSim } from '../sim/resend';
import type { ProviderSim } from '../sim/server';
import { startTwilioSim, type TwilioState } from '../sim/twilio';
import { type OnCall, serveCalls, type SimCall } from '../sim/twilio-calls';
import { makeCore } from './core';

/** A started core from makeCore. */
export type TestCore = Awaited<ReturnType<typeof makeCore>>;

/** The simulators of the onboarding providers, and the environment that points a core at them. */
export interface OnboardingSims {
  readonly twilio: ProviderSim<TwilioState>;
  readonly byId: Readonly<
    Record<'twilio' | 'exotel' | 'anthropic' | 'cartesia' | 'deepgram' | 'resend' | 'sendgrid', ProviderSim<unknown>>
  >;
  /** Calls the Twilio simulator accepted. */
  readonly calls: SimCall[];
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Starts Twilio (with outbound calls), Exotel, Anthropic, Cartesia, Deepgram, Resend and SendGrid simulators. */
export async function startOnboardingSims(opts: { readonly onCall?: OnCall } = {}): Promise<OnboardingSims> {
  const [twilio, exotel, anthropic, cartesia, deepgram, resend, sendgrid] = await Promise.all([
    startTwilioSim(),
    startExotelSim(),
    startAnthropicSim(),
    startCartesiaSim(),
    startDeepgramSim(),
    startResendSim(),
    startSendgridSim(),
  ]);
  const calls = serveCalls(twilio, opts.onCall);
  const byId = { twilio, exotel, anthropic, cartesia, deepgram, resend, sendgrid } as OnboardingSims['byId'];
  const env = Object.fromEntries(Object.entries(byId).map(([id, sim]) => [originEnvName(id as ProviderId), sim.url]));
  return {
    twilio,
    byId,
    calls,
    env,
    close: async () => {
      await Promise.all(Object.values(byId).map((s) => s.close()));
    },
  };
}

/** A core on a fresh data folder whose providers are the simulators (short check timeout). */
export function makeSimCore(sims: OnboardingSims, overrides: Parameters<typeof makeCore>[0] = {}): Promise<TestCore> {
  return makeCore({ env: sims.env, checkTimeoutMs: 60_000, ...overrides });
}

/** Stores a key with the simulator's accepted fields (plus overrides) and checks it against the simulator. */
export async function addChecked(
  core: TestCore,
  sims: OnboardingSims,
  workspaceId: string,
  provider: keyof OnboardingSims['byId'],
  fields: Readonly<Record<string, string>> = {},
  nickname?: string,
): Promise<{ key: CredentialView; check: CheckResultView }> {
  const key = core.credentials.add({ workspaceId, provider, fields: { ...sims.byId[provider].fields, ...fields }, nickname }, 'console');
  const check = await core.checks.test(key.id, 'console');
  return { key: core.credentials.get(key.id), check };
}

/** The four voice keys (Anthropic, Cartesia, Deepgram, Twilio), each checked against its simulator. */
export async function addVoiceKeys(
  core: TestCore,
  sims: OnboardingSims,
  workspaceId: string,
): Promise<Record<'anthropic' | 'cartesia' | 'deepgram' | 'twilio', CredentialView>> {
  const out: Partial<Record<'anthropic' | 'cartesia' | 'deepgram' | 'twilio', CredentialView>> = {};
  for (const p of ['anthropic', 'cartesia', 'deepgram', 'twilio'] as const) out[p] = (await addChecked(core, sims, workspaceId, p)).key;
  return out as Record<'anthropic' | 'cartesia' | 'deepgram' | 'twilio', CredentialView>;
}
