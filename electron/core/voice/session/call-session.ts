/**
 * One call's conversation: caller audio to the STT socket, turn-taking on its transcripts, a
 * streamed Claude reply cut into sentences for one TTS context, the audio paced to the carrier,
 * barge-in, silence, the agent's hang-up, and provider failures that end the call politely.
 * The session owns no sockets: the runner opens STT and TTS before the callee answers, hands the
 * leg over when the carrier connects, and meters and stores what `ended` reports.
 * Its parts, by job: the replies (replies.ts, reply.ts), barge-in (barge-in.ts), the wind-down and
 * end (wrap-up.ts), the figures (metrics.ts), all on one shared state (session-state.ts).
 */
import type { AppError } from '../../../../shared/errors';
import type { CallEvent, CallLeg, CallOutcome, SttHandlers, SttStream, TtsStream } from '../types';
import { BargeIn } from './barge-in';
import { KeyPresses } from './key-presses';
import { Pacer } from './pacer';
import { Replies } from './replies';
import { SessionState } from './session-state';
import type { AfterReply, SessionEnd, SessionOptions } from './session-types';
import { wordsWithin, type TurnTaker } from './turn-taking';
import { WrapUp } from './wrap-up';

export { NO_SPECULATION, type BargeInMetric, type SpeculationFigures, type TurnMetric } from './metrics';
export type { AfterReply, SessionAgent, SessionEnd, SessionLine, SessionOptions } from './session-types';

/** The per-call state machine. */
export class CallSession {
  /** Resolves once, when the call is over for any reason. */
  readonly ended: Promise<SessionEnd>;
  /** Pass these to the STT socket when opening it. */
  readonly sttHandlers: SttHandlers;
  private readonly state: SessionState;
  private readonly replies: Replies;
  private readonly bargeIn: BargeIn;
  private readonly wrapUp: WrapUp;
  /** Keys the caller pressed that are not yet a turn. */
  private readonly keys: KeyPresses;
  /** The stream being replaced has closed already. */
  private oldLegClosed = false;
  /** The call is being handed to a person: a stream that closes now is the hand-over ('closed' once it did). */
  private transferring: 'pending' | 'closed' | null = null;

  constructor(private readonly options: SessionOptions) {
    const state = new SessionState(options);
    this.state = state;
    this.keys = new KeyPresses(options.clock, (text) => this.keysDone(text), options.keyGapMs);
    this.replies = new Replies(state, {
      failed: (error, source) => this.wrapUp.fail(error, source),
      closed: (close) => this.wrapUp.finish(close.outcome as CallOutcome, close.reason || 'The agent ended the call.', true),
      spoke: () => this.wrapUp.spoke(),
    });
    this.bargeIn = new BargeIn(state, this.replies);
    this.wrapUp = new WrapUp(state, this.replies, this.bargeIn, this.keys);
    this.ended = this.wrapUp.ended;
    this.sttHandlers = {
      onTranscript: (transcript) => this.transcript(transcript),
      onSpeechStarted: () => {
        this.wrapUp.holdSilence();
        this.bargeIn.pauseForCaller();
      },
      onUtteranceEnd: () => this.signal(state.turns.onUtteranceEnd(), options.clock.now()),
      // The caller went on: a reply prepared on the turn the recogniser thought had ended answers too little.
      onTurnResumed: () => this.replies.abandonSpeculation(),
      onError: (error) => this.wrapUp.fail(error, 'stt'),
    };
  }

  /**
   * The TTS socket is open: synthesise the greeting now, ahead of the answer (on `greetings`, which
   * may replay it from the runner's greeting cache).
   */
  attachTts(tts: TtsStream, greetings: TtsStream = tts): void {
    const { state } = this;
    state.tts = tts;
    const greeting = state.utterance(
      { onPlayed: () => this.greeted(), onError: (error) => this.wrapUp.fail(error, 'tts') },
      true,
      greetings,
    );
    greeting.push(this.options.agent.greeting, true);
    state.greeting = greeting;
  }

  /** The carrier connected the call's media: the callee answered. */
  answered(leg: CallLeg, stt: SttStream): void {
    const { state, options } = this;
    if (state.over) return leg.close();
    state.leg = leg;
    state.stt = stt;
    state.answeredAt = options.clock.now();
    const { codec, clock } = options;
    // Sent on, and framed for, the call's leg now: a stream the carrier replaced mid-call (resumeOn) takes over.
    state.pacer = new Pacer(clock, codec.chunkMs(leg.format), codec.chunkBytes(leg.format), (command) => state.leg?.send(command), {
      encoding: leg.format.encoding,
      frames: options.frames,
      prepare: leg.prepare ? (audio) => (state.switching ? undefined : state.leg?.prepare?.({ type: 'media', audio })) : undefined,
      onChunk: (at, lateMs) => {
        options.onFrame?.(lateMs);
        this.replies.chunkSent(at);
      },
    });
    this.follow(leg);
    this.wrapUp.startTimeLimit();
    state.history.push({ role: 'assistant', text: options.agent.greeting });
    state.greetingLineDue = true;
    state.turns.setAgentSpeaking(true);
    state.greeting?.play();
  }

