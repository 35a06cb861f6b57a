/**
 * RIFF/WAVE for call recordings: 16-bit PCM, interleaved channels. Written once at the end of a
 * recorded call, and read back to check what a stored recording holds (format and samples).
 */

/** Bytes of the canonical header before the samples (RIFF, fmt and data chunk headers). */
export const WAV_HEADER_BYTES = 44;

/** A WAV's format and its samples, one array per channel. */
export interface WavAudio {
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  readonly channels: readonly Int16Array[];
}

/** Interleaves equal-length channels of 16-bit samples into a WAV file. */
export function encodeWav(channels: readonly Int16Array[], sampleRate: number): Buffer {
  const count = channels.length;
  const frames = channels[0]?.length ?? 0;
  if (count === 0 || channels.some((c) => c.length !== frames)) throw new RangeError('WAV channels must be present and of one length.');
  const dataBytes = frames * count * 2;
  const out = Buffer.alloc(WAV_HEADER_BYTES + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(count, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * count * 2, 28);
  out.writeUInt16LE(count * 2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  let at = WAV_HEADER_BYTES;
  for (let index = 0; index < frames; index++)
    for (const channel of channels) {
      out.writeInt16LE(channel[index] as number, at);
      at += 2;
    }
  return out;
}

/** Reads a 16-bit PCM WAV (as encodeWav writes it); throws a RangeError naming what is wrong. */
export function decodeWav(wav: Buffer): WavAudio {
  if (wav.length < WAV_HEADER_BYTES || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE')
    throw new RangeError('Not a RIFF/WAVE file.');
  let at = 12;
  let format: { channels: number; sampleRate: number; bits: number } | null = null;
  while (at + 8 <= wav.length) {
    const id = wav.toString('ascii', at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      if (wav.readUInt16LE(body) !== 1) throw new RangeError('The WAV is not PCM.');
      format = { channels: wav.readUInt16LE(body + 2), sampleRate: wav.readUInt32LE(body + 4), bits: wav.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format || format.bits !== 16 || format.channels < 1) throw new RangeError('The WAV is not 16-bit PCM.');
      const frames = Math.floor(Math.min(size, wav.length - body) / (format.channels * 2));
      const channels = Array.from({ length: format.channels }, () => new Int16Array(frames));
      for (let index = 0; index < frames; index++)
        for (let channel = 0; channel < format.channels; channel++)
          (channels[channel] as Int16Array)[index] = wav.readInt16LE(body + (index * format.channels + channel) * 2);
      return { sampleRate: format.sampleRate, bitsPerSample: format.bits, channels };
    }
    at = body + size + (size % 2);
  }
  throw new RangeError('The WAV has no data chunk.');
}
