/**
 * Cuts streamed LLM text into speakable pieces for TTS as early as it safely can: after a sentence
 * end (. ! ? … and the Hindi danda ।), after a newline, or, for a long clause, at a comma, so the
 * first audio starts before the model finishes its reply. Inside the text, a cut happens where
 * whitespace meets the next word, which is what tells "3.5", "Dr. Rao" and "e.g. this" from a real
 * full stop. At the end of what has arrived, a sentence end is cut at once, when the delta that ends
 * it arrives, unless the word before it can still be an abbreviation, an initial or a number ("Dr.",
 * "J.", "e.g.", "3." wait for the next word): waiting for the next delta would cost a token's time on
 * every first sentence. A closing quote or bracket that arrives after such a cut goes out on its own,
 * at once. Every character goes out exactly once, in order: the pieces concatenate back to the input.
 */

/** Words whose trailing dot is not a sentence end (lower case, without the dot). */
const ABBREVIATIONS = new Set([
  'dr',
  'mr',
  'mrs',
  'ms',
  'prof',
  'st',
  'sr',
  'jr',
  'vs',
  'no',
  'approx',
  'dept',
  'inc',
  'ltd',
  'co',
  'mt',
  'rs',
  'shri',
  'smt',
  'ft',
  'min',
  'max',
]);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»']);
const ENDERS = new Set(['!', '?', '।', '॥', '…']);
const CLAUSE = new Set([',', ';', ':', '—', '–']);
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** Where long replies get cut early. */
export interface SplitterOptions {
  /** A clause at least this long is cut at its comma (default 60 characters). */
  readonly clauseChars?: number;
  /** With no punctuation at all, cut at a space once this long (default 180 characters). */
  readonly maxChars?: number;
}

/**
 * Whether the text ends a sentence at index `end` (the last character before some whitespace or,
 * with `atEnd`, the last character that has arrived, where a number's dot may still be a decimal
 * point and a dot after a dot the start of "...").
 */
function endsSentence(text: string, end: number, atEnd = false): boolean {
  let last = end;
  while (last > 0 && CLOSERS.has(text[last] ?? '')) last--;
  const mark = text[last] ?? '';
  if (ENDERS.has(mark)) return true;
  if (mark !== '.') return false;
  let start = last;
  while (start > 0 && !isSpace(text[start - 1])) start--;
  const word = text.slice(start, last).replace(/^[("'“‘[]+/, '');
  if (word === '' || word.endsWith('.')) return word.length > 1 && !atEnd; // "..." ends; a lone dot does not
  if (/^\p{L}$/u.test(word)) return false; // an initial: "J. Rao"
  if (/^\p{L}(\.\p{L})+$/u.test(word)) return false; // "e.g", "i.e", "U.S"
  if (atEnd && /\p{N}$/u.test(word)) return false; // "3." may be "3.5"
  return !ABBREVIATIONS.has(word.toLowerCase());
}

/** Whether the text holds anything to say (a letter or a digit), not only punctuation and space. */
const speakable = (text: string): boolean => /[\p{L}\p{N}]/u.test(text);

/** A streaming splitter: push deltas, take pieces; flush at the end of the reply. */
export class SentenceSplitter {
  private buffer = '';
  /**
   * The end of the text already sent, from the start of its last word, when that word is not yet
   * over: after "Ph." went out at once, "D. is" is read as "Ph.D. is" to decide where sentences end.
   */
  private carry = '';
  /** The last piece was cut at a sentence end as it arrived: closers and space may still follow it. */
  private cutAtEnd = false;
  private readonly clauseChars: number;
  private readonly maxChars: number;

  constructor(opts: SplitterOptions = {}) {
    this.clauseChars = opts.clauseChars ?? 60;
    this.maxChars = opts.maxChars ?? 180;
  }

  /** Adds a delta; returns every piece now complete (often none). */
  push(delta: string): string[] {
    this.buffer += delta;
    const out: string[] = [];
    for (let cut = this.findCut(); cut > 0; cut = this.findCut()) out.push(this.take(cut));
    // Nothing more to cut inside: a sentence that ends exactly here goes out now.
    const text = this.carry + this.buffer;
    if (speakable(this.buffer) && endsSentence(text, text.length - 1, true)) {
      out.push(this.take(this.buffer.length));
      this.cutAtEnd = true;
    } else if (speakable(this.buffer)) {
      this.cutAtEnd = false;
    }
    return out;
  }

  /** Returns what is left (nothing when only whitespace is left) and empties the splitter. */
  flush(): string[] {
    const rest = this.buffer;
    this.buffer = '';
    this.carry = '';
    this.cutAtEnd = false;
    return rest.trim() === '' ? [] : [rest];
  }

  /** Text pushed but not yet returned. */
  get pending(): string {
    return this.buffer;
  }

  /** Sends the buffer's first `length` characters, remembering the word they end in. */
  private take(length: number): string {
    const piece = this.buffer.slice(0, length);
    this.buffer = this.buffer.slice(length);
    const sent = this.carry + piece;
    let wordStart = sent.length;
    while (wordStart > 0 && !isSpace(sent[wordStart - 1])) wordStart--;
    this.carry = sent.slice(wordStart);
    return piece;
  }

  private findCut(): number {
    const buffer = this.buffer;
    const text = this.carry + buffer;
    const offset = this.carry.length;
    for (let index = 1; index < buffer.length; index++) {
      if (isSpace(buffer[index]) || !isSpace(buffer[index - 1])) continue;
      // buffer[i] starts a word after a whitespace run; last is the last character before that run.
      let last = index - 1;
      let newline = false;
      for (; last >= 0 && isSpace(buffer[last]); last--) if (buffer[last] === '\n') newline = true;
      // Only whitespace before it: it goes out with the next word, never as a piece of its own.
      if (last < 0) continue;
      // The closers of a sentence already cut as it arrived (its quote, its bracket) go out with their space.
      if (this.cutAtEnd && [...buffer.slice(0, last + 1)].every((mark) => CLOSERS.has(mark))) {
        this.cutAtEnd = false;
        return index;
      }
      if (newline || endsSentence(text, last + offset)) return index;
      if (CLAUSE.has(buffer[last] ?? '') && last + 1 >= this.clauseChars) return index;
      // No punctuation for a long stretch: cut at the first word boundary past the cap.
      if (index >= this.maxChars) return index;
    }
    return -1;
  }
}

/** Splits a whole text at once (greetings, tests). */
export function splitSentences(text: string, opts?: SplitterOptions): string[] {
  const splitter = new SentenceSplitter(opts);
  return [...splitter.push(text), ...splitter.flush()];
}
