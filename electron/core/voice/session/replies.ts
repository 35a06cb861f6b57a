/**
 * A call session's replies: the one the agent is speaking now, the one prepared on the caller's
 * early turn (its audio held until the turn ends with the same words), what they cost, and each
 * turn's timings.
 */
import type { AppError } from '../../../../shared/errors';
import type { CallClose, LlmResult } from '../types';
import { countFromTurnEnd, firstChunkMetric, type SpeculationFigures } from './metrics';
import { openReply, streamReply, type Reply } from './reply';
import type { SessionState } from './session-state';
import type { AfterReply } from './session-types';
import { sameWords } from './turn-taking';

/** What the replies tell the session around them. */
export interface ReplyHooks {
  /** The reply being spoken failed: the call ends politely. */
  readonly failed: (error: AppError, source: 'tts' | 'llm') => void;
  /** A played reply asked to end the call. */
  readonly closed: (close: CallClose) => void;
  /** The agent finished speaking: the floor is the caller's. */
  readonly spoke: () => void;
}

/** The agent's replies on one call. */
export class Replies {
  private speaking: Reply | null = null;
  /** A reply prepared on an early turn, its audio held until the turn ends with the same words. */
  private prepared: Reply | null = null;
  private readonly speculation = { started: 0, used: 0, wasted: 0, wastedInputTokens: 0, wastedOutputTokens: 0 };
  private readonly llm = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 };
  private turnCount = 0;

  constructor(
    private readonly state: SessionState,
    private readonly hooks: ReplyHooks,
  ) {}

  /** The confirmed reply in flight (thinking, or speaking), if any. */
  get current(): Reply | null {
    return this.speaking;
  }

  /** The words the reply prepared on an early turn answers, if one is prepared. */
  get preparedFor(): string | null {
    return this.prepared?.speculative ?? null;
  }

  /** Agent turns so far. */
  get turns(): number {
    return this.turnCount;
  }

  /** Tokens every reply used, wasted ones included. */
  get tokens(): { inputTokens: number; outputTokens: number; cacheReadTokens: number } {
    return { ...this.llm };
  }

  /** What the replies prepared on early turns came to. */
  get figures(): SpeculationFigures {
    return { ...this.speculation };
  }

  /**
   * The caller's turn ended with `text` (already in the history): the reply prepared for the same
   * words plays, or a new one starts. A reply still being thought is stale, and dropped.
   */
  answer(text: string, at: number): void {
    if (this.speaking) this.dropCurrent();
    const prepared = this.prepared;
    if (prepared?.speculative && sameWords(prepared.speculative, text)) return this.confirm(prepared, at);
    this.abandonSpeculation();
    this.start(at);
  }

  /** Prepares a reply to an early turn: Claude and the speech context start now, the audio is held. */
  speculate(text: string, at: number): void {
    if (this.state.options.speculate === false || this.speaking || text === '') return;
    if (this.prepared?.speculative && sameWords(this.prepared.speculative, text)) return;
    this.abandonSpeculation();
    this.speculation.started += 1;
    this.prepared = this.start(at, text);
  }

  /**
   * Starts one streamed reply: to the history as it stands, or, with `early`, to the history and
   * the caller's early turn, held unplayed until confirmed.
   */
  start(turnEndAt: number, early: string | null = null): Reply {
    const { clock } = this.state.options;
    const reply: Reply = openReply(
      this.state.utterance(
        {
          onFirstAudio: () => {
            reply.audioAt = clock.now();
            if (reply.speculative === null) this.state.turns.setAgentSpeaking(true);
          },
          onPlayed: () => this.played(reply),
          onError: (error) => this.failed(reply, error, 'tts'),
        },
        early !== null,
      ),
      turnEndAt,
      early,
    );
    if (early === null) {
      this.speaking = reply;
      this.turnCount += 1;
    }
    reply.llmAt = clock.now();
    const history = early === null ? [...this.state.history] : [...this.state.history, { role: 'user' as const, text: early }];
    streamReply(reply, history, {
      clock,
      options: this.state.options,
      live: () => this.speaking === reply || this.prepared === reply,
      failed: (error) => this.failed(reply, error, 'llm'),
      spent: (result) => this.spent(reply, result),
    });
    return reply;
  }

  /** Drops the prepared reply, if any: nothing of it was played. */
  abandonSpeculation(): void {
    const reply = this.prepared;
    if (!reply) return;
    this.prepared = null;
    reply.abandoned = true;
    this.speculation.wasted += 1;
    // A reply that already finished cost what it cost; one still streaming reports it when the abort lands.
    if (reply.spent) this.wasted(reply.spent);
    reply.llm?.abort();
    // After the abort, so the reply's tools, waiting on this, see it and never run.
    reply.letToolsRun();
    reply.utterance.cancel();
  }

  /** Stops the reply in flight (its audio too) and forgets it. */
  dropCurrent(): void {
    const reply = this.speaking;
    if (!reply) return;
    this.dropAfter(reply);
    reply.llm?.abort();
    reply.utterance.cancel();
    if (reply.utterance.playing) this.state.pacer?.clear();
    this.speaking = null;
  }

  /** The call is over: the reply in flight stops, and what waited for it is told. */
  abortCurrent(): void {
    const reply = this.speaking;
    if (reply) this.dropAfter(reply);
    reply?.llm?.abort();
    reply?.utterance.cancel();
  }

  /** The caller cut the reply in flight off (its audio and request are stopped already): it is forgotten. */
  interrupted(): void {
    if (this.speaking) this.dropAfter(this.speaking);
    this.speaking = null;
  }

  /** Runs `after` once the reply in flight has played; false when there is none. */
  waitFor(after: AfterReply): boolean {
    if (!this.speaking) return false;
    this.speaking.after = after;
    return true;
  }

  /** A chunk of audio went to the carrier at `at`: the first of a reply reports its turn's timings. */
  chunkSent(at: number): void {
    const reply = this.speaking;
    const metric = reply ? firstChunkMetric(reply, at, this.turnCount) : null;
    if (metric) this.state.options.onTurn?.(metric);
  }

  /** The turn ended with the words the prepared reply answers: it becomes the reply and plays. */
  private confirm(reply: Reply, at: number): void {
    this.prepared = null;
    reply.letToolsRun();
    this.speculation.used += 1;
    this.turnCount += 1;
    reply.speculative = null;
    this.speaking = reply;
    countFromTurnEnd(reply, at);
    if (reply.audioAt !== null) this.state.turns.setAgentSpeaking(true);
    reply.utterance.play();
  }

  private failed(reply: Reply, error: AppError, source: 'tts' | 'llm'): void {
    if (this.speaking === reply) this.hooks.failed(error, source);
    else if (this.prepared === reply) this.abandonSpeculation();
  }

  private spent(reply: Reply, result: LlmResult): void {
    this.llm.inputTokens += result.inputTokens;
    this.llm.outputTokens += result.outputTokens;
    this.llm.cacheReadTokens += result.cacheReadTokens;
    reply.spent = { inputTokens: result.inputTokens, outputTokens: result.outputTokens };
    if (reply.abandoned) this.wasted(reply.spent);
  }

  private wasted(spent: NonNullable<Reply['spent']>): void {
    this.speculation.wastedInputTokens += spent.inputTokens;
    this.speculation.wastedOutputTokens += spent.outputTokens;
  }

  /** The reply played to the end: it joins the history, then the call ends, hands over, or waits for the caller. */
  private played(reply: Reply): void {
    if (this.speaking !== reply) return;
    const { state } = this;
    const { heard } = reply.utterance;
    const text = heard.fullText.trim();
    if (heard.synthesised && text.length > 0) state.msPerChar = Math.max(20, Math.min(200, heard.audioMs / text.length));
    if (text || reply.tools.length > 0)
      state.history.push({ role: 'assistant', text, ...(reply.tools.length > 0 ? { tools: reply.tools } : {}) });
    if (text) state.line('agent', text, true, false);
    this.speaking = null;
    if (reply.close) return this.hooks.closed(reply.close);
    const after = reply.after;
    reply.after = null;
    if (after) return after.run();
    this.hooks.spoke();
  }

  /** What waited for a reply that will not finish playing is told so. */
  private dropAfter(reply: Reply): void {
    const after = reply.after;
    reply.after = null;
    after?.dropped();
  }
}
