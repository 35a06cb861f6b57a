/**
 * The far side of the voice benches, in its own process so the runner's process holds only the
 * runner (as in production, where the carrier and the providers are other machines): the Twilio
 * simulator with its callees (espeak speech at real-time pace, arrival times of the agent's frames),
 * the Deepgram live, Anthropic and Cartesia simulators with the latencies the parent asks for.
 * Driven over the fork IPC channel (voice-sims-protocol.ts): `setup` → `ready` (the environment and
 * key fields the runner's core needs), `answer` (one placed call, by number and index) → `call`
 * (what the callee measured), `close`. Each call's agent carries its index in its system prompt
 * (`lineMark`), and every reply names it, so the token the LLM simulator wrote, the TTS context it
 * became and the frames the carrier got are matched per call and turn, all on this process's clock.
 */
import type { AnthropicState } from '../sim/ai';
import type { ScriptedReply } from '../sim/anthropic-stream';
import { samplesOf } from '../sim/audio';
import { speech, type CarrierVoiceSim } from '../sim/carrier-voice';
import { startCartesiaTtsSim, type CartesiaTtsSim } from '../sim/cartesia-tts';
import { startDeepgramLiveSim } from '../sim/deepgram-live';
import type { ProviderSim } from '../sim/server';
import { answerCall } from '../sim/twilio-calls';
import { startOnboardingSims } from '../helpers/voice';
import { SentenceSplitter } from '../../electron/core/voice/streams/sentences';
import type { CalleeScript, FromChild, ReplyEmission, ToChild } from './voice-sims-protocol';

const long = (i: number): string =>
  `Caller ${i}, we have several openings this week. Monday and Tuesday mornings are open with our hygienist Priya. Thursday has late afternoon slots as well. Which of those would suit you and your family best?`;
const goodbye = (i: number): string => `Of course, caller ${i}, I will call you tomorrow. Goodbye!`;
const booked = (i: number): string => `Tuesday at ten works, caller ${i}. I have booked your cleaning. Goodbye!`;
const TURN1 = 'Yes, what times do you have?';
const TURN2 = 'Sorry, I have to go, call me tomorrow.';
const PAUSED = ['Yes, I would like to book', 'a cleaning on Tuesday at ten please.'] as const;
/** A pause after a finished sentence: a recogniser takes it for the end of the turn, and a guess is prepared. */
const PAUSED_SENTENCE = ['I can come on Tuesday.', 'At ten, if that works for you.'] as const;
const pausedParts = (script: CalleeScript): readonly string[] => (script === 'pause-sentence' ? PAUSED_SENTENCE : PAUSED);

/** Which caller turn a request answers, by the caller's last words (a guess at a turn is a prefix of it). */
const turnOf = (lastUser: string): number => (/sorry|have to go|tomorrow/i.test(lastUser) ? 2 : 1);

/** The reply of call `i` to its `turn`th caller turn. */
function replyOf(script: CalleeScript, i: number, turn: number): ScriptedReply | undefined {
  if (script !== 'barge')
    return turn === 1 ? { text: booked(i), endCall: { outcome: 'interested', reason: 'Booked a cleaning.' } } : undefined;
  if (turn === 1) return { text: long(i) };
  if (turn === 2) return { text: goodbye(i), endCall: { outcome: 'callback', reason: 'Asked for a call tomorrow.' } };
  return undefined;
}

const tokensOf = (text: string): string[] => text.match(/\s*\S+/g) ?? [];

/** How many of a reply's tokens complete its first speakable piece, as the runner's splitter cuts it. */
function firstPieceTokens(text: string): number {
  const splitter = new SentenceSplitter();
  const tokens = tokensOf(text);
  const i = tokens.findIndex((t) => splitter.push(t).length > 0);
  return i < 0 ? tokens.length : i + 1;
}

const send = (m: FromChild): void => void process.send?.(m);
const now = (): number => performance.now();

