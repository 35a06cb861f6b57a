/**
 * The far side of the voice bench, in its own process so the runner's process holds only the
 * runner (as in production, where the carrier and the providers are other machines): the Twilio
 * simulator with its callee (espeak speech at real-time pace, arrival times of the agent's frames),
 * the Deepgram live, Anthropic and Cartesia simulators with realistic latencies. Driven over the
 * fork IPC channel: `setup` → `ready` (the environment and key fields the runner's core needs),
 * `answer` (one placed call, by number) → `call` (what the callee measured), `close`.
 */
import type { AnthropicState } from '../sim/ai';
import type { CarrierVoiceSim } from '../sim/carrier-voice';
import { startCartesiaTtsSim } from '../sim/cartesia-tts';
import { startDeepgramLiveSim } from '../sim/deepgram-live';
import type { ProviderSim } from '../sim/server';
import { answerCall } from '../sim/twilio-calls';
import { startOnboardingSims } from '../helpers/voice';

/** Latencies of the simulated providers. */
export const LATENCY = { deepgramMs: 50, claudeFirstTokenMs: 350, claudeTokenMs: 15, cartesiaFirstChunkMs: 90 } as const;

/** Parent → child. */
export type ToChild = { readonly type: 'setup'; readonly calls: number } | { readonly type: 'answer'; readonly to: string } | { readonly type: 'close' };

/** What the callee of one call measured (child clock, milliseconds). */
export interface CallReport {
  readonly to: string;
  /** Caller stops speaking → first agent frame after it, per turn. */
  readonly v2v: number[];
  /** |gap − 20 ms| between consecutive agent frames within one run of speech. */
  readonly jitter: number[];
  readonly frames: number;
  readonly error: string | null;
}

/** Child → parent. */
export type FromChild =
  | { readonly type: 'ready'; readonly env: Record<string, string>; readonly fields: Record<string, Record<string, string>> }
  | ({ readonly type: 'call' } & CallReport)
  | { readonly type: 'started' }
  | { readonly type: 'closed'; readonly cpuMs: number };

const LONG = 'We have several openings this week. Monday and Tuesday mornings are open with our hygienist Priya. Thursday has late afternoon slots as well. Which of those would suit you and your family best?';
const TURN1 = 'Yes, what times do you have?';
const TURN2 = 'Sorry, I have to go, call me tomorrow.';

const send = (m: FromChild): void => void process.send?.(m);

async function until(ready: () => boolean, ms: number, what: string): Promise<void> {
  const start = Date.now();
  while (!ready()) {
    if (Date.now() - start > ms) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until the agent spoke and then went quiet for 400 ms; returns the media count. */
async function agentDone(media: CarrierVoiceSim, from: number): Promise<number> {
  const count = (): number => media.received.filter((r) => r.kind === 'media').length;
  await until(() => count() > from, 60_000, 'the agent to start speaking');
  let last = count();
  let since = Date.now();
  await until(
    () => {
      const n = count();
      if (n !== last) [last, since] = [n, Date.now()];
      return Date.now() - since >= 400;
    },
    60_000,
    'the agent to finish speaking',
  );
  return last;
}

/** The callee's script: greeting, a question, a long reply it barges into with its goodbye. */
async function converse(media: CarrierVoiceSim): Promise<{ v2v: number[] }> {
  const firstAfter = (t: number): number => media.received.find((m) => m.kind === 'media' && m.at >= t)?.at ?? NaN;
  const v2v: number[] = [];
  const greeted = await agentDone(media, 0);
  const t1 = Date.now();
  const spoken1 = await media.speak(TURN1, 700);
  await until(() => media.received.filter((m) => m.kind === 'media').length > greeted + 50, 60_000, 'the reply');
  v2v.push(firstAfter(t1 + spoken1) - (t1 + spoken1));
  const t2 = Date.now();
  const spoken2 = await media.speak(TURN2, 700);
  await media.closed;
  v2v.push(firstAfter(t2 + spoken2) - (t2 + spoken2));
  return { v2v };
}

function jitterOf(media: CarrierVoiceSim): number[] {
  const at = media.received.filter((m) => m.kind === 'media').map((m) => m.at);
  const out: number[] = [];
  for (let i = 1; i < at.length; i++) {
    const gap = (at[i] ?? 0) - (at[i - 1] ?? 0);
    // A gap of 200 ms or more is a pause between replies, not jitter.
    if (gap < 200) out.push(Math.abs(gap - 20));
  }
  return out;
}

async function main(): Promise<void> {
  const cpu0 = process.cpuUsage();
  const sims = await startOnboardingSims();
  const anthropic = sims.byId.anthropic as ProviderSim<AnthropicState>;
  // Tier-2 limits, so the key's ceiling allows 25 calls at once.
  anthropic.state.limits = { requests: 4000, inputTokens: 2_000_000, outputTokens: 400_000 };
  const deepgram = await startDeepgramLiveSim({ apiKey: sims.byId.deepgram.fields.apiKey, attach: sims.byId.deepgram });
  const cartesia = await startCartesiaTtsSim({ apiKey: sims.byId.cartesia.fields.apiKey, attach: sims.byId.cartesia });
  deepgram.setLatency(LATENCY.deepgramMs);
  anthropic.state.stream.firstTokenMs = LATENCY.claudeFirstTokenMs;
  anthropic.state.stream.tokenMs = LATENCY.claudeTokenMs;
  cartesia.setLatency({ firstChunkMs: LATENCY.cartesiaFirstChunkMs });
  const streams: CarrierVoiceSim[] = [];

  process.on('message', (m: ToChild) => {
    if (m.type === 'setup') {
      for (let i = 0; i < m.calls; i++) anthropic.state.stream.replies.push({ text: LONG });
      for (let i = 0; i < m.calls; i++) anthropic.state.stream.replies.push({ text: 'Of course, I will call you tomorrow. Goodbye!', endCall: { outcome: 'callback', reason: 'Asked for a call tomorrow.' } });
      for (let i = 0; i < m.calls; i++) deepgram.queueTranscripts(TURN1);
      for (let i = 0; i < m.calls; i++) deepgram.queueTranscripts(TURN2);
      const fields = Object.fromEntries(Object.entries(sims.byId).map(([id, sim]) => [id, { ...sim.fields }]));
      send({ type: 'ready', env: { ...sims.env }, fields });
    } else if (m.type === 'answer') {
      void (async () => {
        let media: CarrierVoiceSim | null = null;
        try {
          const call = sims.calls.filter((c) => c.to === m.to).at(-1);
          if (!call) throw new Error('The Twilio simulator recorded no call to that number.');
          media = await answerCall(sims.twilio, call);
          if (!media) throw new Error('The call was not answered with a media stream.');
          streams.push(media);
          const { v2v } = await converse(media);
          send({ type: 'call', to: m.to, v2v, jitter: jitterOf(media), frames: media.received.filter((r) => r.kind === 'media').length, error: null });
        } catch (err) {
          send({ type: 'call', to: m.to, v2v: [], jitter: media ? jitterOf(media) : [], frames: 0, error: err instanceof Error ? err.message : String(err) });
        }
      })();
    } else if (m.type === 'close') {
      void (async () => {
        for (const s of streams) s.stop();
        await Promise.all([deepgram.close(), cartesia.close()]);
        await sims.close();
        const cpu = process.cpuUsage(cpu0);
        send({ type: 'closed', cpuMs: (cpu.user + cpu.system) / 1000 });
        process.disconnect?.();
      })();
    }
  });
  send({ type: 'started' });
}

void main();
