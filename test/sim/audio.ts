/** 8 kHz test audio for the speech simulators: G.711 μ-law both ways, tones and silence in either call encoding. */

/** Decodes one G.711 μ-law byte to a 16-bit sample. */
export function ulawDecode(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

/** Encodes one 16-bit sample as a G.711 μ-law byte. */
export function ulawEncode(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(32635, Math.abs(sample)) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  s = sign | (exponent << 4) | mantissa;
  return ~s & 0xff;
}

/** Decodes raw call audio to samples. */
export function samplesOf(chunk: Buffer, encoding: 'mulaw' | 'pcm16'): Int16Array {
  if (encoding === 'mulaw') return Int16Array.from(chunk, ulawDecode);
  const out = new Int16Array(Math.floor(chunk.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = chunk.readInt16LE(i * 2);
  return out;
}

/** Encodes samples as raw call audio. */
export function encodeSamples(samples: ArrayLike<number>, encoding: 'mulaw' | 'pcm16'): Buffer {
  if (encoding === 'mulaw') return Buffer.from(Array.from(samples, ulawEncode));
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i] ?? 0))), i * 2);
  return out;
}

/** `ms` of a sine tone (default 440 Hz, amplitude 8000) at 8 kHz, starting at sample `offset` for phase continuity. */
export function tone(
  ms: number,
  encoding: 'mulaw' | 'pcm16',
  opts: { hz?: number; amplitude?: number; offset?: number; sampleRate?: number } = {},
): Buffer {
  const rate = opts.sampleRate ?? 8000;
  const count = Math.round((ms * rate) / 1000);
  const hz = opts.hz ?? 440;
  const amplitude = opts.amplitude ?? 8000;
  const offset = opts.offset ?? 0;
  return encodeSamples(
    Array.from({ length: count }, (_, index) => amplitude * Math.sin((2 * Math.PI * hz * (index + offset)) / rate)),
    encoding,
  );
}

/** `ms` of digital silence at 8 kHz. */
export function silence(ms: number, encoding: 'mulaw' | 'pcm16'): Buffer {
  return encoding === 'mulaw' ? Buffer.alloc(Math.round(ms * 8), 0xff) : Buffer.alloc(Math.round(ms * 16));
}
