/**
 * What a call session takes and what it reports: its options, the transcript lines it tells as
 * they happen, and how it ended (call-session.ts).
 */
import type { Clock } from '../clock';
import type { CallOutcome, LinePacing, LlmHandlers, LlmReply, Turn } from '../types';
import type { FrameClock } from './frame-clock';
import type { BargeInMetric, SpeculationFigures, TurnMetric } from './metrics';

/** What the session needs of the agent. */
export interface SessionAgent {
  readonly greeting: string;
  readonly language: 'en' | 'hi';
}

/** How a session runs. */
export interface SessionOptions {
  readonly clock: Clock;
  readonly agent: SessionAgent;
  readonly codec: LinePacing;
  /** Starts one streamed reply to the history (claudeReply bound to the agent and key). */
  readonly reply: (history: readonly Turn[], handlers: LlmHandlers) => LlmReply;
  /** Ends the call at the carrier (REST hang-up); errors are the runner's to log. */
  readonly hangup: () => Promise<void>;
  /** Milliseconds of caller silence before the agent checks the line (default 8 s); twice ends the call. */
  readonly silenceMs?: number;
  /** The longest a call may last (default 10 min); the agent then says goodbye. */
  readonly maxCallMs?: number;
  readonly onLine?: (line: SessionLine) => void;
  readonly onTurn?: (metric: TurnMetric) => void;
  readonly onBargeIn?: (metric: BargeInMetric) => void;
  /** Each outbound chunk handed to the carrier, with how late it went against its 20 ms deadline. */
  readonly onFrame?: (lateMs: number) => void;
  /** The runner's shared 20 ms tick; without it the call's pacer keeps its own timer. */
  readonly frames?: FrameClock;
  /**
   * Prepare a reply on an early turn (the recogniser has every word and the caller went quiet) and
   * play it once the turn ends with the same words (default true).
   */
  readonly speculate?: boolean;
  /**
   * How long the agent's audio stays paused when the caller starts making sound over it without
   * words yet (default 1000 ms): words in that time are a barge-in; none, and it goes on where it
   * stopped.
   */
  readonly pauseWindowMs?: number;
  /**
   * How long after a key press the caller's keys are taken as one turn (default 1000 ms): "1", "2",
   * "3" pressed in a row reach the agent as one line "[pressed 1 2 3]", not three turns.
   */
  readonly keyGapMs?: number;
  /**
   * Tools the agent runs without a hold line (keys for a phone menu): a reply calling only these
   * says nothing extra.
   */
  readonly quietTools?: (name: string) => boolean;
}

/** A transcript line as it happens. */
export interface SessionLine {
  readonly speaker: 'agent' | 'caller';
  readonly text: string;
  readonly final: boolean;
  /** An agent line the caller talked over: `text` is what was heard. */
  readonly interrupted: boolean;
}

/** How the session ended. */
export interface SessionEnd {
  readonly outcome: CallOutcome;
  readonly reason: string;
  readonly answered: boolean;
  /** Milliseconds from answer to the end (0 when never answered). */
  readonly talkMs: number;
  readonly history: readonly Turn[];
  readonly llm: { inputTokens: number; outputTokens: number; cacheReadTokens: number };
  readonly turns: number;
  readonly speculation: SpeculationFigures;
}

/** An action waiting for the agent's reply to finish playing (afterReply). */
export interface AfterReply {
  readonly run: () => void;
  /** The reply never finished: the caller cut it off, or the call ended. */
  readonly dropped: () => void;
}
