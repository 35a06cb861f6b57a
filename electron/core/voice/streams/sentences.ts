/**
 * Cuts streamed LLM text into speakable pieces for TTS as early as it safely can: after a sentence
 * end (. ! ? … and the Hindi danda ।), after a newline, or, for a long clause, at a comma, so the
 * first audio starts before the model finishes its reply. A cut happens only where whitespace meets
 * the next word, which is what tells "3.5", "Dr. Rao" and "e.g. this" from a real full stop.
 * Every character goes out exactly once, in order: the pieces concatenate back to the input.
 */

/** Words whose trailing dot is not a sentence end (lower case, without the dot). */
const ABBREVIATIONS = new Set(['dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'sr', 'jr', 'vs', 'no', 'approx', 'dept', 'inc', 'ltd', 'co', 'mt', 'rs', 'shri', 'smt', 'ft', 'min', 'max']);
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

/** Whether the text ends a sentence at index `j` (the last character before some whitespace). */
function endsSentence(text: string, j: number): boolean {
  let k = j;
  while (k > 0 && CLOSERS.has(text[k] ?? '')) k--;
  const c = text[k] ?? '';
  if (ENDERS.has(c)) return true;
  if (c !== '.') return false;
  let w = k;
  while (w > 0 && !isSpace(text[w - 1])) w--;
  const word = text.slice(w, k).replace(/^[("'“‘[]+/, '');
  if (word === '' || word.endsWith('.')) return word.length > 1; // "..." ends; a lone dot does not
  if (/^\p{L}$/u.test(word)) return false; // an initial: "J. Rao"
  if (/^\p{L}(\.\p{L})+$/u.test(word)) return false; // "e.g", "i.e", "U.S"
  return !ABBREVIATIONS.has(word.toLowerCase());
}

/** A streaming splitter: push deltas, take pieces; flush at the end of the reply. */
export class SentenceSplitter {
  private buffer = '';
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
    for (let cut = this.findCut(); cut > 0; cut = this.findCut()) {
      out.push(this.buffer.slice(0, cut));
      this.buffer = this.buffer.slice(cut);
    }
    return out;
  }

  /** Returns what is left (nothing when only whitespace is left) and empties the splitter. */
  flush(): string[] {
    const rest = this.buffer;
    this.buffer = '';
    return rest.trim() === '' ? [] : [rest];
  }

  /** Text pushed but not yet returned. */
  get pending(): string {
    return this.buffer;
  }

  private findCut(): number {
    const b = this.buffer;
    for (let i = 1; i < b.length; i++) {
      if (isSpace(b[i]) || !isSpace(b[i - 1])) continue;
      // b[i] starts a word after a whitespace run; j is the last character before that run.
      let j = i - 1;
      let newline = false;
      for (; j >= 0 && isSpace(b[j]); j--) if (b[j] === '\n') newline = true;
      if (j < 0) continue;
      if (newline || endsSentence(b, j)) return i;
      if (CLAUSE.has(b[j] ?? '') && j + 1 >= this.clauseChars) return i;
      // No punctuation for a long stretch: cut at the first word boundary past the cap.
      if (i >= this.maxChars) return i;
    }
    return -1;
  }
}

/** Splits a whole text at once (greetings, tests). */
export function splitSentences(text: string, opts?: SplitterOptions): string[] {
  const s = new SentenceSplitter(opts);
  return [...s.push(text), ...s.flush()];
}
