/**
 * How a call session winds down: the silence checks ("are you still there?", then goodbye), the
 * time limit, the fixed lines the agent says before hanging up, a provider's failure, and the end
 * itself, reported once on `ended`.
 */
import type { AppError } from '../../../../shared/errors';
import type { TimerHandle } from '../clock';
import type { CallOutcome } from '../types';
import type { BargeIn } from './barge-in';
import type { KeyPresses } from './key-presses';
import { closingLines } from './phrases';
import type { Replies } from './replies';
import type { SessionState } from './session-state';
import type { SessionEnd } from './session-types';

/** The end of one call session. */
export class WrapUp {
  /** Resolves once, when the call is over for any reason. */
  readonly ended: Promise<SessionEnd>;
  private resolveEnded!: (end: SessionEnd) => void;
  private silence: TimerHandle | null = null;
  private silentChecks = 0;
  private limit: TimerHandle | null = null;

  constructor(
    private readonly state: SessionState,
    private readonly replies: Replies,
    private readonly bargeIn: BargeIn,
    private readonly keys: KeyPresses,
  ) {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  /** The call was answered: it may last `maxCallMs` (default 10 min), then the agent says goodbye. */
  startTimeLimit(): void {
    const { clock, agent, maxCallMs } = this.state.options;
    this.limit = clock.setTimeout(
      () => this.sayGoodbye('callback', 'The call reached its time limit.', closingLines(agent.language).timeLimit),
      maxCallMs ?? 600_000,
    );
  }

  /** The agent finished speaking: the floor is the caller's. */
  spoke(): void {
    this.state.turns.setAgentSpeaking(false);
    this.armSilence();
  }

  /** Starts (again) the wait for the caller to say something. */
  armSilence(): void {
    const { state } = this;
    this.holdSilence();
    if (state.closing || state.hushed || state.switching) return;
    this.silence = state.options.clock.setTimeout(() => this.silent(), state.options.silenceMs ?? 8000);
  }

  /** Stops the wait for the caller (they are making sound, or the agent is busy). */
  holdSilence(): void {
    if (this.silence) this.state.options.clock.clearTimeout(this.silence);
    this.silence = null;
  }

  /** The caller said something or pressed a key: the line is not silent. */
  heardCaller(): void {
    this.holdSilence();
    this.silentChecks = 0;
  }

  /** Says a fixed line, then runs `then` once it was played. */
  say(text: string, then: () => void): void {
    const { state } = this;
    const utterance = state.utterance({
      onPlayed: () => (state.canned?.utterance === utterance ? ((state.canned = null), then()) : undefined),
      onError: () => this.finish('failed', 'The agent could not speak.', true),
    });
    state.canned = { utterance, then };
    state.turns.setAgentSpeaking(true);
    state.history.push({ role: 'assistant', text });
    state.line('agent', text, true, false);
    utterance.push(text, true);
  }

  /** Says a closing line (unless the voice itself failed), then hangs up with the outcome. */
  sayGoodbye(outcome: CallOutcome, reason: string, line: string | null): void {
    const { state } = this;
    if (state.closing) return;
    state.ending = true;
    this.holdSilence();
    this.bargeIn.endPause();
    this.replies.abandonSpeculation();
    this.replies.dropCurrent();
    if (!line || !state.leg || !state.tts) return this.finish(outcome, reason, true);
    this.say(line, () => this.finish(outcome, reason, true));
    // A closing line that never plays must not hold the call open.
    state.options.clock.setTimeout(() => this.finish(outcome, reason, true), 15_000);
  }

  /** A provider failed: the agent apologises (unless its voice is what failed) and the call ends. */
  fail(error: AppError, source: 'stt' | 'tts' | 'llm'): void {
    const { state } = this;
    if (state.over) return;
    const reason = error.message;
    if (!state.leg) return this.finish('failed', reason, true);
    this.sayGoodbye('failed', reason, source === 'tts' ? null : closingLines(state.options.agent.language).apology);
  }

  /** Stops everything, hangs up at the carrier with `hangUp` (else only closes the stream), and reports the end; runs once. */
  finish(outcome: CallOutcome, reason: string, hangUp: boolean): void {
    const { state } = this;
    const { clock } = state.options;
    if (state.over) return;
    state.over = true;
    this.holdSilence();
    this.bargeIn.endPause();
    this.replies.abandonSpeculation();
    this.keys.clear();
    if (this.limit) clock.clearTimeout(this.limit);
    this.replies.abortCurrent();
    // A greeting still playing when the call ends is on record whole, as it was being said.
    state.writeGreetingLine();
    state.greeting?.cancel();
    state.canned?.utterance.cancel();
    state.pacer?.stop();
    const leg = state.leg;
    if (hangUp && leg)
      void state.options
        .hangup()
        .catch(() => undefined)
        .finally(() => leg.close());
    else leg?.close();
    const talkMs = state.answeredAt === null ? 0 : clock.now() - state.answeredAt;
    this.resolveEnded({
      outcome,
      reason,
      answered: state.answeredAt !== null,
      talkMs,
      history: [...state.history],
      llm: this.replies.tokens,
      turns: this.replies.turns,
      speculation: this.replies.figures,
    });
  }

  /** The caller stayed silent: the agent checks the line once, and says goodbye the second time. */
  private silent(): void {
    const { state } = this;
    this.silence = null;
    if (this.replies.current || state.canned || state.turns.partial) return;
    this.silentChecks += 1;
    const lines = closingLines(state.options.agent.language);
    if (this.silentChecks === 1) return this.say(lines.stillThere, () => this.spoke());
    this.sayGoodbye('no_answer', 'The line stayed silent.', lines.silentGoodbye);
  }
}
