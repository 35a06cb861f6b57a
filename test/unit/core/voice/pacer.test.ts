import { describe, expect, it } from 'vitest';
import { ManualClock, type Clock } from '../../../../electron/core/voice/clock';
import { FrameClock } from '../../../../electron/core/voice/session/frame-clock';
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

describe('Pacer paused and resumed', () => {
  it('sends nothing while paused, keeps what is queued and what arrives, and goes on from the same chunk', () => {
    const { clock, sent, marks, pacer } = setup();
    const audio = Buffer.concat(Array.from({ length: 6 }, (_, i) => Buffer.alloc(160, i + 1)));
    pacer.push(audio);
    pacer.mark('end');
    clock.advance(40); // chunks 1, 2 and 3 went at 0, 20, 40
    pacer.pause();
    expect(pacer.isPaused).toBe(true);
    clock.advance(500);
    pacer.push(Buffer.alloc(160, 9));
    clock.advance(500);
    expect(sent).toHaveLength(3);
    pacer.resume();
    clock.advance(100);
    const media = sent.filter((s) => s.cmd.type === 'media').map((s) => (s.cmd.type === 'media' ? s.cmd.audio[0] : -1));
    // The fourth chunk is the first after the pause; nothing was skipped or sent twice.
    expect(media).toEqual([1, 2, 3, 4, 5, 6, 9]);
    expect(sent[3]?.at).toBe(1040);
    expect(marks.map((m) => m.name)).toEqual(['end']);
  });

  it('clear while paused drops the queue and ends the pause', () => {
    const { clock, sent, pacer } = setup();
    pacer.push(Buffer.alloc(160 * 4, 1));
    pacer.pause();
    pacer.clear();
    expect(pacer.isPaused).toBe(false);
    pacer.push(Buffer.alloc(160, 2));
    clock.advance(0);
    expect(sent.at(-1)?.cmd.type).toBe('media');
  });
});

describe('Pacer on the shared frame clock', () => {
  function shared(calls: number) {
    const clock = new ManualClock();
    clock.advance(7); // the epoch is not at zero
    const frames = new FrameClock(clock, 20);
    const sent = Array.from({ length: calls }, () => [] as { at: number; late: number }[]);
    const pacers = sent.map((log) => new Pacer(clock, 20, 160, () => undefined, { frames, onChunk: (at, late) => log.push({ at, late }) }));
    return { clock, frames, sent, pacers };
  }

  it('drives every call from one timer, each frame on its slot', () => {
    const { clock, frames, sent, pacers } = shared(3);
    clock.advance(5); // t = 12
    for (const p of pacers) p.push(Buffer.alloc(160 * 5, 1));
    expect(clock.pending()).toBe(1);
    expect(frames.size).toBe(3);
    clock.advance(200);
    for (const log of sent) {
      // The first chunk goes at once, the rest on the clock's slots (epoch 7: 27, 47, 67, 87).
      expect(log.map((s) => s.at)).toEqual([12, 27, 47, 67, 87]);
      expect(log.every((s) => s.late === 0)).toBe(true);
    }
    expect(frames.size).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('never leaves the carrier more than one period between chunks of a run', () => {
    const { clock, sent, pacers } = shared(1);
    clock.advance(19); // t = 26, a slot just ahead
    pacers[0]?.push(Buffer.alloc(160 * 3, 1));
    clock.advance(100);
    const at = sent[0]?.map((s) => s.at) ?? [];
    expect(at).toEqual([26, 27, 47]);
    for (let i = 1; i < at.length; i++) expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeLessThanOrEqual(20);
  });

  it('after a late tick sends the missed slots too, and the next tick aims at its own slot', () => {
    const clock = new ManualClock();
    const frames = new FrameClock(clock, 20);
    const log: { at: number; late: number }[] = [];
    const pacer = new Pacer(clock, 20, 160, () => undefined, { frames, onChunk: (at, late) => log.push({ at, late }) });
    pacer.push(Buffer.alloc(160 * 6, 1)); // t = 0: chunk 0 now, then slots 20, 40, 60, 80, 100
    // A stalled loop: the tick due at 20 only runs at 53, with the slot of 40 already past.
    clock.advance(19);
    clock.stall(34);
    clock.advance(0);
    expect(log.map((s) => s.at)).toEqual([0, 53, 53]);
    expect(log.map((s) => s.late)).toEqual([0, 33, 13]);
    clock.advance(100);
    // The next tick aimed at the slot of 60, not at 53 + 20.
    expect(log.map((s) => s.at)).toEqual([0, 53, 53, 60, 80, 100]);
  });

  it('comes back for a slot its tick reached a hair early, even when that tick took a while', () => {
    const inner = new ManualClock();
    // Node can wake a timer a fraction of a millisecond early (whole-millisecond loop time).
    const early: Clock = {
      now: () => inner.now(),
      setTimeout: (fn, ms) => inner.setTimeout(fn, Math.max(0, ms - 0.3)),
      clearTimeout: (h) => inner.clearTimeout(h),
    };
    const frames = new FrameClock(early, 20);
    // Another call's sends take a millisecond of every tick, before this call's turn.
    frames.join({ onTick: () => inner.stall(1) });
    const log: number[] = [];
    const pacer = new Pacer(early, 20, 160, () => undefined, { frames, onChunk: (_at, late) => log.push(late) });
    pacer.push(Buffer.alloc(160 * 50, 1));
    inner.advance(1_100);
    expect(log).toHaveLength(50);
    // Each frame within the millisecond the tick took, never a whole slot (20 ms) behind.
    expect(Math.max(...log)).toBeLessThan(2);
  });

  it('does not drift over 10,000 frames when every tick comes late by a different amount', () => {
    const { clock, sent, pacers } = shared(2);
    for (const p of pacers) p.push(Buffer.alloc(160 * 10_000, 1));
    const steps = [3, 7, 23, 11, 19, 29];
    let i = 0;
    while (clock.now() < 20 * 10_000 + 40) clock.advance(steps[i++ % steps.length] ?? 1);
    for (const log of sent) {
      expect(log).toHaveLength(10_000);
      log.forEach((s, n) => {
        const slot = n === 0 ? 7 : 7 + n * 20;
        expect(s.at).toBeGreaterThanOrEqual(slot);
        expect(s.at - slot).toBeLessThan(30);
      });
    }
  });

  it('stops ticking for a call that is cleared or stopped', () => {
    const { clock, frames, pacers } = shared(2);
    for (const p of pacers) p.push(Buffer.alloc(160 * 50, 1));
    pacers[0]?.clear();
    expect(frames.size).toBe(1);
    pacers[1]?.stop();
    expect(frames.size).toBe(0);
    expect(clock.pending()).toBe(0);
  });
});
