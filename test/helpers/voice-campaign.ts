/**
 * A voice campaign rig: every simulator of a call (Twilio with campaign callees, Deepgram live,
 * Cartesia TTS, Anthropic with chosen rate limits), a core with the four keys checked, onboarding
 * complete and an agent, a voice runner on loopback, and helpers to write a leads CSV.
 */
import type { AgentView } from '../../shared/voice-agents';
import { runnerPlacer, type CallPlacer } from '../../electron/core/campaigns/voice/placer';
import { VoiceRunner, type VoiceRunnerOptions } from '../../electron/core/voice/runner/runner';
import type { AnthropicState } from '../sim/ai';
import { CampaignCallees, type CalleeOptions } from '../sim/campaign-callees';
import { startCartesiaTtsSim, type CartesiaTtsSim } from '../sim/cartesia-tts';
import { startDeepgramLiveSim, type DeepgramLiveSim } from '../sim/deepgram-live';
import type { ProviderSim } from '../sim/server';
import type { OnCall } from '../sim/twilio-calls';
import { type SimMessaging, serveMessages } from '../sim/twilio-messages';
import { clockFrom } from './core';
import { RIG_AGENT } from './voice-rig';
import { addVoiceKeys, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from './voice';

/** Anthropic rate limits of a tier 1 key (about 5 calls at once) and of a tier 2 key sized for about 25. */
export const TIER_1 = { requests: 50, inputTokens: 30_000, outputTokens: 8_000 } as const;
export const TIER_2 = { requests: 1000, inputTokens: 150_000, outputTokens: 40_000 } as const;

/** 18:00 UTC is inside 09:00–20:00 in every mainland US zone (13:00 in New York, 10:00 in Los Angeles). */
export const OPEN_IN_THE_US = '2026-12-04T18:00:00Z';

/** Everything a voice campaign test touches. */
export interface CampaignRig {
  readonly sims: OnboardingSims;
  readonly sms: SimMessaging;
  readonly deepgram: DeepgramLiveSim;
  readonly cartesia: CartesiaTtsSim;
  readonly callees: CampaignCallees;
  readonly core: TestCore;
  readonly ws: string;
  readonly agent: AgentView;
  readonly runner: VoiceRunner;
  readonly placer: CallPlacer;
  close(): Promise<void>;
}

/** Starts the rig; callees behave as `callees` says. */
export async function startCampaignRig(o: {
  readonly limits?: AnthropicState['limits'];
  readonly callees: CalleeOptions;
  readonly runner?: VoiceRunnerOptions;
}): Promise<CampaignRig> {
  // The callees need the simulator, the simulator needs their hook: it is bound once both exist.
  const hook: { fn?: OnCall } = {};
  const sims = await startOnboardingSims({ onCall: (c) => hook.fn?.(c) });
  const sms = serveMessages(sims.twilio);
  const anthropic = sims.byId.anthropic as ProviderSim<AnthropicState>;
  if (o.limits) anthropic.state.limits = { ...o.limits };
  const deepgram = await startDeepgramLiveSim({ apiKey: sims.byId.deepgram.fields.apiKey, attach: sims.byId.deepgram });
  const cartesia = await startCartesiaTtsSim({ apiKey: sims.byId.cartesia.fields.apiKey, attach: sims.byId.cartesia });
  const core = await makeSimCore(sims, { now: clockFrom(OPEN_IN_THE_US) });
  const ws = core.workspaces.create({ name: 'Acme Dental', defaultCountry: 'US' }, 'console').id;
  await addVoiceKeys(core, sims, ws);
  core.onboarding.complete(ws, 'console');
  const agent = core.agents.create(ws, RIG_AGENT, 'console');
  const callees = new CampaignCallees(sims.twilio, o.callees);
  hook.fn = callees.onCall;
  const runner = new VoiceRunner(core.voiceDeps, { maxCalls: 50, ...o.runner });
  const port = await runner.start();
  runner.setReach({ kind: 'public-url', url: `http://127.0.0.1:${port}` });
  return {
    sims,
    sms,
    deepgram,
    cartesia,
    callees,
    core,
    ws,
    agent,
    runner,
    placer: runnerPlacer(core.voiceDeps, runner),
    async close() {
      await runner.stop();
      await callees.settle();
      await Promise.all([deepgram.close(), cartesia.close()]);
      core.dispose();
      await sims.close();
    },
  };
}

/** `n` distinct US numbers from +1415555xxxx. */
export function leads(n: number, start = 0): string[] {
  return Array.from({ length: n }, (_, i) => `+1415555${String(1000 + start + i).padStart(4, '0')}`);
}

/** A leads CSV (phone, first_name, timezone). */
export function leadsCsv(numbers: readonly string[]): string {
  return `phone,first_name,timezone\n${numbers.map((n, i) => `${n},Lead${i},America/New_York`).join('\n')}\n`;
}
