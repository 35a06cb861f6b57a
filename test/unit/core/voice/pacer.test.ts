import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../electron/core/voice/clock';
import { Pacer } from '../../../../electron/core/voice/session/pacer';
import type { CallCommand } from '../../../../electron/core/voice/types';

function setup(encoding: 'mulaw' | 'pcm16' = 'mulaw', chunkBytes = 160) {
  const clock = new ManualClock();
  const sent: { at: number; cmd: CallCommand }[] = [];
  const marks: { name: string; at: number }[] = [];
  const pacer = new Pacer(clock, 20, chunkBytes, (cmd) => sent.push({ at: clock.now(), cmd }), {
    encoding,
    onMark: (name, at) => marks.push({ name, at }),
  });
  return { clock, sent, marks, pacer };
}

describe('Pacer', () => {
  it('sends one chunk per 20 ms however the audio arrived', () => {
    const { clock, sent, pacer } = setup();
    pacer.push(Buffer.alloc(1000, 1)); // 6 whole chunks + 40 bytes held
    expect(sent.map((s) => s.at)).toEqual([0]);
    clock.advance(19);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toHaveLength(2);
    clock.advance(200);
    expect(sent.map((s) => s.at)).toEqual([0, 20, 40, 60, 80, 100]);
    for (const s of sent) expect(s.cmd.type === 'media' && s.cmd.audio.length).toBe(160);
    expect(pacer.queuedMs).toBe(5); // the 40 held bytes
  });

  it('pads the last partial chunk with the silence of the encoding', () => {
    const mu = setup('mulaw');
    mu.pacer.push(Buffer.alloc(200, 7));
    mu.pacer.flush();
    mu.clock.advance(20);
    const last = mu.sent[1]?.cmd;
    expect(last?.type).toBe('media');
    if (last?.type === 'media') {
      expect([...last.audio.subarray(0, 40)].every((b) => b === 7)).toBe(true);
      expect([...last.audio.subarray(40)].every((b) => b === 0xff)).toBe(true);
    }
    const pcm = setup('pcm16', 320);
    pcm.pacer.push(Buffer.alloc(100, 9));
    pcm.pacer.mark('m');
    const only = pcm.sent[0]?.cmd;
    if (only?.type !== 'media') throw new Error('expected media');
    expect(only.audio.length).toBe(320);
    expect([...only.audio.subarray(100)].every((b) => b === 0)).toBe(true);
  });

  it('does not drift over 10,000 frames even when every timer fires late', () => {
    const { clock, sent, pacer } = setup();
    pacer.push(Buffer.alloc(160 * 10_000, 1));
    // Advance in uneven steps (3 ms, 7 ms, 23 ms...) so timers always fire late by varying amounts.
    const steps = [3, 7, 23, 11, 19, 29];
    let i = 0;
    while (clock.now() < 20 * 10_000) clock.advance(steps[i++ % steps.length] ?? 1);
    expect(sent).toHaveLength(10_000);
    // The n-th chunk goes no earlier than its deadline and never more than one step behind it.
    sent.forEach((s, n) => {
      expect(s.at).toBeGreaterThanOrEqual(n * 20);
      expect(s.at - n * 20).toBeLessThan(30);
    });
  });

  it('sends no faster than real time when audio resumes just after a run ended', () => {
    const { clock, sent, pacer } = setup();
    pacer.push(Buffer.alloc(160, 1));
    clock.advance(5);
    pacer.push(Buffer.alloc(160, 1));
    expect(sent).toHaveLength(1);
    clock.advance(15);
    expect(sent.map((s) => s.at)).toEqual([0, 20]);
  });

  it('sends marks in order, right after the audio before them', () => {
    const { clock, sent, marks, pacer } = setup();
    pacer.push(Buffer.alloc(320, 1));
    pacer.mark('s1');
    pacer.push(Buffer.alloc(100, 2));
    pacer.mark('s2');
    clock.advance(100);
    expect(sent.map((s) => s.cmd.type)).toEqual(['media', 'media', 'mark', 'media', 'mark']);
    expect(marks).toEqual([
      { name: 's1', at: 20 },
      { name: 's2', at: 40 },
    ]);
  });

  it('clear drops what is queued, sends the carrier clear, and names the marks never sent', () => {
    const { clock, sent, marks, pacer } = setup();
    pacer.push(Buffer.alloc(160 * 3, 1));
    pacer.mark('a');
    pacer.push(Buffer.alloc(160 * 3, 1));
    pacer.mark('b');
    clock.advance(80); // 4 chunks and mark a
    expect(marks.map((m) => m.name)).toEqual(['a']);
    const dropped = pacer.clear();
    expect(dropped).toEqual(['b']);
    expect(sent.at(-1)?.cmd).toEqual({ type: 'clear' });
    const count = sent.length;
    clock.advance(200);
    expect(sent).toHaveLength(count);
    expect(pacer.idle).toBe(true);
    // Audio after a clear starts at once.
    pacer.push(Buffer.alloc(160, 1));
    expect(sent).toHaveLength(count + 1);
  });
});
