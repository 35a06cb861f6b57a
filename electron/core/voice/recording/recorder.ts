/**
 * One call's recording as it happens: the caller's audio on the left channel and the agent's audio,
 * as it was sent to the carrier, on the right, both decoded to 16-bit PCM at the call's 8 kHz and
 * laid on the call's timeline (milliseconds since the answer on the call's clock). Each channel
 * follows its own stream sample by sample; a channel that fell more than SLACK_MS behind the clock
 * (the carrier sent nothing for a while, the agent was quiet) jumps forward to it, so the two stay
 * aligned within that slack however either stream pauses. Memory is bounded: samples past `maxMs`
 * are dropped and the recording says it was cut.
 */
import { decodeMulaw } from '../audio/mulaw';
import type { Clock } from '../clock';
import type { AudioEncoding } from '../types';
import { encodeWav } from './wav';

/** Every call's audio is 8 kHz (types.ts MediaFormat). */
export const RECORDING_SAMPLE_RATE = 8000;
const SAMPLES_PER_MS = RECORDING_SAMPLE_RATE / 1000;
/** How far a channel may trail the call's clock before it jumps to it (jitter below this is kept as sent). */
export const SLACK_MS = 200;
/** The longest recording kept, whatever the call's time limit: 30 minutes (about 58 MB of WAV). */
export const MAX_RECORDING_MS = 30 * 60_000;
/** Samples are kept in blocks of one second, allocated as the call reaches them. */
const BLOCK = RECORDING_SAMPLE_RATE;

/** A finished recording: the WAV, how long it is, and whether it was cut at the limit. */
export interface Recording {
  readonly wav: Buffer;
  readonly durationMs: number;
  readonly truncated: boolean;
}

/** One channel: blocks of samples and where the next sample goes. */
class Channel {
  readonly blocks: Int16Array[] = [];
  cursor = 0;

  write(samples: Int16Array, at: number, limit: number): boolean {
    let cut = false;
    for (let sampleIndex = 0; sampleIndex < samples.length; sampleIndex++) {
      const position = at + sampleIndex;
      if (position >= limit) {
        cut = true;
        break;
      }
      const index = Math.floor(position / BLOCK);
      while (this.blocks.length <= index) this.blocks.push(new Int16Array(BLOCK));
      (this.blocks[index] as Int16Array)[position % BLOCK] = samples[sampleIndex] as number;
    }
    this.cursor = Math.min(at + samples.length, limit);
    return cut;
  }

  flat(length: number): Int16Array {
    const out = new Int16Array(length);
    this.blocks.forEach((block, index) => out.set(block.subarray(0, Math.max(0, Math.min(BLOCK, length - index * BLOCK))), index * BLOCK));
    return out;
  }
}

/** Records both sides of one answered call. */
export class CallRecorder {
  private readonly caller = new Channel();
  private readonly agent = new Channel();
  private readonly limit: number;
  private readonly startedAt: number;
  private truncated = false;

  constructor(
    private readonly clock: Clock,
    private readonly encoding: AudioEncoding,
    maxMs: number,
  ) {
    this.limit = Math.round(Math.min(maxMs, MAX_RECORDING_MS) * SAMPLES_PER_MS);
    this.startedAt = clock.now();
  }

  /** Audio the caller's side sent (the carrier's media event). */
  heard(audio: Buffer): void {
    this.put(this.caller, audio);
  }

  /** Audio sent to the carrier for the agent (the pacer's media command). */
  said(audio: Buffer): void {
    this.put(this.agent, audio);
  }

  /** The two channels as a WAV (caller left, agent right), as long as the longer one. */
  finish(): Recording {
    const length = Math.max(this.caller.cursor, this.agent.cursor);
    const wav = encodeWav([this.caller.flat(length), this.agent.flat(length)], RECORDING_SAMPLE_RATE);
    return { wav, durationMs: Math.round(length / SAMPLES_PER_MS), truncated: this.truncated };
  }

  private put(channel: Channel, audio: Buffer): void {
    const samples = this.decode(audio);
    if (samples.length === 0) return;
    const due = Math.round((this.clock.now() - this.startedAt) * SAMPLES_PER_MS);
    const at = due - channel.cursor > SLACK_MS * SAMPLES_PER_MS ? due : channel.cursor;
    if (channel.write(samples, at, this.limit)) this.truncated = true;
  }

  private decode(audio: Buffer): Int16Array {
    const pcm = this.encoding === 'mulaw' ? decodeMulaw(audio) : audio;
    const samples = new Int16Array(pcm.length >> 1);
    for (let index = 0; index < samples.length; index++) samples[index] = pcm.readInt16LE(index * 2);
    return samples;
  }
}
