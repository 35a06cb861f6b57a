/**
 * The voice runner against simulators with realistic latencies (Deepgram results 50 ms after the
 * audio, Claude's first token at 350 ms then 15 ms a token, Cartesia's first audio at 90 ms), at 1
 * and 25 concurrent calls. Each call: greeting, a caller turn, a long reply the caller barges into,
 * a second turn the agent ends. Printed per load: the runner's own overhead per turn (final
 * transcript → first audio frame to the carrier, minus provider time) p50/p99, outbound frame
 * lateness p99 against the pacer's 20 ms deadlines (and arrival jitter as the simulated carrier in the
 * same process sees it), barge-in reaction (the STT event → `clear` sent) p99,
 * voice-to-voice latency per turn (caller stops → first agent audio arrives) beside Pipecat's
 * published 500–800 ms, and process CPU and memory per call (simulators included). The 1-call run
 * is the baseline the 25-call figures are compared with.
 */
import type { BargeInMetric, TurnMetric } from '../../electron/core/voice/session/call-session';
import type { CarrierVoiceSim } from '../sim/carrier-voice';
import { agentDone, startVoiceRig, until } from '../helpers/voice-rig';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN);
};
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '—');

interface LoadFigures {
  readonly calls: number;
  readonly overheadP50: number;
  readonly overheadP99: number;
  readonly jitterP99: number;
  readonly sendLateP99: number;
  readonly bargeP99: number;
  readonly v2vP50: number;
  readonly v2vP99: number;
  readonly cpuMsPerCall: number;
  readonly rssMbPerCall: number;
  readonly outcomes: string;
}

const LONG = 'We have several openings this week. Monday and Tuesday mornings are open with our hygienist Priya. Thursday has late afternoon slots as well. Which of those would suit you and your family best?';

async function load(calls: number): Promise<LoadFigures> {
  const turns: TurnMetric[] = [];
  const barges: BargeInMetric[] = [];
  const late: number[] = [];
  const rig = await startVoiceRig({ onTurn: (m) => turns.push(m), onBargeIn: (m) => barges.push(m), onFrame: (ms) => late.push(ms), maxCalls: 50, anthropicLimits: { requests: 4000, inputTokens: 2_000_000, outputTokens: 400_000 } });
  try {
    rig.deepgram.setLatency(50);
    rig.anthropic.state.stream.firstTokenMs = 350;
    rig.anthropic.state.stream.tokenMs = 15;
    rig.cartesia.setLatency({ firstChunkMs: 90 });
    for (let i = 0; i < calls; i++) rig.anthropic.state.stream.replies.push({ text: LONG });
    for (let i = 0; i < calls; i++) rig.anthropic.state.stream.replies.push({ text: 'Of course, I will call you tomorrow. Goodbye!', endCall: { outcome: 'callback', reason: 'Asked for a call tomorrow.' } });
    for (let i = 0; i < calls; i++) rig.deepgram.queueTranscripts('Yes, what times do you have?');
    for (let i = 0; i < calls; i++) rig.deepgram.queueTranscripts('Sorry, I have to go, call me tomorrow.');
    const cpu0 = process.cpuUsage();
    const rss0 = process.memoryUsage().rss;
    let rssPeak = rss0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
    const v2v: number[] = [];
    const legs = await Promise.all(Array.from({ length: calls }, (_, i) => rig.dialAndAnswer(`+1415555${String(1000 + i)}`)));
    const firstAfter = (media: CarrierVoiceSim, t: number): number => media.received.find((m) => m.kind === 'media' && m.at >= t)?.at ?? NaN;
    const ends = await Promise.all(
      legs.map(async ({ placed, media }) => {
        const greeted = await agentDone(media, 0, 60_000);
        const t1 = Date.now();
        const spoken1 = await media.speak('Yes, what times do you have?', 700);
        await until(() => media.received.filter((m) => m.kind === 'media').length > greeted + 50, 60_000, 'the reply');
        v2v.push(firstAfter(media, t1 + spoken1) - (t1 + spoken1));
        const t2 = Date.now();
        const spoken2 = await media.speak('Sorry, I have to go, call me tomorrow.', 700);
        const end = await placed.done;
        v2v.push(firstAfter(media, t2 + spoken2) - (t2 + spoken2));
        return end;
      }),
    );
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    // Arrival jitter at the simulated carrier (same process as the runner and every simulator): the gap between consecutive frames of one run of agent audio, against 20 ms.
    const jitter: number[] = [];
    for (const { media } of legs) {
      const at = media.received.filter((m) => m.kind === 'media').map((m) => m.at);
      for (let i = 1; i < at.length; i++) {
        const gap = (at[i] ?? 0) - (at[i - 1] ?? 0);
        if (gap < 200) jitter.push(Math.abs(gap - 20));
      }
    }
    const overhead = turns.map((t) => t.overheadMs);
    const tally = new Map<string, number>();
    for (const e of ends) tally.set(e.outcome, (tally.get(e.outcome) ?? 0) + 1);
    return {
      calls,
      overheadP50: pct(overhead, 50),
      overheadP99: pct(overhead, 99),
      jitterP99: pct(jitter, 99),
      sendLateP99: pct(late, 99),
      bargeP99: pct(barges.map((b) => b.reactionMs), 99),
      v2vP50: pct(v2v.filter(Number.isFinite), 50),
      v2vP99: pct(v2v.filter(Number.isFinite), 99),
      cpuMsPerCall: (cpu.user + cpu.system) / 1000 / calls,
      rssMbPerCall: (rssPeak - rss0) / 1024 / 1024 / calls,
      outcomes: [...tally].map(([k, v]) => `${v} ${k}`).join(', '),
    };
  } finally {
    await rig.close();
  }
}

/** Runs the voice benchmark and prints its figures. */
export async function run(): Promise<void> {
  console.log('\n## Voice runner (simulated providers: Deepgram +50 ms, Claude first token 350 ms, Cartesia first audio 90 ms)');
  const rows = [await load(1), await load(25)];
  console.log('calls | overhead/turn p50 | p99 (target ≤ 5 ms) | frame send lateness p99 (≤ 5 ms) | arrival jitter p99 at the carrier sim | barge-in p99 | voice-to-voice p50 / p99 (Pipecat 500–800 ms) | CPU/call | RSS/call | outcomes');
  for (const r of rows) {
    console.log(`${String(r.calls).padStart(5)} | ${f1(r.overheadP50).padStart(8)} ms | ${f1(r.overheadP99).padStart(8)} ms | ${f1(r.sendLateP99).padStart(8)} ms | ${f1(r.jitterP99).padStart(8)} ms | ${f1(r.bargeP99).padStart(6)} ms | ${f1(r.v2vP50)} / ${f1(r.v2vP99)} ms | ${Math.round(r.cpuMsPerCall)} ms | ${f1(r.rssMbPerCall)} MB | ${r.outcomes}`);
  }
  const [one, many] = rows as [LoadFigures, LoadFigures];
  console.log(`25 calls vs 1 (baseline, same run): overhead p99 ×${f1(many.overheadP99 / one.overheadP99)}, jitter p99 ×${f1(many.jitterP99 / one.jitterP99)}, voice-to-voice p50 ×${f1(many.v2vP50 / one.v2vP50)}`);
}
