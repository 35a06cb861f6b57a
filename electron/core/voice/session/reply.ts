/**
 * One agent reply: the record of a caller-to-agent exchange in flight, and Claude's streamed answer
 * cut into sentences for the reply's one TTS context, with a filler line while its tools run.
 */
import type { AppError } from '../../../../shared/errors';
import type { Clock } from '../clock';
import { SentenceSplitter } from '../streams/sentences';
import type { CallClose, LlmReply, LlmResult, ToolExchange, Turn } from '../types';
import type { ReplyTimings } from './metrics';
import { closingLines } from './phrases';
import type { AfterReply, SessionOptions } from './session-types';
import type { Utterance } from './utterance';

/** One caller-to-agent exchange in flight. */
export interface Reply extends ReplyTimings {
  readonly utterance: Utterance;
  llm: LlmReply | null;
  close: CallClose | null;
  /** Prepared on an early turn for these words, and not yet confirmed: its audio is held. */
  speculative: string | null;
  /** Dropped before it was confirmed: its tokens count as wasted. */
  abandoned: boolean;
  /** What the request cost, once it finished. */
  spent: { readonly inputTokens: number; readonly outputTokens: number } | null;
  /**
   * Resolves once the reply may run tools: at once for a confirmed turn; on confirm (or drop) for
   * one prepared early.
   */
  readonly toolsMayRun: Promise<void>;
  /** The rounds of tools this reply ran, kept with its turn in the history. */
  readonly tools: ToolExchange[];
  readonly letToolsRun: () => void;
  /** What happens once this reply has played (a cold transfer), or is dropped if the caller cuts it off. */
  after: AfterReply | null;
}

/** A reply to the turn that ended at `turnEndAt`, or, with `early`, prepared for those words. */
export function openReply(utterance: Utterance, turnEndAt: number, early: string | null): Reply {
  let letToolsRun = (): void => undefined;
  const toolsMayRun = early === null ? Promise.resolve() : new Promise<void>((resolve) => (letToolsRun = resolve));
  return {
    utterance,
    llm: null,
    close: null,
    turnEndAt,
    speculative: early,
    abandoned: false,
    spent: null,
    llmAt: 0,
    sentenceAt: null,
    ttsAt: null,
    audioAt: null,
    measured: false,
    toolsMayRun,
    letToolsRun: () => letToolsRun(),
    tools: [],
    after: null,
  };
}

/** What a streaming reply needs of the session around it. */
export interface ReplyStream {
  readonly clock: Clock;
  readonly options: Pick<SessionOptions, 'reply' | 'quietTools' | 'agent'>;
  /** Whether the reply is still wanted: one dropped or replaced sends nothing more to its utterance. */
  readonly live: () => boolean;
  readonly failed: (error: AppError) => void;
  /** The request finished (or was aborted): what it cost. */
  readonly spent: (result: LlmResult) => void;
}

/** Asks Claude for the reply to `history` and sends its text to the reply's utterance sentence by sentence. */
export function streamReply(reply: Reply, history: readonly Turn[], stream: ReplyStream): void {
  const { clock, options, live } = stream;
  const splitter = new SentenceSplitter();
  const send = (pieces: string[], last: boolean): void => {
    for (const [index, piece] of pieces.entries()) {
      if (reply.sentenceAt === null) reply.sentenceAt = clock.now();
      reply.utterance.push(piece, last && index === pieces.length - 1);
      if (reply.ttsAt === null) reply.ttsAt = clock.now();
    }
    if (last && pieces.length === 0) reply.utterance.push('', true);
  };
  let afterTool = false;
  let saidAny = false;
  reply.llm = options.reply(history, {
    onText: (delta) => {
      // The model's text after a tool starts a new block, with no space before it.
      const text = afterTool && !/^\s/.test(delta) ? ` ${delta}` : delta;
      afterTool = false;
      if (delta.trim() !== '') saidAny = true;
      if (live()) send(splitter.push(text), false);
    },
    beforeTools: (names) => {
      // What the model said before calling the tool is its filler line: spoken (or held, if early)
      // while the tool runs. A model that said nothing first gets one short fixed line, so the
      // caller does not wait in silence (none for quiet tools: keys for a phone menu are not
      // talked over).
      const quiet = names !== undefined && names.length > 0 && names.every((name) => options.quietTools?.(name) === true);
      if (live()) send(saidAny || quiet ? splitter.flush() : [closingLines(options.agent.language).holdOn], false);
      afterTool = true;
      return reply.toolsMayRun;
    },
    onToolResults: (exchange) => {
      if (live()) reply.tools.push(exchange);
    },
    onClose: (close) => {
      // Recorded only: the hang-up it asks for happens once the reply played, so never before the
      // turn is confirmed.
      reply.close = close;
    },
    onError: (error) => stream.failed(error),
    onDone: (result) => {
      stream.spent(result);
      if (live() && !result.aborted) send(splitter.flush(), true);
    },
  });
}
