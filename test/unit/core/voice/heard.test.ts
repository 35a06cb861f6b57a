import { describe, expect, it } from 'vitest';
import { HeardTracker, wholeWords } from '../../../../electron/core/voice/session/heard';

describe('what the caller heard', () => {
  it('cuts text back to whole words', () => {
    expect(wholeWords('We have openings on Monday.', 8)).toBe('We have');
    expect(wholeWords('We have openings on Monday.', 7)).toBe('We have');
    expect(wholeWords('We have openings on Monday.', 6)).toBe('We');
    expect(wholeWords('We have', 1)).toBe('');
    expect(wholeWords('We have', 99)).toBe('We have');
  });

  it('counts only marks that came back before a clear, and maps the played share onto the text', () => {
    const h = new HeardTracker('u2', 8);
    h.addText('Monday and Tuesday mornings are open. ');
    h.addAudio(8000);
    h.addText('Thursday has late slots.');
    h.addAudio(8000);
    h.done();
    const a = h.markAt(4000);
    const b = h.markAt(8000);
    const end = h.markAt(16000);
    expect(h.markAt(8000)).toBeNull();
    expect(h.marked(a ?? '')).toBe(false);
    expect(h.heard()).toMatchObject({ complete: false, playedMs: 500 });
    expect(h.marked(b ?? '')).toBe(false);
    const half = h.heard();
    expect('Monday and Tuesday mornings are open. Thursday has late slots.'.startsWith(half.text)).toBe(true);
    expect(half.text).toBe('Monday and Tuesday mornings are');
    h.clear();
    // Twilio returns every pending mark on clear: that is not proof the audio played.
    expect(h.marked(end ?? '')).toBe(false);
    expect(h.heard().text).toBe(half.text);
  });

  it('reports all played once the last mark returns after synthesis finished', () => {
    const h = new HeardTracker('u1', 8);
    h.addText('Hello there.');
    h.addAudio(1600);
    const last = h.markAt(1600);
    expect(h.marked(last ?? '')).toBe(false);
    h.done();
    expect(h.marked(last ?? '')).toBe(true);
    expect(h.heard()).toEqual({ text: 'Hello there.', complete: true, playedMs: 200 });
  });

  it('uses the speaking rate when synthesis is unfinished, and ignores marks of other utterances', () => {
    const h = new HeardTracker('u3', 8, () => 50);
    h.addText('One two three four five six seven eight');
    h.addAudio(4000);
    const m = h.markAt(3200);
    expect(h.owns('u30.8')).toBe(false);
    expect(h.marked('u4.9999')).toBe(false);
    h.marked(m ?? '');
    // 400 ms at 50 ms a character: 8 characters, "One two".
    expect(h.heard().text).toBe('One two');
  });
});