  /**
   * The carrier is about to replace the call's media stream (keys played by a call update): what is
   * queued for the old stream is dropped, the agent's audio is held, and the old stream's end is no
   * hang-up. False when there is no stream to replace.
   */
  handOver(): boolean {
    const { state } = this;
    if (state.closing || state.switching || !state.leg || !state.pacer) return false;
    state.switching = true;
    this.oldLegClosed = false;
    this.wrapUp.holdSilence();
    this.bargeIn.endPause();
    state.pacer.clear();
    state.pacer.pause();
    return true;
  }

  /** The replacing stream arrived: the call goes on on it, the held audio first. */
  resumeOn(leg: CallLeg): void {
    const { state } = this;
    if (state.over || !state.switching) return leg.close();
    const old = state.leg;
    state.leg = leg;
    state.switching = false;
    this.follow(leg);
    old?.close();
    state.pacer?.resume();
    if (!this.replies.current && !state.canned) this.wrapUp.armSilence();
  }

  /** The stream was not replaced after all (the carrier refused): back to the old one; false when that one is gone too. */
  handBack(): boolean {
    const { state } = this;
    if (!state.switching) return !state.over;
    state.switching = false;
    if (this.oldLegClosed) return false;
    state.pacer?.resume();
    return true;
  }

  /** Ends the call from outside (hang-up button, carrier status, a dropped socket). */
  end(outcome: CallOutcome, reason: string): void {
    this.wrapUp.finish(outcome, reason, true);
  }

  /** An answering machine took the call and beeped: stop whatever plays, say `message`, hang up (outcome voicemail). */
  leaveMessage(message: string): void {
    const { state } = this;
    if (state.closing) return;
    state.pacer?.clear();
    state.writeGreetingLine();
    state.greeting?.cancel();
    state.greeting = null;
    this.wrapUp.sayGoodbye('voicemail', 'An answering machine picked up; the voicemail message was left after the beep.', message);
  }

  /**
   * An answering machine is still playing its greeting: stop talking and answer nothing until its
   * beep (leaveMessage) or the end.
   */
  awaitBeep(): void {
    const { state } = this;
    if (state.closing) return;
    state.hushed = true;
    state.pacer?.clear();
    state.writeGreetingLine();
    state.greeting?.cancel();
    state.greeting = null;
    state.canned?.utterance.cancel();
    state.canned = null;
    if (this.replies.current) this.replies.dropCurrent();
    this.replies.abandonSpeculation();
    this.bargeIn.endPause();
    state.turns.setAgentSpeaking(false);
    this.wrapUp.holdSilence();
  }

  /** The caller is on hold while a person is rung (a warm transfer): their words and keys are not turns until release. */
  holdCaller(): void {
    if (this.state.closing) return;
    this.state.hushed = true;
    this.wrapUp.holdSilence();
    this.bargeIn.endPause();
  }

  /** The hold is over and the agent is back with the caller. */
  releaseCaller(): void {
    this.state.hushed = false;
  }

  /**
   * Runs `after` once the reply being spoken now has played (a cold transfer waits for its line to
   * be heard); false when no confirmed reply is speaking, so the caller of this acts at once.
   */
  afterReply(after: AfterReply): boolean {
    if (this.state.closing) return false;
    return this.replies.waitFor(after);
  }

  /** The call is about to be handed over: a stream that closes now is the hand-over, not the caller hanging up. */
  handingOver(): void {
    this.transferring = 'pending';
  }

  /** The hand-over went through: the agent leaves the call without hanging it up (it goes on without the agent). */
  handedOver(reason: string): void {
    const { state } = this;
    this.transferring = null;
    // What the caller heard of the reply that handed them over (its "connecting you" line) stays in the transcript.
    const reply = this.replies.current;
    const heard = reply?.utterance.heard.heard().text ?? '';
    if (reply && (heard || reply.tools.length > 0))
      state.history.push({ role: 'assistant', text: heard, ...(reply.tools.length > 0 ? { tools: reply.tools } : {}) });
    if (heard) state.line('agent', heard, true, false);
    this.wrapUp.finish('transferred', reason, false);
  }

