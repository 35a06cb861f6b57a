/**
 * The caller cutting in on the agent: sound over the agent pauses its audio for a short window,
 * words (or a key press) cut it off, and the history keeps only what the caller heard.
 */
import type { TimerHandle } from '../clock';
import type { Replies } from './replies';
import type { SessionState } from './session-state';

/** Barge-in on one call. */
export class BargeIn {
  /** The caller made sound over the agent: its audio is paused until words confirm a barge-in or this runs out. */
  private pauseTimer: TimerHandle | null = null;

  constructor(
    private readonly state: SessionState,
    private readonly replies: Replies,
  ) {}

  /** Whether the agent's audio is paused for sound the caller made over it. */
  get paused(): boolean {
    return this.pauseTimer !== null;
  }

  /** The caller made a sound over the agent: hold its audio until words say barge-in, or the window says it was nothing. */
  pauseForCaller(): void {
    const { state } = this;
    if (state.closing || state.hushed || !state.turns.agentSpeaking || !state.pacer || state.pacer.isPaused) return;
    state.pacer.pause();
    this.pauseTimer = state.options.clock.setTimeout(() => this.resumeAfterPause(), state.options.pauseWindowMs ?? 1000);
  }

  /** The sound was nothing: the agent goes on where it paused. */
  resumeAfterPause(): void {
    this.endPause();
    this.state.pacer?.resume();
  }

  /** Forgets the pause window (the agent's audio is left as it is). */
  endPause(): void {
    if (this.pauseTimer) this.state.options.clock.clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
  }

  /** Caller words over the agent: drop every unplayed byte, stop synthesis and thinking, keep what was heard. */
  cutOff(at: number): void {
    const { state } = this;
    const speaking = this.replies.current;
    const utterance = speaking?.utterance ?? state.greeting ?? state.canned?.utterance;
    if (!utterance) return;
    this.endPause();
    state.pacer?.clear();
    // Mid-replacement the new stream takes the audio: nothing goes to the old one.
    if (state.switching) state.pacer?.pause();
    const clearedAt = state.options.clock.now();
    utterance.cancel();
    speaking?.llm?.abort();
    const heard = utterance.heard.heard();
    // Replace the reply's (or greeting's) full text with what was heard, marked as cut off.
    const said = utterance === state.greeting ? state.options.agent.greeting : utterance.heard.fullText.trim();
    const lastAgent = state.history.at(-1);
    if (lastAgent?.role === 'assistant' && lastAgent.text === said) state.history.pop();
    // Tools the cut-off reply ran still ran: the model keeps what they answered.
    const tools = speaking?.tools ?? [];
    if (heard.text || tools.length > 0)
      state.history.push({ role: 'assistant', text: heard.text ? `${heard.text}…` : '', ...(tools.length > 0 ? { tools } : {}) });
    if (utterance === state.greeting) state.writeGreetingLine(heard.text);
    else state.line('agent', heard.text, true, true);
    state.options.onBargeIn?.({ reactionMs: clearedAt - at, heardText: heard.text });
    if (utterance === state.greeting) state.greeting = null;
    if (state.canned?.utterance === utterance) state.canned = null;
    this.replies.interrupted();
    state.turns.setAgentSpeaking(false);
  }
}
