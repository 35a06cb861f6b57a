/**
 * What a call session measures: each agent turn's timings, each barge-in's reaction time, and the
 * replies prepared on early turns with what the unused ones cost (docs/ARCHITECTURE.md, "Rooms").
 */

/** Timings of one agent turn, clock milliseconds. */
export interface TurnMetric {
  readonly turn: number;
  /** The caller's turn ended (final transcript) → the LLM request was started. */
  readonly startMs: number;
  /** The LLM's first sentence → that sentence sent to TTS. */
  readonly toTtsMs: number;
  /** TTS's first audio → the first chunk handed to the carrier. */
  readonly toCarrierMs: number;
  /** The runner's own share: the three above together. */
  readonly overheadMs: number;
  /** Turn end → first chunk to the carrier, provider time included. */
  readonly totalMs: number;
  /**
   * When the turn ended, its first piece was written to the TTS, and its first chunk handed to the
   * carrier (clock ms; a reply prepared early counts from its turn's end).
   */
  readonly turnEndAt: number;
  readonly ttsSentAt: number;
  readonly firstChunkAt: number;
}

/** Timing of one barge-in. */
export interface BargeInMetric {
  /** The STT event that was judged a barge-in → `clear` sent to the carrier. */
  readonly reactionMs: number;
  readonly heardText: string;
}

/** Replies prepared on an early turn, per call: what they were for, and what the unused ones cost. */
export interface SpeculationFigures {
  /** Replies started on an early turn. */
  readonly started: number;
  /** Those the ended turn confirmed and played. */
  readonly used: number;
  /** Those dropped because the caller went on or said something else; their tokens were spent for nothing. */
  readonly wasted: number;
  readonly wastedInputTokens: number;
  readonly wastedOutputTokens: number;
}

/** No reply prepared early (a call that never got that far). */
export const NO_SPECULATION: SpeculationFigures = { started: 0, used: 0, wasted: 0, wastedInputTokens: 0, wastedOutputTokens: 0 };

/** When each step of one reply happened (clock milliseconds): what its turn's timings are read from. */
export interface ReplyTimings {
  turnEndAt: number;
  llmAt: number;
  sentenceAt: number | null;
  ttsAt: number | null;
  audioAt: number | null;
  /** Its turn's timings were reported already. */
  measured: boolean;
}

/**
 * The timings of turn number `turn`, once its reply's first chunk went to the carrier at `at`; null
 * for every later chunk, and while a step has not happened yet.
 */
export function firstChunkMetric(timings: ReplyTimings, at: number, turn: number): TurnMetric | null {
  const { audioAt, sentenceAt, ttsAt } = timings;
  if (timings.measured || audioAt === null || sentenceAt === null || ttsAt === null) return null;
  timings.measured = true;
  const startMs = timings.llmAt - timings.turnEndAt;
  const toTtsMs = ttsAt - sentenceAt;
  const toCarrierMs = at - audioAt;
  return {
    turn,
    startMs,
    toTtsMs,
    toCarrierMs,
    overheadMs: startMs + toTtsMs + toCarrierMs,
    totalMs: at - timings.turnEndAt,
    turnEndAt: timings.turnEndAt,
    ttsSentAt: ttsAt,
    firstChunkAt: at,
  };
}

/**
 * A reply prepared before its turn ended (at `turnEndAt`) counts from that end: the runner's share
 * is what follows it.
 */
export function countFromTurnEnd(timings: ReplyTimings, turnEndAt: number): void {
  timings.turnEndAt = turnEndAt;
  timings.llmAt = Math.max(timings.llmAt, turnEndAt);
  if (timings.sentenceAt !== null) timings.sentenceAt = Math.max(timings.sentenceAt, turnEndAt);
  if (timings.ttsAt !== null) timings.ttsAt = Math.max(timings.ttsAt, turnEndAt);
  if (timings.audioAt !== null) timings.audioAt = Math.max(timings.audioAt, turnEndAt);
}
