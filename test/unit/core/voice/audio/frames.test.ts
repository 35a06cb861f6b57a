import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dbfs, FrameChunker, rms, silenceByte } from '../../../../../electron/core/voice/audio/frames';
import { encodeMulaw } from '../../../../../electron/core/voice/audio/mulaw';

function tone(samples: number, amplitude: number): Buffer {
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / 8000)), i * 2);
  return pcm;
}

describe('FrameChunker', () => {
  it('cuts pushed bytes into whole frames and carries the remainder over', () => {
    const c = new FrameChunker(160);
    expect(c.push(Buffer.alloc(100, 1))).toEqual([]);
    expect(c.pending).toBe(100);
    const frames = c.push(Buffer.alloc(300, 2));
    expect(frames.map((f) => f.length)).toEqual([160, 160]);
    expect(frames[0]?.subarray(0, 100).every((b) => b === 1)).toBe(true);
    expect(frames[0]?.subarray(100).every((b) => b === 2)).toBe(true);
    expect(c.pending).toBe(80);
  });

  it('loses and reorders no byte, whatever the push sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 700 }), { maxLength: 20 }), fc.integer({ min: 1, max: 400 }), (pushes, size) => {
        const c = new FrameChunker(size);
        const out: Buffer[] = [];
        for (const p of pushes) out.push(...c.push(Buffer.from(p)));
        const all = Buffer.concat(pushes.map((p) => Buffer.from(p)));
        expect(out.every((f) => f.length === size)).toBe(true);
        expect(Buffer.concat(out)).toEqual(all.subarray(0, all.length - c.pending));
      }),
    );
  });

  it('pads the remainder with silence on flush and drops it on reset', () => {
    const c = new FrameChunker(4);
    c.push(Buffer.from([1, 2, 3, 4, 5]));
    expect(c.flush(0xff)).toEqual(Buffer.from([5, 0xff, 0xff, 0xff]));
    expect(c.flush(0xff)).toBeNull();
    c.push(Buffer.from([9]));
    c.reset();
    expect(c.pending).toBe(0);
  });

  it('refuses a frame size that is not a positive whole number', () => {
    expect(() => new FrameChunker(0)).toThrow(RangeError);
    expect(() => new FrameChunker(1.5)).toThrow(RangeError);
  });
});

describe('rms', () => {
  it('is zero for silence in both encodings', () => {
    expect(rms(Buffer.alloc(160, silenceByte('mulaw')), 'mulaw')).toBe(0);
    expect(rms(Buffer.alloc(320, silenceByte('pcm16')), 'pcm16')).toBe(0);
    expect(dbfs(Buffer.alloc(320), 'pcm16')).toBe(-Infinity);
  });

  it('measures a sine at amplitude/√2 in PCM and nearly the same through μ-law', () => {
    const pcm = tone(160, 16384);
    const expected = 16384 / Math.SQRT2 / 32768;
    expect(rms(pcm, 'pcm16')).toBeCloseTo(expected, 2);
    expect(rms(encodeMulaw(pcm), 'mulaw')).toBeCloseTo(expected, 1);
    expect(dbfs(pcm, 'pcm16')).toBeCloseTo(20 * Math.log10(expected), 1);
  });

  it('tells a quiet hiss from speech-level audio', () => {
    expect(dbfs(encodeMulaw(tone(160, 100)), 'mulaw')).toBeLessThan(-45);
    expect(dbfs(encodeMulaw(tone(160, 8000)), 'mulaw')).toBeGreaterThan(-20);
  });

  it('is zero for an empty frame', () => {
    expect(rms(Buffer.alloc(0), 'mulaw')).toBe(0);
  });
});
