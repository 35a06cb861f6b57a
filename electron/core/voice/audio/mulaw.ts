/**
 * G.711 μ-law, table-based: both directions are one array look-up per sample, so a 20 ms frame
 * (160 samples) costs nothing next to the network. Used where a caller's μ-law audio must be
 * measured (frames.ts) and by the carrier simulator; the call path itself never transcodes.
 */

const BIAS = 0x84;
const CLIP = 32635;

/** The 256 linear values a μ-law byte stands for (ITU-T G.711). */
const DECODE = new Int16Array(256);
for (let byte = 0; byte < 256; byte++) {
  const inverted = ~byte & 0xff;
  const exponent = (inverted >> 4) & 0x07;
  const mantissa = inverted & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  DECODE[byte] = inverted & 0x80 ? -magnitude : magnitude;
}

/** One encoded byte for each of the 65,536 16-bit samples (indexed by the sample as unsigned). */
const ENCODE = new Uint8Array(65536);
for (let index = 0; index < 65536; index++) ENCODE[index] = encodeOne(index < 32768 ? index : index - 65536);

function encodeOne(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(sign ? -sample : sample, CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = ~(sign | (exponent << 4) | mantissa) & 0xff;
  return magnitude;
}

/** The linear 16-bit value of one μ-law byte. */
export function mulawToLinear(byte: number): number {
  return DECODE[byte & 0xff] as number;
}

/** The μ-law byte of one linear 16-bit sample (clipped to the 16-bit range). */
export function linearToMulaw(sample: number): number {
  const clipped = Math.max(-32768, Math.min(32767, Math.round(sample)));
  return ENCODE[clipped & 0xffff] as number;
}

/** Decodes μ-law bytes to 16-bit little-endian PCM (two bytes per sample). */
export function decodeMulaw(mulaw: Buffer): Buffer {
  const out = Buffer.allocUnsafe(mulaw.length * 2);
  for (let index = 0; index < mulaw.length; index++) out.writeInt16LE(DECODE[mulaw[index] as number] as number, index * 2);
  return out;
}

/** Encodes 16-bit little-endian PCM to μ-law; an odd trailing byte is ignored (half a sample). */
export function encodeMulaw(pcm: Buffer): Buffer {
  const sampleCount = pcm.length >> 1;
  const out = Buffer.allocUnsafe(sampleCount);
  for (let index = 0; index < sampleCount; index++) out[index] = ENCODE[pcm.readUInt16LE(index * 2)] as number;
  return out;
}