async function until(ready: () => boolean, ms: number, what: string): Promise<void> {
  const start = now();
  while (!ready()) {
    if (now() - start > ms) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const mediaCount = (media: CarrierVoiceSim): number => media.received.filter((r) => r.kind === 'media').length;

/** Waits until the agent spoke and then went quiet for 400 ms; returns the media count. */
async function agentDone(media: CarrierVoiceSim, from: number): Promise<number> {
  await until(() => mediaCount(media) > from, 60_000, 'the agent to start speaking');
  let last = mediaCount(media);
  let since = now();
  await until(
    () => {
      const n = mediaCount(media);
      if (n !== last) [last, since] = [n, now()];
      return now() - since >= 400;
    },
    60_000,
    'the agent to finish speaking',
  );
  return last;
}

/** Milliseconds of quiet before the first and after the last voiced 20 ms frame (the recogniser simulator's threshold). */
function quietEnds(audio: Buffer): { lead: number; trail: number } {
  const voiced: boolean[] = [];
  for (let at = 0; at < audio.length; at += 160) {
    const s = samplesOf(audio.subarray(at, at + 160), 'mulaw');
    let sum = 0;
    for (const x of s) sum += x * x;
    voiced.push(Math.sqrt(sum / Math.max(1, s.length)) > 700);
  }
  const first = voiced.indexOf(true);
  const last = voiced.lastIndexOf(true);
  return { lead: Math.max(0, first) * 20, trail: (voiced.length - 1 - last) * 20 };
}

/** Plays caller speech; when its sending started, and when its voice ended (its last voiced frame played). */
async function say(media: CarrierVoiceSim, text: string, thenQuietMs: number): Promise<{ start: number; voiceEnd: number }> {
  const audio = speech(text, 'mulaw');
  const { trail } = quietEnds(audio);
  const start = now();
  await media.playAudio(audio);
  const voiceEnd = now() - trail;
  await media.silence(thenQuietMs);
  return { start, voiceEnd };
}

/** The first agent frame at or after `t`. */
const firstAfter = (media: CarrierVoiceSim, t: number): number => media.received.find((m) => m.kind === 'media' && m.at >= t)?.at ?? NaN;

/** From the caller's speech onset: the last agent frame before a gap of 100 ms or more, or a `clear`. */
function stoppedAfter(media: CarrierVoiceSim, onset: number): number {
  let last = NaN;
  for (const m of media.received) {
    if (m.at < onset || m.kind === 'mark') continue;
    if (m.kind === 'clear' || (Number.isFinite(last) && m.at - last >= 100)) break;
    last = m.at;
  }
  return Number.isFinite(last) ? last - onset : 0;
}

/** One callee's conversation; when each caller turn's voice ended, and barge-in figures. */
async function converse(media: CarrierVoiceSim, script: CalleeScript, pausedMs: number): Promise<{ ends: number[]; barge: number[] }> {
  const greeted = await agentDone(media, 0);
  if (script !== 'barge') {
    // The pause is counted from the voice's end: espeak's own trailing quiet is part of it.
    const parts = pausedParts(script);
    const first = speech(parts[0] ?? '', 'mulaw');
    const { trail } = quietEnds(first);
    await media.playAudio(first.subarray(0, Math.max(0, first.length - Math.round(trail * 8))));
    await media.silence(pausedMs);
    const { voiceEnd } = await say(media, parts[1] ?? '', 700);
    await media.closed;
    return { ends: [voiceEnd], barge: [] };
  }
  const turn1 = await say(media, TURN1, 700);
  await until(() => mediaCount(media) > greeted + 50, 60_000, 'the reply');
  const turn2 = await say(media, TURN2, 700);
  await media.closed;
  return { ends: [turn1.voiceEnd, turn2.voiceEnd], barge: [stoppedAfter(media, turn2.start)] };
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

/** When each call's turn's reply completed its first speakable piece at the LLM simulator, per request. */
class Emissions {
  private readonly byTurn = new Map<string, { id: number; splitter: SentenceSplitter; pieceAt: number | null }[]>();

  token(system: string, id: number, lastUser: string, token: string, at: number): void {
    const index = /\[bench line (\d+)\]/.exec(system)?.[1];
    if (index === undefined) return;
    const key = `${index}:${turnOf(lastUser)}`;
    const list = this.byTurn.get(key) ?? [];
    this.byTurn.set(key, list);
    let req = list.find((r) => r.id === id);
    if (!req) list.push((req = { id, splitter: new SentenceSplitter(), pieceAt: null }));
    if (req.pieceAt === null && req.splitter.push(token).length > 0) req.pieceAt = at;
  }

  /** The last emission of call `i`'s turn before `by` (the request whose piece the TTS got). */
  before(i: number, turn: number, by: number): number {
    const at = (this.byTurn.get(`${i}:${turn}`) ?? []).map((r) => r.pieceAt).filter((t): t is number => t !== null && t <= by);
    return at.length ? Math.max(...at) : NaN;
  }
}

/** The runner's share of each turn of call `i`: LLM emission → carrier frame, minus the TTS simulator's first-audio time. */
function sharesOf(
  i: number,
  script: CalleeScript,
  turns: number,
  media: CarrierVoiceSim,
  emissions: Emissions,
  cartesia: CartesiaTtsSim,
): { share: number[]; emissions: ReplyEmission[] } {
  const out: { share: number[]; emissions: ReplyEmission[] } = { share: [], emissions: [] };
  for (let turn = 1; turn <= turns; turn++) {
    const text = replyOf(script, i, turn)?.text ?? '';
    const tts = cartesia.firstAudio.filter((f) => f.transcript.trim() !== '' && text.startsWith(f.transcript.trim())).at(-1);
    if (!tts) continue;
    const emitted = emissions.before(i, turn, tts.requestAt);
    const frame = firstAfter(media, tts.audioAt);
    if (Number.isFinite(emitted) && Number.isFinite(frame)) out.share.push(tts.requestAt - emitted + (frame - tts.audioAt));
    if (Number.isFinite(emitted)) out.emissions.push({ turn, tokenAt: absolute(emitted), audioAt: absolute(tts.audioAt) });
  }
  return out;
}

/** A time of this process's clock on the absolute one both processes share (ms). */
const absolute = (at: number): number => performance.timeOrigin + at;

async function main(): Promise<void> {
  const cpu0 = process.cpuUsage();
  const sims = await startOnboardingSims();
  const anthropic = sims.byId.anthropic as ProviderSim<AnthropicState>;
  const deepgram = await startDeepgramLiveSim({ apiKey: sims.byId.deepgram.fields.apiKey, attach: sims.byId.deepgram });
  const cartesia = await startCartesiaTtsSim({ apiKey: sims.byId.cartesia.fields.apiKey, attach: sims.byId.cartesia });
  const emissions = new Emissions();
  anthropic.state.stream.onToken = (req, token, at) => emissions.token(req.system, req.id, req.lastUser, token, at);
  const streams: CarrierVoiceSim[] = [];
  let script: CalleeScript = 'barge';
  let pausedMs = 200;
  let beacon: NodeJS.Timeout | null = null;

  process.on('message', (m: ToChild) => {
    if (m.type === 'setup') {
      script = m.script;
      pausedMs = m.pausedMs ?? pausedMs;
      // Tier-2 limits (times the scale), so the key's ceiling allows the calls at once.
      const scale = m.limitsScale ?? 1;
      anthropic.state.limits = { requests: 4000 * scale, inputTokens: 2_000_000 * scale, outputTokens: 400_000 * scale };
      deepgram.setLatency(m.latency.deepgramMs);
      anthropic.state.stream.firstTokenMs = m.latency.claudeFirstTokenMs;
      anthropic.state.stream.tokenMs = m.latency.claudeTokenMs;
      cartesia.setLatency({ firstChunkMs: m.latency.cartesiaFirstChunkMs });
      anthropic.state.stream.pick = (system, lastUser) => {
        const index = /\[bench line (\d+)\]/.exec(system)?.[1];
        return index === undefined ? undefined : replyOf(script, Number(index), turnOf(lastUser));
      };
      for (let i = 0; i < m.calls; i++) {
        if (script !== 'barge') deepgram.queueTranscripts(pausedParts(script).join(' | '));
        else deepgram.queueTranscripts(TURN1);
      }
      if (script === 'barge') for (let i = 0; i < m.calls; i++) deepgram.queueTranscripts(TURN2);
      const fields = Object.fromEntries(Object.entries(sims.byId).map(([id, sim]) => [id, { ...sim.fields }]));
      send({ type: 'ready', env: { ...sims.env }, fields, firstPieceTokens: firstPieceTokens(replyOf(script, 0, 1)?.text ?? '') });
    } else if (m.type === 'answer') {
      void (async () => {
        let media: CarrierVoiceSim | null = null;
        try {
          const call = sims.calls.filter((c) => c.to === m.to).at(-1);
          if (!call) throw new Error('The Twilio simulator recorded no call to that number.');
          media = await answerCall(sims.twilio, call, { media: { now } });
          if (!media) throw new Error('The call was not answered with a media stream.');
          streams.push(media);
          const { ends, barge } = await converse(media, script, pausedMs);
          const v2v = ends.map((end) => firstAfter(media as CarrierVoiceSim, end) - end);
          const { share, emissions: emitted } = sharesOf(m.index, script, ends.length, media, emissions, cartesia);
          send({
            type: 'call',
            to: m.to,
            v2v,
            share,
            emissions: emitted,
            barge,
            jitter: jitterOf(media),
            frames: mediaCount(media),
            error: null,
          });
        } catch (err) {
          send({
            type: 'call',
            to: m.to,
            v2v: [],
            share: [],
            emissions: [],
            barge: [],
            jitter: media ? jitterOf(media) : [],
            frames: 0,
            error: err instanceof Error ? err.message : String(err),
          });
        }
      })();
    } else if (m.type === 'beacon') {
      if (beacon) clearInterval(beacon);
      beacon = m.on ? setInterval(() => send({ type: 'beacon', at: absolute(performance.now()) }), 50) : null;
    } else if (m.type === 'ping') {
      send({ type: 'pong', at: m.at, childAt: absolute(performance.now()) });
    } else if (m.type === 'close') {
      if (beacon) clearInterval(beacon);
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
