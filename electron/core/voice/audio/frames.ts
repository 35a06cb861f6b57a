/**
 * Audio framing and loudness: a chunker that cuts a byte stream into fixed-size frames and keeps
 * the remainder for the next push (TTS and carriers hand over audio in arbitrary sizes), and the
 * RMS level of a frame in either call encoding, which turn-taking can use to tell noise from speech.
 */
import type { AudioEncoding } from '../types';
import { mulawToLinear } from './mulaw';

/** Cuts pushed bytes into frames of exactly `size` bytes, carrying any remainder over. */
export class FrameChunker {
  private rest: Buffer = Buffer.alloc(0);

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size <= 0) throw new RangeError('A frame size must be a positive whole number of bytes.');
  }

  /** Appends bytes and returns every whole frame they complete, in order. */
  push(bytes: Buffer): Buffer[] {
    const all = this.rest.length === 0 ? bytes : Buffer.concat([this.rest, bytes]);
    const frames: Buffer[] = [];
    let at = 0;
    for (; at + this.size <= all.length; at += this.size) frames.push(Buffer.from(all.subarray(at, at + this.size)));
    this.rest = Buffer.from(all.subarray(at));
    return frames;
  }

  /** Bytes held back, waiting for a whole frame. */
  get pending(): number {
    return this.rest.length;
  }

  /** Returns the remainder padded to a whole frame with `silence` (or null when nothing is held), and empties it. */
  flush(silence: number): Buffer | null {
    if (this.rest.length === 0) return null;
    const frame = Buffer.alloc(this.size, silence);
    this.rest.copy(frame);
    this.rest = Buffer.alloc(0);
    return frame;
  }

  /** Drops the remainder (barge-in). */
  reset(): void {
    this.rest = Buffer.alloc(0);
  }
}

/** The byte that is silence in an encoding (μ-law 0xFF; PCM 0). */
export function silenceByte(encoding: AudioEncoding): number {
  return encoding === 'mulaw' ? 0xff : 0x00;
}

/** Bytes per millisecond of 8 kHz mono audio: μ-law 8, 16-bit PCM 16. */
export function bytesPerMs(encoding: AudioEncoding): number {
  return encoding === 'mulaw' ? 8 : 16;
}

/** Root-mean-square level of a frame, 0 (silence) to 1 (full scale), in either encoding. */
export function rms(frame: Buffer, encoding: AudioEncoding): number {
  let sum = 0;
  let sampleCount: number;
  if (encoding === 'mulaw') {
    for (let index = 0; index < frame.length; index++) {
      const sample = mulawToLinear(frame[index] as number);
      sum += sample * sample;
    }
    sampleCount = frame.length;
  } else {
    sampleCount = frame.length >> 1;
    for (let index = 0; index < sampleCount; index++) {
      const sample = frame.readInt16LE(index * 2);
      sum += sample * sample;
    }
  }
  return sampleCount === 0 ? 0 : Math.sqrt(sum / sampleCount) / 32768;
}

/** The same level in dBFS (−Infinity for digital silence); speech is typically −40 to −10. */
export function dbfs(frame: Buffer, encoding: AudioEncoding): number {
  const level = rms(frame, encoding);
  return level === 0 ? -Infinity : 20 * Math.log10(level);
}
