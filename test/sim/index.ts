/** One door to every simulator: startSim(id) starts the right one with a valid credential in `fields`. */
import type { ProviderId } from '../../shared/providers/types';
import { startAnthropicSim, startCartesiaSim, startDeepgramSim, startOpenAISim } from './ai';
import { startAwsSim } from './aws';
import {
  startCloudinarySim,
  startGithubSim,
  startGoogleAnalyticsSim,
  startMixpanelSim,
  startSendgridSim,
  startSentrySim,
  startStripeSim,
} from './business';
import { startExotelSim } from './exotel';
import { startNgrokSim } from './ngrok';
import { startResendSim } from './resend';
import type { ProviderSim } from './server';
import { startTwilioSim } from './twilio';

const STARTERS: Readonly<Record<ProviderId, () => Promise<ProviderSim<unknown>>>> = {
  twilio: startTwilioSim,
  exotel: startExotelSim,
  resend: startResendSim,
  sendgrid: startSendgridSim,
  anthropic: startAnthropicSim,
  openai: startOpenAISim,
  deepgram: startDeepgramSim,
  cartesia: startCartesiaSim,
  stripe: startStripeSim,
  github: startGithubSim,
  sentry: startSentrySim,
  mixpanel: startMixpanelSim,
  cloudinary: startCloudinarySim,
  'aws-s3': startAwsSim,
  'google-analytics': startGoogleAnalyticsSim,
  ngrok: startNgrokSim,
};

/** Starts a provider's simulator with its default account; `latencyMs` slows every answer. */
export async function startSim(id: ProviderId, opts: { latencyMs?: number } = {}): Promise<ProviderSim<unknown>> {
  const sim = await STARTERS[id]();
  if (opts.latencyMs) sim.setLatency(opts.latencyMs);
  return sim;
}

export type { Fault, ProviderSim, RecordedRequest, Route, Sim, SimRequest, SimResponse } from './server';
