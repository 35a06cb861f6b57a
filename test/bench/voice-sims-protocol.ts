/**
 * What the voice benches and their simulators' process (voice-sims-child.ts) say to each other,
 * apart from the child itself: importing the child would start its simulators in the runner's process.
 */

/** Latencies of the simulated providers (ms). */
export interface Latencies {
  /** Added before every Deepgram message. */
  readonly deepgramMs: number;
  readonly claudeFirstTokenMs: number;
  readonly claudeTokenMs: number;
  readonly cartesiaFirstChunkMs: number;
}

/** The voice bench's usual latencies. */
export const LATENCY: Latencies = { deepgramMs: 50, claudeFirstTokenMs: 350, claudeTokenMs: 15, cartesiaFirstChunkMs: 90 };

/**
 * What each callee does: `barge` (greeting, a question, a long reply it barges into with its
 * goodbye) or `pause` (after the greeting, one request said in two parts with a pause between them
 * shorter than endpointing, which the agent answers and ends the call on).
 */
/** barge: two turns, the second over the agent; pause: one turn said in two parts, split inside a sentence; pause-sentence: split after a finished sentence. */
export type CalleeScript = 'barge' | 'pause' | 'pause-sentence';

/** The system prompt of call `index`'s agent carries this, so the simulators know which call a request is for. */
export const lineMark = (index: number): string => `[bench line ${index}]`;

/** Parent → child. */
export type ToChild =
  | {
      readonly type: 'setup';
      readonly calls: number;
      readonly latency: Latencies;
      readonly script: CalleeScript;
      readonly pausedMs?: number;
      readonly limitsScale?: number;
    }
  | { readonly type: 'answer'; readonly to: string; readonly index: number }
  /** For the offset between the two processes' clocks (absolute ms: performance.timeOrigin + performance.now()). */
  | { readonly type: 'ping'; readonly at: number }
  /** Start (or stop) writing a bare timestamped message every 50 ms: how late the runner's process reads a write it did nothing to earn. */
  | { readonly type: 'beacon'; readonly on: boolean }
  | { readonly type: 'close' };

/**
 * One reply as its providers emitted it, on the simulators' absolute clock (performance.timeOrigin +
 * performance.now(), ms): when the LLM simulator wrote the token completing the reply's first
 * speakable piece, and when the TTS simulator wrote that piece's first audio. With the runner's own
 * write times of the same reply (to the TTS, to the carrier) they give the runner's share from wire
 * to wire, where no wait of either process to read a socket counts against the other.
 */
export interface ReplyEmission {
  readonly turn: number;
  readonly tokenAt: number;
  readonly audioAt: number;
}

/** What the callee of one call measured (child clock, milliseconds). */
export interface CallReport {
  readonly to: string;
  /** The caller's voice ends → first agent frame after it, per turn. */
  readonly v2v: number[];
  /**
   * The runner's own share per turn, timed on the simulators' side: the LLM simulator wrote the
   * token that completes the reply's first speakable piece → the first agent frame at the carrier,
   * minus the TTS simulator's own first-audio time (request in → first audio out).
   */
  readonly share: number[];
  /** Per reply the runner played, its providers' emission times (absolute clock). */
  readonly emissions: ReplyEmission[];
  /** The caller starts sending speech over the agent → the last agent frame before the gap or `clear`. */
  readonly barge: number[];
  /** |gap − 20 ms| between consecutive agent frames within one run of speech. */
  readonly jitter: number[];
  readonly frames: number;
  readonly error: string | null;
}

/** Child → parent. */
export type FromChild =
  | {
      readonly type: 'ready';
      readonly env: Record<string, string>;
      readonly fields: Record<string, Record<string, string>>;
      readonly firstPieceTokens: number;
    }
  | ({ readonly type: 'call' } & CallReport)
  | { readonly type: 'started' }
  | { readonly type: 'pong'; readonly at: number; readonly childAt: number }
  | { readonly type: 'beacon'; readonly at: number }
  | { readonly type: 'closed'; readonly cpuMs: number };
