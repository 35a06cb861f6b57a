/**
 * A voice runner wired to every simulator: Twilio (dial, signed status callbacks, the carrier's media
 * stream with espeak speech), Deepgram live and Cartesia TTS sockets on the same origins as their
 * REST simulators (so the keys are checked and the calls use them), and Anthropic's streaming
 * route. One workspace with the four keys checked, onboarding complete, and an agent.
 */
import type { AgentView } from '../../shared/voice-agents';
import type { CallEventView } from '../../shared/voice-runner';
import { VoiceRunner, type VoiceRunnerOptions } from '../../electron/core/voice/runner/runner';
import type { PlacedCall } from '../../electron/core/voice/call/placed-call';
import { startCartesiaTtsSim, type CartesiaTtsSim } from '../sim/cartesia-tts';
import { startDeepgramLiveSim, type DeepgramLiveSim } from '../sim/deepgram-live';
import type { AnthropicState } from '../sim/ai';
import type { ProviderSim } from '../sim/server';
import { answerCall, type AnswerOptions } from '../sim/twilio-calls';
import type { ExotelState } from '../sim/exotel';
import { type ExotelSimCall, serveExotelCalls } from '../sim/exotel-calls';
import type { CarrierVoiceSim } from '../sim/carrier-voice';
import { addChecked, addVoiceKeys, makeSimCore, startOnboardingSims, type OnboardingSims, type TestCore } from './voice';

/** Everything a voice call test touches. */
export interface VoiceRig {
  readonly sims: OnboardingSims;
  readonly deepgram: DeepgramLiveSim;
  readonly cartesia: CartesiaTtsSim;
  readonly anthropic: ProviderSim<AnthropicState>;
  readonly core: TestCore;
  readonly ws: string;
  readonly agent: AgentView;
  readonly runner: VoiceRunner;
  /** Every call event the runner emitted. */
  readonly events: CallEventView[];
  /** Places a call and answers it as the callee; resolves with the call and the carrier's media stream. */
  dialAndAnswer(to?: string, answer?: AnswerOptions): Promise<{ placed: PlacedCall; media: CarrierVoiceSim }>;
  close(): Promise<void>;
}

/** The agent every rig call uses. */
export const RIG_AGENT = {
  name: 'Ava',
  greeting: 'Hi, this is Ava from Acme Dental. Do you have a minute?',
  systemPrompt: 'You are Ava, a friendly assistant calling patients of Acme Dental to book a check-up. Keep replies short.',
};

/** Starts the simulators, a core with the voice keys checked, an agent, and a runner reachable on loopback. */
export async function startVoiceRig(
  opts: VoiceRunnerOptions & {
    readonly anthropicLimits?: AnthropicState['limits'];
    readonly carrier?: 'twilio' | 'exotel';
    /** The core's clock (retention and other dated rules); the machine's unless given. */
    readonly now?: () => Date;
  } = {},
): Promise<VoiceRig> {
  const sims = await startOnboardingSims();
  // Rate limits decide the key's concurrency ceiling at its check (benches raise them to tier 2+).
  if (opts.anthropicLimits) (sims.byId.anthropic as ProviderSim<AnthropicState>).state.limits = opts.anthropicLimits;
  const deepgram = await startDeepgramLiveSim({ apiKey: sims.byId.deepgram.fields.apiKey, attach: sims.byId.deepgram });
  const cartesia = await startCartesiaTtsSim({ apiKey: sims.byId.cartesia.fields.apiKey, attach: sims.byId.cartesia });
  const core = await makeSimCore(sims, opts.now ? { now: opts.now } : {});
  const ws = core.workspaces.create({ name: 'Acme Dental', defaultCountry: 'US' }, 'console').id;
  if (opts.carrier === 'exotel')
    for (const p of ['exotel', 'deepgram', 'anthropic', 'cartesia'] as const) await addChecked(core, sims, ws, p);
  else await addVoiceKeys(core, sims, ws);
  core.onboarding.complete(ws, 'console');
  const agent = core.agents.create(ws, RIG_AGENT, 'console');
  // Listen v1 (nova-3) unless a test asks for the recogniser by language (Flux for this English agent):
  // most tests here hold v1's contract (SpeechStarted, interim and final results, UtteranceEnd).
  const runner = new VoiceRunner(core.voiceDeps, { recogniser: 'nova-3', ...opts });
  const port = await runner.start();
  runner.setReach({ kind: 'public-url', url: `http://127.0.0.1:${port}` });
  const events: CallEventView[] = [];
  runner.onEvent((e) => events.push(e));
  const media: CarrierVoiceSim[] = [];
  return {
    sims,
    deepgram,
    cartesia,
    anthropic: sims.byId.anthropic as ProviderSim<AnthropicState>,
    core,
    ws,
    agent,
    runner,
    events,
    async dialAndAnswer(to = '+14155550100', answer = {}) {
      const placed = await runner.place({ workspaceId: ws, agentId: agent.id, to, actor: 'console', test: true });
      // By number, not position: several calls may be dialled at once.
      const call = sims.calls.filter((c) => c.to === to).at(-1);
      if (!call) throw new Error('The Twilio simulator recorded no call.');
      const stream = await answerCall(sims.twilio, call, answer);
      if (!stream) throw new Error('The call was not answered with a media stream.');
      media.push(stream);
      return { placed, media: stream };
    },
    async close() {
      await runner.stop();
      for (const m of media) m.stop();
      await Promise.all([deepgram.close(), cartesia.close()]);
      core.dispose();
      await sims.close();
    },
  };
}

/** Resolves once `ready()` holds; fails after `ms` of real time saying what it waited for. */
export async function until(ready: () => boolean, ms = 120_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!ready()) {
    if (Date.now() - start > ms) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves once the agent has gone quiet: audio arrived, then none for `quietMs`. */
export async function agentDone(media: CarrierVoiceSim, fromCount: number, ms = 120_000, quietMs = 400): Promise<number> {
  const count = (): number => media.received.filter((r) => r.kind === 'media').length;
  await until(() => count() > fromCount, ms, 'the agent to start speaking');
  let last = count();
  let since = Date.now();
  await until(
    () => {
      const n = count();
      if (n !== last) [last, since] = [n, Date.now()];
      return Date.now() - since >= quietMs;
    },
    ms,
    'the agent to finish speaking',
  );
  return last;
}

/** Places one call on an Exotel rig (`startVoiceRig({ carrier: 'exotel' })`) and returns it with the call Exotel's simulator recorded. */
export async function placeExotelCall(
  rig: VoiceRig,
  to = '+919812345678',
): Promise<{ readonly placed: PlacedCall; readonly call: ExotelSimCall }> {
  const calls = serveExotelCalls(rig.sims.byId.exotel as ProviderSim<ExotelState>);
  const placed = await rig.runner.place({ workspaceId: rig.ws, agentId: rig.agent.id, to, actor: 'console' });
  const call = calls[0];
  if (!call) throw new Error('Exotel recorded no call');
  return { placed, call };
}
