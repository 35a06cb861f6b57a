import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SentenceSplitter, splitSentences } from '../../../../../electron/core/voice/streams/sentences';

/** Feeds `text` in the given chunk sizes and returns every piece, flush included. */
function stream(text: string, sizes: number[], opts?: ConstructorParameters<typeof SentenceSplitter>[0]): string[] {
  const s = new SentenceSplitter(opts);
  const out: string[] = [];
  let i = 0;
  for (let k = 0; i < text.length; k++) {
    const n = Math.max(1, sizes.length ? (sizes[k % sizes.length] ?? 1) : text.length);
    out.push(...s.push(text.slice(i, i + n)));
    i += n;
  }
  return [...out, ...s.flush()];
}

const trimmed = (pieces: string[]): string[] => pieces.map((p) => p.trim());

describe('sentence splitter', () => {
  it('cuts after . ! ? and the danda, keeping the space with the sentence', () => {
    expect(splitSentences('Hello there. How are you? Great! Bye.')).toEqual(['Hello there. ', 'How are you? ', 'Great! ', 'Bye.']);
    expect(trimmed(splitSentences('नमस्ते। आप कैसे हैं? ठीक है।'))).toEqual(['नमस्ते।', 'आप कैसे हैं?', 'ठीक है।']);
  });

  it('does not cut at abbreviations, initials, e.g. or decimals', () => {
    expect(splitSentences('Dr. Rao said e.g. the rate is 3.5 percent. J. K. Mehta agreed.')).toEqual(['Dr. Rao said e.g. the rate is 3.5 percent. ', 'J. K. Mehta agreed.']);
    expect(splitSentences('It costs Rs. 499 only.')).toEqual(['It costs Rs. 499 only.']);
  });

  it('keeps closing quotes and brackets with their sentence, and cuts at a newline', () => {
    expect(splitSentences('He said "yes." Then (briefly.) Ok\nNext line')).toEqual(['He said "yes." ', 'Then (briefly.) ', 'Ok\n', 'Next line']);
  });

  it('waits for the next word before deciding, so a streamed "3." + "5" is not cut', () => {
    const s = new SentenceSplitter();
    expect(s.push('It is 3.')).toEqual([]);
    expect(s.push('5 now. Then')).toEqual(['It is 3.5 now. ']);
    expect(s.pending).toBe('Then');
  });

  it('flushes a long clause at a comma for latency, but not a short one', () => {
    const long = 'We have a few openings on Thursday afternoon and Friday morning, which one suits you better';
    expect(splitSentences(long)).toEqual(['We have a few openings on Thursday afternoon and Friday morning, ', 'which one suits you better']);
    expect(splitSentences('Yes, sure, go on')).toEqual(['Yes, sure, go on']);
  });

  it('cuts a long run without punctuation at a space', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitSentences(words, { maxChars: 50 });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length <= 60)).toBe(true);
  });

  it('property: pieces concatenate back to the input, whatever the chunking', () => {
    const alphabet = fc.constantFrom('a', 'b', 'Dr', '3', '.', ',', ' ', '\n', '!', '?', '।', '"', 'e.g.', 'न', 'J');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }).map((a) => a.join('')), fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 10 }), (text, sizes) => {
        const pieces = stream(text, sizes, { clauseChars: 10, maxChars: 30 });
        expect(pieces.join('')).toBe(text.trim() === '' ? '' : text);
        expect(pieces.every((p) => p.trim() !== '')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: the chunking does not change the pieces', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }), (text, sizes) => {
        expect(stream(text, sizes)).toEqual(stream(text, []));
      }),
      { numRuns: 500 },
    );
  });
});
