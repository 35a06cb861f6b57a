/**
 * The real voice runner in the e2e app: the VoiceRunner the app's core starts through this
 * double's `serve` (given to `createCore`), its media server on 127.0.0.1 (reached by the carrier
 * simulator over loopback), the Twilio simulator taking calls, and the Deepgram live and Cartesia
 * TTS sockets attached to their REST simulators' origins. Use it as
 * `test.use({ appOptions: { voice: startE2EVoice } })`; `app.voice` is then this object. Test calls
 * and voice campaigns dial through the core's voice service, which holds this runner, and `onCall`
 * lets campaign callees answer every call the simulator accepts.
 */
import { VoiceRunner } from '../../../electron/core/voice/runner/runner';
import type { ServeRunner } from '../../../electron/core/voice/runner/serve';
import { startCartesiaTtsSim, type CartesiaTtsSim } from '../../sim/cartesia-tts';
import type { CarrierVoiceSim } from '../../sim/carrier-voice';
import { startDeepgramLiveSim, type DeepgramLiveSim } from '../../sim/deepgram-live';
import type { AnthropicState } from '../../sim/ai';
import type { ProviderSim } from '../../sim/server';
import type { TwilioState } from '../../sim/twilio';
import { answerCall, serveCalls, type AnswerOptions, type OnCall, type SimCall } from '../../sim/twilio-calls';
import { until } from '../../helpers/voice-rig';
import type { E2EApp, VoiceDouble, VoiceParts } from './app';
import { addKey } from './seed';

/** The runner the console talks to, and the simulators a test drives a call with. */
export class E2EVoice implements VoiceDouble {
  private readonly media: CarrierVoiceSim[] = [];
  /** Told of every call the Twilio simulator accepts (campaign callees answer from here). */
  onCall: OnCall | null = null;
  /** The runner the core started through `serve`, once it has. */
  runner: VoiceRunner | null = null;

  private constructor(
    /** Calls the Twilio simulator accepted. */
    readonly calls: SimCall[],
    readonly twilio: ProviderSim<TwilioState>,
    readonly anthropic: ProviderSim<AnthropicState>,
    readonly deepgram: DeepgramLiveSim,
    readonly cartesia: CartesiaTtsSim,
  ) {}

  /** Starts the streaming simulators on the app's simulators; the core starts the runner through `serve`. */
  static async start({ sims }: VoiceParts): Promise<E2EVoice> {
    const sim = <S>(id: 'twilio' | 'anthropic' | 'deepgram' | 'cartesia'): ProviderSim<S> => {
      const s = sims[id];
      if (!s) throw new Error(`the ${id} simulator was not started`);
      return s as ProviderSim<S>;
    };
    const twilio = sim<TwilioState>('twilio');
    const deepgramRest = sim<{ apiKey: string }>('deepgram');
    const cartesiaRest = sim<{ apiKey: string }>('cartesia');
    const hook: { voice?: E2EVoice } = {};
    const calls = serveCalls(twilio, (c) => hook.voice?.onCall?.(c));
    const deepgram = await startDeepgramLiveSim({ apiKey: deepgramRest.fields.apiKey, attach: deepgramRest });
    const cartesia = await startCartesiaTtsSim({ apiKey: cartesiaRest.fields.apiKey, attach: cartesiaRest });
    hook.voice = new E2EVoice(calls, twilio, sim<AnthropicState>('anthropic'), deepgram, cartesia);
    return hook.voice;
  }

  /** How the core starts its runner: on loopback, whatever reach it is asked for (the carrier simulator is local). */
  readonly serve: ServeRunner = async (deps, _reach, options) => {
    const runner = new VoiceRunner(deps, options);
    const port = await runner.start();
    // Loopback http is the one plain public URL the runner accepts.
    runner.setReach({ kind: 'public-url', url: `http://127.0.0.1:${port}` });
    this.runner = runner;
    return runner;
  };

  /** Plays the callee of the `index`-th call (default: the latest) once Twilio has it: ringing, answer, media stream. */
  async answer(index = -1, o: AnswerOptions = {}): Promise<CarrierVoiceSim> {
    await until(() => this.calls.at(index) !== undefined, 10_000, 'the Twilio simulator to receive the call');
    const call = this.calls.at(index);
    const media = call ? await answerCall(this.twilio, call, o) : null;
    if (!media) throw new Error('The call was not answered with a media stream.');
    this.media.push(media);
    return media;
  }

  async close(): Promise<void> {
    await this.runner?.stop();
    for (const m of this.media) m.stop();
    await Promise.all([this.deepgram.close(), this.cartesia.close()]);
  }
}

/** `AppOptions.voice` for the real runner. */
export const startE2EVoice = (parts: VoiceParts): Promise<E2EVoice> => E2EVoice.start(parts);

/** A client workspace ready for voice calls: default country, the four voice keys checked, onboarding complete. */
export async function voiceWorkspace(app: E2EApp, name: string, country = 'US'): Promise<string> {
  const ws = app.core.workspaces.create({ name, mode: 'byok', defaultCountry: country }, 'console').id;
  for (const p of ['anthropic', 'cartesia', 'deepgram', 'twilio'] as const) await addKey(app, ws, p);
  app.core.onboarding.complete(ws, 'console');
  return ws;
}
