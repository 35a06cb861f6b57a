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
    expect(splitSentences('Dr. Rao said e.g. the rate is 3.5 percent. J. K. Mehta agreed.')).toEqual([
      'Dr. Rao said e.g. the rate is 3.5 percent. ',
      'J. K. Mehta agreed.',
    ]);
    expect(splitSentences('It costs Rs. 499 only.')).toEqual(['It costs Rs. 499 only.']);
  });

  it('keeps closing quotes and brackets with their sentence, and cuts at a newline', () => {
    expect(splitSentences('He said "yes." Then (briefly.) Ok\nNext line')).toEqual([
      'He said "yes." ',
      'Then (briefly.) ',
      'Ok\n',
      'Next line',
    ]);
  });

  it('waits for the next word when the dot may belong to a number, an abbreviation or an initial, so a streamed "3." + "5" is not cut', () => {
    const s = new SentenceSplitter();
    expect(s.push('It is 3.')).toEqual([]);
    expect(s.push('5 now. Then')).toEqual(['It is 3.5 now. ']);
    expect(s.pending).toBe('Then');
    for (const held of ['Ask Dr.', 'Ask J.', 'Bring e.g.', 'Wait...', 'See Rs.']) expect(new SentenceSplitter().push(held)).toEqual([]);
  });

  it('cuts a sentence end the moment the delta that ends it arrives, without waiting for the next word', () => {
    const s = new SentenceSplitter();
    expect(s.push('Thanks, Sam')).toEqual([]);
    expect(s.push('.')).toEqual(['Thanks, Sam.']);
    expect(s.push(' How')).toEqual([]);
    expect(s.push(' is Tuesday?')).toEqual([' How is Tuesday?']);
    expect(s.push(' Well…')).toEqual([' Well…']);
    expect(new SentenceSplitter().push('नमस्ते।')).toEqual(['नमस्ते।']);
    expect(new SentenceSplitter().push('Great!')).toEqual(['Great!']);
  });

  it('sends a closing quote or bracket that arrives after such a cut on its own, with its space', () => {
    const s = new SentenceSplitter();
    expect(s.push('He said "yes.')).toEqual(['He said "yes.']);
    expect(s.push('" Then')).toEqual(['" ']);
    expect(s.push(' more.')).toEqual(['Then more.']);
  });

  it('reads a word cut at its dot together with what follows, so "Ph." + "D. is" is one word, not an initial', () => {
    const s = new SentenceSplitter();
    expect(s.push('She has a Ph.')).toEqual(['She has a Ph.']);
    expect(s.push('D. She')).toEqual(['D. ']);
  });

  it('flushes a long clause at a comma for latency, but not a short one', () => {
    const long = 'We have a few openings on Thursday afternoon and Friday morning, which one suits you better';
    expect(splitSentences(long)).toEqual([
      'We have a few openings on Thursday afternoon and Friday morning, ',
      'which one suits you better',
    ]);
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
      fc.property(
        fc.array(alphabet, { maxLength: 80 }).map((a) => a.join('')),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 10 }),
        (text, sizes) => {
          const pieces = stream(text, sizes, { clauseChars: 10, maxChars: 30 });
          // Whitespace after the last sentence may stay unsent: there is nothing to say in it.
          expect(text.startsWith(pieces.join(''))).toBe(true);
          expect(pieces.join('').trimEnd()).toBe(text.trimEnd());
          expect(pieces.every((p) => p.trim() !== '')).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: the chunking only adds cuts, each right after a sentence end or its closer, never removes one', () => {
    /** Where the pieces were cut, each moved past the whitespace that follows it (where the next word starts). */
    const cuts = (text: string, pieces: string[]): Set<number> => {
      const at = new Set<number>();
      let position = 0;
      for (const piece of pieces.slice(0, -1)) {
        position += piece.length;
        let start = position;
        while (start < text.length && /\s/.test(text[start] ?? '')) start++;
        at.add(start);
      }
      return at;
    };
    const alphabet = fc.constantFrom('a', 'b', 'Dr', '3', '.', ',', ' ', '\n', '!', '?', '।', '"', ')', 'e.g.', 'न', 'J', 'word');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
        (text, sizes) => {
          const whole = cuts(text, stream(text, []));
          const chunked = cuts(text, stream(text, sizes));
          for (const cut of whole) expect(chunked.has(cut)).toBe(true);
          for (const cut of chunked) {
            if (whole.has(cut)) continue;
            let before = cut - 1;
            while (before > 0 && /\s/.test(text[before] ?? '')) before--;
            expect(['.', '!', '?', '।', '॥', '…', '"', ')']).toContain(text[before]);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
