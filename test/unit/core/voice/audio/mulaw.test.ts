import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMulaw, encodeMulaw, linearToMulaw, mulawToLinear } from '../../../../../electron/core/voice/audio/mulaw';

describe('μ-law', () => {
  it('decodes the G.711 reference values', () => {
    expect(mulawToLinear(0xff)).toBe(0);
    expect(mulawToLinear(0x7f)).toBe(0);
    expect(mulawToLinear(0x80)).toBe(32124);
    expect(mulawToLinear(0x00)).toBe(-32124);
    expect(mulawToLinear(0xef)).toBe(132);
    expect(mulawToLinear(0xf2)).toBe(104);
    expect(mulawToLinear(0x8f)).toBe(16764);
    expect(mulawToLinear(0x9f)).toBe(8316);
  });

  it('encodes the G.711 reference values', () => {
    expect(linearToMulaw(0)).toBe(0xff);
    expect(linearToMulaw(32767)).toBe(0x80);
    expect(linearToMulaw(-32768)).toBe(0x00);
    expect(linearToMulaw(-1)).toBe(0x7f);
    expect(linearToMulaw(100)).toBe(0xf2);
  });

  it('round-trips every byte through linear and back', () => {
    for (let b = 0; b < 256; b++) {
      const back = linearToMulaw(mulawToLinear(b));
      // 0x7f (negative zero) comes back as 0xff (positive zero); every other byte is exact.
      expect(back).toBe(b === 0x7f ? 0xff : b);
    }
  });

  it('keeps the quantisation error of any sample within one step of its segment', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), (s) => {
        const back = mulawToLinear(linearToMulaw(s));
        const clipped = Math.max(-32635, Math.min(32635, s));
        expect(Math.abs(back - clipped)).toBeLessThanOrEqual(Math.max(8, Math.abs(clipped) / 16));
      }),
    );
  });

  it('converts buffers both ways, ignoring half a sample', () => {
    const pcm = Buffer.alloc(7);
    pcm.writeInt16LE(1000, 0);
    pcm.writeInt16LE(-1000, 2);
    pcm.writeInt16LE(0, 4);
    const mu = encodeMulaw(pcm);
    expect(mu.length).toBe(3);
    const back = decodeMulaw(mu);
    expect(back.length).toBe(6);
    expect(Math.abs(back.readInt16LE(0) - 1000)).toBeLessThan(64);
    expect(Math.abs(back.readInt16LE(2) + 1000)).toBeLessThan(64);
    expect(back.readInt16LE(4)).toBe(0);
  });
});
