/**
 * Turn-taking: when the caller's turn is over, and when caller speech while the agent talks is a
 * barge-in. Voice activity alone never interrupts the agent: Deepgram's SpeechStarted fires on
 * line noise, a cough or a television, so it only holds off the silence timer. Words interrupt:
 * a transcript (interim or final) with at least one word that is not a backchannel ("mm-hm",
 * "yeah", "okay", "haan", "accha") and a confidence the recogniser stands behind. Backchannels
 * said over the agent are dropped: the caller was listening, not taking the turn.
 * A turn ends on Deepgram's speech_final (its endpointer heard the caller stop) or, when noise
 * keeps the endpointer from firing, on UtteranceEnd (a gap between words). Before that, a result
 * whose last word ends a little before the audio it covers (the caller has gone quiet, and the
 * recogniser already has every word, and punctuated a finished sentence) is an early turn: a reply
 * may be prepared on it, and played only once the turn ends with the same words. A recogniser with
 * its own end-of-turn model (Flux, streams/flux-session.ts) says so itself: an eager transcript.
 */
import type { Transcript } from '../types';

/** Words that acknowledge without taking the turn (English and Hindi, Latin and Devanagari). */
export const BACKCHANNELS: ReadonlySet<string> = new Set([
  'mm',
  'mmm',
  'mhm',
  'mmhm',
  'mmhmm',
  'hm',
  'hmm',
  'uh',
  'uhhuh',
  'um',
  'umm',
  'ah',
  'oh',
  'yeah',
  'yep',
  'yup',
  'ok',
  'okay',
  'right',
  'sure',
  'alright',
  'aha',
  'i',
  'see',
  'haan',
  'han',
  'haa',
  'ha',
  'ji',
  'accha',
  'acha',
  'achha',
  'theek',
  'thik',
  'hai',
  'हाँ',
  'हां',
  'हा',
  'जी',
  'अच्छा',
  'ठीक',
  'है',
  'हम्म',
  'हम',
]);

/** A finished sentence's last mark, closing quotes and brackets allowed after it. */
const SENTENCE_END = /[.?!।…]["'”’)\]]*$/u;

/** What a transcript event means for the conversation. */
export type TurnSignal =
  /** The caller started talking over the agent with real words. */
  | { readonly kind: 'barge-in'; readonly text: string }
  /** The caller finished a turn; `text` is all of it. */
  | { readonly kind: 'turn-end'; readonly text: string }
  /** The caller has probably finished (every word heard, and quiet since): `text` is the turn so far. */
  | { readonly kind: 'early'; readonly text: string }
  | null;

/** Options of the detector. */
export interface TurnTakingOptions {
  /** Transcripts below this confidence never interrupt (default 0.5). */
  readonly minConfidence?: number;
  /** Seconds of quiet after the last word that make a result an early turn (default 0.08). */
  readonly earlyQuietS?: number;
}

/** Whether `part`'s words begin `whole`'s, ignoring case and punctuation ("tuesday" within "Tuesday, please."). */
export function wordsWithin(part: string, whole: string): boolean {
  const words = wordsOf(part);
  const of = wordsOf(whole);
  return words.length <= of.length && words.every((word, index) => word === of[index]);
}

/** Whether words match, ignoring case, punctuation and spacing ("Tuesday, please." = "tuesday please"). */
export function sameWords(first: string, second: string): boolean {
  return wordsOf(first).join(' ') === wordsOf(second).join(' ');
}

/** The words of a transcript, lower case, without punctuation (hyphens joined: "mm-hm" → "mmhm"). */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[-‐]/g, '')
    .split(/[^\p{L}\p{M}\p{N}']+/u)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

/** Whether every word of the text is a backchannel (an empty text is not one). */
export function isBackchannel(text: string): boolean {
  const words = wordsOf(text);
  return words.length > 0 && words.every((w) => BACKCHANNELS.has(w));
}

/** Per-call turn state, fed every STT event. */
export class TurnTaker {
  private finals: string[] = [];
  private interim = '';
  private speaking = false;
  private readonly minConfidence: number;
  private readonly earlyQuietS: number;

  constructor(opts: TurnTakingOptions = {}) {
    this.minConfidence = opts.minConfidence ?? 0.5;
    this.earlyQuietS = opts.earlyQuietS ?? 0.08;
  }

  /** The agent started or stopped speaking (audio is with the carrier). */
  setAgentSpeaking(on: boolean): void {
    this.speaking = on;
  }

  /** Whether the agent is speaking. */
  get agentSpeaking(): boolean {
    return this.speaking;
  }

  /** What the caller has said so far in this turn, interim words included (for a live view). */
  get partial(): string {
    return [...this.finals, this.interim].filter(Boolean).join(' ');
  }

  /** One transcript update. */
  onTranscript(transcript: Transcript): TurnSignal {
    const text = transcript.text.trim();
    if (this.speaking) {
      if (text === '' || isBackchannel(text) || transcript.confidence < this.minConfidence) {
        // Listening noises over the agent are not part of the caller's turn.
        if (transcript.isFinal) this.interim = '';
        return null;
      }
      this.keep(transcript, text);
      return { kind: 'barge-in', text };
    }
    if (text !== '') this.keep(transcript, text);
    else if (transcript.isFinal) this.interim = '';
    if (transcript.speechFinal && this.finals.length > 0) return { kind: 'turn-end', text: this.take() };
    // Early: quiet after the last word, and the recogniser punctuated a finished sentence (not "Yes, I").
    const quiet = transcript.lastWordEnd === undefined ? 0 : transcript.start + transcript.duration - transcript.lastWordEnd;
    const sofar = this.partial.replace(/\s+/g, ' ').trim();
    // The recogniser's own end-of-turn model said it (Flux): its word is enough.
    if (transcript.eager && sofar !== '') return { kind: 'early', text: sofar };
    if (text !== '' && quiet >= this.earlyQuietS && transcript.confidence >= this.minConfidence && SENTENCE_END.test(sofar))
      return { kind: 'early', text: sofar };
    return null;
  }

  /** Deepgram's UtteranceEnd: a word gap long enough to end the turn when the endpointer did not. */
  onUtteranceEnd(): TurnSignal {
    if (this.speaking || this.finals.length === 0) return null;
    return { kind: 'turn-end', text: this.take() };
  }

  /** Empties the turn and returns its text. */
  take(): string {
    const text = this.finals.join(' ').replace(/\s+/g, ' ').trim();
    this.finals = [];
    this.interim = '';
    return text;
  }

  private keep(transcript: Transcript, text: string): void {
    if (transcript.isFinal) {
      this.finals.push(text);
      this.interim = '';
    } else this.interim = text;
  }
}