  /** The hand-over failed: a stream that closed meanwhile was the caller leaving after all. */
  handOverFailed(): void {
    const closed = this.transferring === 'closed';
    this.transferring = null;
    if (closed) this.callerHungUp();
  }

  /** Tells the agent what happened on the line (a transfer that did not go through) as a bracketed turn, and lets it answer. */
  tellAgent(note: string): void {
    const { state } = this;
    if (state.closing || !state.leg) return;
    if (this.replies.current) this.replies.dropCurrent();
    state.history.push({ role: 'user', text: note });
    this.replies.start(this.options.clock.now());
  }

  /** The caller hung up (the media socket closed, or the carrier said completed). */
  callerHungUp(): void {
    if (this.transferring) {
      this.transferring = 'closed';
      return;
    }
    const close = this.replies.current?.close;
    // A goodbye the caller hung up on still carries the agent's classification.
    this.wrapUp.finish(
      (close?.outcome as CallOutcome | undefined) ?? 'not_interested',
      close ? close.reason || 'The agent ended the call.' : 'The caller hung up before the agent ended the call.',
      false,
    );
  }

  /** Whether the call is over. */
  get isOver(): boolean {
    return this.state.over;
  }

  /** A provider failed outside a turn (e.g. the TTS socket dropped). */
  providerFailed(error: AppError, source: 'stt' | 'tts' | 'llm'): void {
    this.wrapUp.fail(error, source);
  }

  /** Takes a leg's events while it is the call's; its close is the caller's hang-up, unless the carrier is replacing it. */
  private follow(leg: CallLeg): void {
    leg.onEvent((event) => {
      if (leg === this.state.leg) this.carrierEvent(event);
    });
    leg.onClose(() => {
      if (leg !== this.state.leg) return;
      if (this.state.switching) this.oldLegClosed = true;
      else this.callerHungUp();
    });
  }

  private carrierEvent(event: CallEvent): void {
    const { state } = this;
    if (event.type === 'media') state.stt?.send(event.audio);
    else if (event.type === 'mark') {
      state.greeting?.marked(event.name);
      this.replies.current?.utterance.marked(event.name);
      state.canned?.utterance.marked(event.name);
    } else if (event.type === 'dtmf') this.keyPressed(event.digit);
    else if (event.type === 'stop') state.leg?.close();
  }

  /**
   * The caller pressed a key (DTMF). A press over the agent cuts it off like words would; the keys
   * pressed in a row become one caller turn, "[pressed 1 2]", in the transcript and the history, so
   * the model reads them like anything the caller said.
   */
  private keyPressed(digit: string): void {
    const { state } = this;
    if (state.closing || state.hushed || !state.leg) return;
    const at = this.options.clock.now();
    this.wrapUp.heardCaller();
    if (state.turns.agentSpeaking) this.bargeIn.cutOff(at);
    this.keys.press(digit);
  }

  /** The caller stopped pressing keys: what they pressed is their turn. */
  private keysDone(text: string): void {
    if (this.state.closing || this.state.hushed) return;
    this.signal({ kind: 'turn-end', text }, this.options.clock.now());
  }

  private greeted(): void {
    this.state.writeGreetingLine();
    this.state.greeting = null;
    this.wrapUp.spoke();
  }

  private transcript(transcript: Parameters<SttHandlers['onTranscript']>[0]): void {
    const { state } = this;
    const at = this.options.clock.now();
    if (state.over || !state.leg || state.hushed) return;
    const words = transcript.text.trim() !== '';
    if (words) this.wrapUp.heardCaller();
    const signal = state.turns.onTranscript(transcript);
    if (!state.turns.agentSpeaking && words) state.line('caller', state.turns.partial || transcript.text, false, false);
    // The caller went on, or said something else: the reply prepared on their early turn answers
    // words they did not end on. (Words the guess already holds, heard again, change nothing.)
    const prepared = this.replies.preparedFor;
    if (prepared && signal?.kind !== 'turn-end' && words && !wordsWithin(state.turns.partial, prepared)) this.replies.abandonSpeculation();
    // Sound over the agent that turned out to be no words, or only a backchannel: go on where it paused.
    if (this.bargeIn.paused && signal === null && transcript.isFinal) this.bargeIn.resumeAfterPause();
    this.signal(signal, at);
  }

  private signal(signal: ReturnType<TurnTaker['onTranscript']>, at: number): void {
    const { state } = this;
    if (!signal || state.closing || state.hushed) return;
    if (signal.kind === 'barge-in') return this.bargeIn.cutOff(at);
    if (signal.kind === 'early') return this.replies.speculate(signal.text, at);
    state.line('caller', signal.text, true, false);
    state.history.push({ role: 'user', text: signal.text });
    this.replies.answer(signal.text, at);
  }
}
