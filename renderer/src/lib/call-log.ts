/**
 * A live call as the console follows it: the `event:call` pushes folded into one log per call
 * (its state, the transcript so far, how it ended). Pure, so the live view is driven by events
 * alone and the folding is testable without a window.
 */
import type { CallState } from '../../../shared/calls';
import type { CallEventView } from '../../../shared/voice-runner';

export type { CallState };

/** One line of the transcript; an interim line is replaced by the next words of its speaker. */
export interface TranscriptLine {
  readonly speaker: 'agent' | 'caller';
  readonly text: string;
  readonly final: boolean;
  readonly at: string;
}

/** Everything the console knows about one call from its events. */
export interface CallLog {
  readonly callId: string;
  readonly state: CallState;
  /** When the callee answered (the first `in-progress`), which is where elapsed time starts. */
  readonly answeredAt: string | null;
  readonly lines: readonly TranscriptLine[];
  readonly ended: { readonly at: string; readonly outcome: string | null; readonly reason: string | null } | null;
}

/** A log with nothing in it yet (a call just placed). */
export function emptyLog(callId: string, state: CallState = 'queued'): CallLog {
  return { callId, state, answeredAt: null, lines: [], ended: null };
}

/**
 * Folds one event into a call's log. A transcript line replaces its speaker's pending interim
 * line (speech recognisers resend the growing words until they settle on the final ones);
 * otherwise it is appended. Nothing changes a call once it has ended.
 */
export function applyCallEvent(log: CallLog | undefined, e: CallEventView): CallLog {
  const cur = log ?? emptyLog(e.callId);
  if (cur.ended) return cur;
  switch (e.type) {
    case 'state':
      return { ...cur, state: e.state, answeredAt: cur.answeredAt ?? (e.state === 'in-progress' ? e.at : null) };
    case 'transcript': {
      const line: TranscriptLine = { speaker: e.speaker, text: e.text, final: e.final, at: e.at };
      let pending = -1;
      for (let i = cur.lines.length - 1; i >= 0; i -= 1) {
        const l = cur.lines[i];
        if (l && l.speaker === e.speaker && !l.final) {
          pending = i;
          break;
        }
      }
      const lines = pending < 0 ? [...cur.lines, line] : cur.lines.map((l, i) => (i === pending ? line : l));
      return { ...cur, lines };
    }
    case 'ended':
      // Interim words never settled are dropped: the sealed transcript will not have them either.
      return { ...cur, state: 'ended', lines: cur.lines.filter((l) => l.final), ended: { at: e.at, outcome: e.outcome, reason: e.reason } };
  }
}

/** "m:ss" (or "h:mm:ss") between two instants; never negative. */
export function elapsed(fromIso: string, toMs: number): string {
  const from = Date.parse(fromIso);
  return clockTime(Number.isNaN(from) ? 0 : (toMs - from) / 1000);
}

/** A number of seconds as "m:ss" (or "h:mm:ss"); never negative. */
export function clockTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
