/**
 * One call's conversation: caller audio to the STT socket, turn-taking on its transcripts, a
 * streamed Claude reply cut into sentences for one TTS context, the audio paced to the carrier,
 * barge-in, silence, the agent's hang-up, and provider failures that end the call politely.
 * The session owns no sockets: the runner opens STT and TTS before the callee answers, hands the
 * leg over when the carrier connects, and meters and stores what `ended` reports.
 */
import { AppError } from '../../../../shared/errors';
import type { Clock, TimerHandle } from '../clock';
import { SentenceSplitter } from '../streams/sentences';
import type {
  CallClose,
  CallEvent,
  CallLeg,
  CallOutcome,
  LinePacing,
  LlmHandlers,
  LlmReply,
  SttHandlers,
  SttStream,
  ToolExchange,
  TtsStream,
  Turn,
} from '../types';
import { DEFAULT_MS_PER_CHAR } from './heard';
import type { FrameClock } from './frame-clock';
import { KeyPresses } from './key-presses';
import { Pacer } from './pacer';
import { closingLines } from './phrases';
import { sameWords, TurnTaker, wordsWithin } from './turn-taking';
import { Utterance } from './utterance';

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
   * words yet (default 1000 ms): words in that time are a barge-in; none, and it goes on where it stopped.
   */
  readonly pauseWindowMs?: number;
  /**
   * How long after a key press the caller's keys are taken as one turn (default 1000 ms): "1", "2",
   * "3" pressed in a row reach the agent as one line "[pressed 1 2 3]", not three turns.
   */
  readonly keyGapMs?: number;
  /** Tools the agent runs without a hold line (keys for a phone menu): a reply calling only these says nothing extra. */
  readonly quietTools?: (name: string) => boolean;
}

/** No reply prepared early (a call that never got that far). */
export const NO_SPECULATION: SpeculationFigures = { started: 0, used: 0, wasted: 0, wastedInputTokens: 0, wastedOutputTokens: 0 };

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

/** A transcript line as it happens. */
export interface SessionLine {
  readonly speaker: 'agent' | 'caller';
  readonly text: string;
  readonly final: boolean;
  /** An agent line the caller talked over: `text` is what was heard. */
  readonly interrupted: boolean;
}

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
}

/** Timing of one barge-in. */
export interface BargeInMetric {
  /** The STT event that was judged a barge-in → `clear` sent to the carrier. */
  readonly reactionMs: number;
  readonly heardText: string;
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

/** One caller-to-agent exchange in flight. */
interface Reply {
  readonly utterance: Utterance;
  llm: LlmReply | null;
  close: CallClose | null;
  turnEndAt: number;
  /** Prepared on an early turn for these words, and not yet confirmed: its audio is held. */
  speculative: string | null;
  /** Dropped before it was confirmed: its tokens count as wasted. */
  abandoned: boolean;
  /** What the request cost, once it finished. */
  spent: { readonly inputTokens: number; readonly outputTokens: number } | null;
  llmAt: number;
  sentenceAt: number | null;
  ttsAt: number | null;
  audioAt: number | null;
  measured: boolean;
  /** Resolves once the reply may run tools: at once for a confirmed turn; on confirm (or drop) for one prepared early. */
  readonly toolsMayRun: Promise<void>;
  /** The rounds of tools this reply ran, kept with its turn in the history. */
  readonly tools: ToolExchange[];
  readonly letToolsRun: () => void;
  /** What happens once this reply has played (a cold transfer), or is dropped if the caller cuts it off. */
  after: AfterReply | null;
}

/** An action waiting for the agent's reply to finish playing (afterReply). */
export interface AfterReply {
  readonly run: () => void;
  /** The reply never finished: the caller cut it off, or the call ended. */
  readonly dropped: () => void;
}

/** The per-call state machine. */
export class CallSession {
  /** Resolves once, when the call is over for any reason. */
  readonly ended: Promise<SessionEnd>;
  /** Pass these to the STT socket when opening it. */
  readonly sttHandlers: SttHandlers;
  private resolveEnded!: (end: SessionEnd) => void;
  private tts: TtsStream | null = null;
  private leg: CallLeg | null = null;
  private stt: SttStream | null = null;
  /** The carrier is replacing the media stream (handOver → resumeOn): the old stream's end is no hang-up. */
  private switching = false;
  /** The stream being replaced has closed already. */
  private oldLegClosed = false;
  private pacer: Pacer | null = null;
  private greeting: Utterance | null = null;
  private current: Reply | null = null;
  /** A reply prepared on an early turn, its audio held until the turn ends with the same words. */
  private speculative: Reply | null = null;
  private readonly speculation = { started: 0, used: 0, wasted: 0, wastedInputTokens: 0, wastedOutputTokens: 0 };
  /** The caller made sound over the agent: its audio is paused until words confirm a barge-in or this runs out. */
  private pauseTimer: TimerHandle | null = null;
  /** A canned line (silence check, apology, time limit) and what follows it. */
  private canned: { utterance: Utterance; then: () => void } | null = null;
  private readonly turns = new TurnTaker();
  private readonly history: Turn[] = [];
  private readonly llm = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 };
  private answeredAt: number | null = null;
  private silence: TimerHandle | null = null;
  private silentChecks = 0;
  private limit: TimerHandle | null = null;
  private seq = 0;
  private turnCount = 0;
  private ending = false;
  /** Waiting for an answering machine's beep, or on hold during a transfer: caller audio is not a turn. */
  private hushed = false;
  /** The call is being handed to a person: a stream that closes now is the hand-over ('closed' once it did). */
  private transferring: 'pending' | 'closed' | null = null;
  private over = false;
  private msPerChar = DEFAULT_MS_PER_CHAR;
  /** Keys the caller pressed that are not yet a turn. */
  private readonly keys: KeyPresses;

  constructor(private readonly o: SessionOptions) {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    this.keys = new KeyPresses(o.clock, (text) => this.keysDone(text), o.keyGapMs);
    this.sttHandlers = {
      onTranscript: (t) => this.transcript(t),
      onSpeechStarted: () => {
        this.holdSilence();
        this.pauseForCaller();
      },
      onUtteranceEnd: () => this.signal(this.turns.onUtteranceEnd(), this.o.clock.now()),
      // The caller went on: a reply prepared on the turn the recogniser thought had ended answers too little.
      onTurnResumed: () => this.abandonSpeculation(),
      onError: (e) => this.fail(e, 'stt'),
    };
  }

  /**
   * The TTS socket is open: synthesise the greeting now, ahead of the answer (on `greetings`, which
   * may replay it from the runner's greeting cache).
   */
  attachTts(tts: TtsStream, greetings: TtsStream = tts): void {
    this.tts = tts;
    const g = this.utterance({ onPlayed: () => this.greeted(), onError: (e) => this.fail(e, 'tts') }, true, greetings);
    g.push(this.o.agent.greeting, true);
    this.greeting = g;
  }

  /** The carrier connected the call's media: the callee answered. */
  answered(leg: CallLeg, stt: SttStream): void {
    if (this.over) return leg.close();
    this.leg = leg;
    this.stt = stt;
    this.answeredAt = this.o.clock.now();
    const { codec, clock } = this.o;
    // Sent on, and framed for, the call's leg now: a stream the carrier replaced mid-call (resumeOn) takes over.
    this.pacer = new Pacer(clock, codec.chunkMs(leg.format), codec.chunkBytes(leg.format), (cmd) => this.leg?.send(cmd), {
      encoding: leg.format.encoding,
      frames: this.o.frames,
      prepare: leg.prepare ? (audio) => (this.switching ? undefined : this.leg?.prepare?.({ type: 'media', audio })) : undefined,
      onChunk: (at, lateMs) => {
        this.o.onFrame?.(lateMs);
        this.chunkSent(at);
      },
    });
    this.follow(leg);
    this.limit = clock.setTimeout(
      () => this.wrapUp('callback', 'The call reached its time limit.', closingLines(this.o.agent.language).timeLimit),
      this.o.maxCallMs ?? 600_000,
    );
    this.history.push({ role: 'assistant', text: this.o.agent.greeting });
    this.line('agent', this.o.agent.greeting, true, false);
    this.turns.setAgentSpeaking(true);
    this.greeting?.play();
  }

  /**
   * The carrier is about to replace the call's media stream (keys played by a call update): what is
   * queued for the old stream is dropped, the agent's audio is held, and the old stream's end is no
   * hang-up. False when there is no stream to replace.
   */
  handOver(): boolean {
    if (this.over || this.ending || this.switching || !this.leg || !this.pacer) return false;
    this.switching = true;
    this.oldLegClosed = false;
    this.holdSilence();
    this.endPause();
    this.pacer.clear();
    this.pacer.pause();
    return true;
  }

  /** The replacing stream arrived: the call goes on on it, the held audio first. */
  resumeOn(leg: CallLeg): void {
    if (this.over || !this.switching) return leg.close();
    const old = this.leg;
    this.leg = leg;
    this.switching = false;
    this.follow(leg);
    old?.close();
    this.pacer?.resume();
    if (!this.current && !this.canned) this.armSilence();
  }

  /** The stream was not replaced after all (the carrier refused): back to the old one; false when that one is gone too. */
  handBack(): boolean {
    if (!this.switching) return !this.over;
    this.switching = false;
    if (this.oldLegClosed) return false;
    this.pacer?.resume();
    return true;
  }

  /** Ends the call from outside (hang-up button, carrier status, a dropped socket). */
  end(outcome: CallOutcome, reason: string): void {
    this.finish(outcome, reason, true);
  }

  /** An answering machine took the call and beeped: stop whatever plays, say `message`, hang up (outcome voicemail). */
  leaveMessage(message: string): void {
    if (this.over || this.ending) return;
    this.pacer?.clear();
    this.greeting?.cancel();
    this.greeting = null;
    this.wrapUp('voicemail', 'An answering machine picked up; the voicemail message was left after the beep.', message);
  }

  /** An answering machine is still playing its greeting: stop talking and answer nothing until its beep (leaveMessage) or the end. */
  awaitBeep(): void {
    if (this.over || this.ending) return;
    this.hushed = true;
    this.pacer?.clear();
    this.greeting?.cancel();
    this.greeting = null;
    this.canned?.utterance.cancel();
    this.canned = null;
    if (this.current) this.dropReply();
    this.abandonSpeculation();
    this.endPause();
    this.turns.setAgentSpeaking(false);
    this.holdSilence();
  }

  /** The caller is on hold while a person is rung (a warm transfer): their words and keys are not turns until release. */
  holdCaller(): void {
    if (this.over || this.ending) return;
    this.hushed = true;
    this.holdSilence();
    this.endPause();
  }

  /** The hold is over and the agent is back with the caller. */
  releaseCaller(): void {
    this.hushed = false;
  }

  /**
   * Runs `after` once the reply being spoken now has played (a cold transfer waits for its line to
   * be heard); false when no confirmed reply is speaking, so the caller of this acts at once.
   */
  afterReply(after: AfterReply): boolean {
    if (this.over || this.ending || !this.current) return false;
    this.current.after = after;
    return true;
  }

  /** The call is about to be handed over: a stream that closes now is the hand-over, not the caller hanging up. */
  handingOver(): void {
    this.transferring = 'pending';
  }

  /** The hand-over went through: the agent leaves the call without hanging it up (it goes on without the agent). */
  handedOver(reason: string): void {
    this.transferring = null;
    // What the caller heard of the reply that handed them over (its "connecting you" line) stays in the transcript.
    const r = this.current;
    const heard = r?.utterance.heard.heard().text ?? '';
    if (r && (heard || r.tools.length > 0))
      this.history.push({ role: 'assistant', text: heard, ...(r.tools.length > 0 ? { tools: r.tools } : {}) });
    if (heard) this.line('agent', heard, true, false);
    this.finish('transferred', reason, false);
  }

  /** The hand-over failed: a stream that closed meanwhile was the caller leaving after all. */
  handOverFailed(): void {
    const closed = this.transferring === 'closed';
    this.transferring = null;
    if (closed) this.callerHungUp();
  }

  /** Tells the agent what happened on the line (a transfer that did not go through) as a bracketed turn, and lets it answer. */
  tellAgent(note: string): void {
    if (this.over || this.ending || !this.leg) return;
    if (this.current) this.dropReply();
    this.history.push({ role: 'user', text: note });
    this.startReply(this.o.clock.now());
  }

  /** The caller hung up (the media socket closed, or the carrier said completed). */
  callerHungUp(): void {
    if (this.transferring) {
      this.transferring = 'closed';
      return;
    }
    const close = this.current?.close;
    // A goodbye the caller hung up on still carries the agent's classification.
    this.finish(
      (close?.outcome as CallOutcome | undefined) ?? 'not_interested',
      close ? close.reason || 'The agent ended the call.' : 'The caller hung up before the agent ended the call.',
      false,
    );
  }

  /** Whether the call is over. */
  get isOver(): boolean {
    return this.over;
  }

  /** A provider failed outside a turn (e.g. the TTS socket dropped). */
  providerFailed(error: AppError, source: 'stt' | 'tts' | 'llm'): void {
    this.fail(error, source);
  }

  private utterance(events: ConstructorParameters<typeof Utterance>[2], hold = false, on?: TtsStream): Utterance {
    if (!this.tts) throw new AppError('INTERNAL', 'The call has no speech stream.');
    const { bytesPerMs } = this.o.codec;
    return new Utterance(
      `u${++this.seq}`,
      { tts: on ?? this.tts, pacer: () => this.pacer, bytesPerMs, msPerChar: () => this.msPerChar },
      events,
      { hold },
    );
  }

  /** Takes a leg's events while it is the call's; its close is the caller's hang-up, unless the carrier is replacing it. */
  private follow(leg: CallLeg): void {
    leg.onEvent((e) => {
      if (leg === this.leg) this.carrierEvent(e);
    });
    leg.onClose(() => {
      if (leg !== this.leg) return;
      if (this.switching) this.oldLegClosed = true;
      else this.callerHungUp();
    });
  }

  private carrierEvent(e: CallEvent): void {
    if (e.type === 'media') this.stt?.send(e.audio);
    else if (e.type === 'mark') {
      this.greeting?.marked(e.name);
      this.current?.utterance.marked(e.name);
      this.canned?.utterance.marked(e.name);
    } else if (e.type === 'dtmf') this.keyPressed(e.digit);
    else if (e.type === 'stop') this.leg?.close();
  }

  /**
   * The caller pressed a key (DTMF). A press over the agent cuts it off like words would; the keys
   * pressed in a row become one caller turn, "[pressed 1 2]", in the transcript and the history, so
   * the model reads them like anything the caller said.
   */
  private keyPressed(digit: string): void {
    if (this.over || this.ending || this.hushed || !this.leg) return;
    const at = this.o.clock.now();
    this.holdSilence();
    this.silentChecks = 0;
    if (this.turns.agentSpeaking) this.bargeIn(at);
    this.keys.press(digit);
  }

  /** The caller stopped pressing keys: what they pressed is their turn. */
  private keysDone(text: string): void {
    if (this.over || this.ending || this.hushed) return;
    this.signal({ kind: 'turn-end', text }, this.o.clock.now());
  }

  private greeted(): void {
    this.greeting = null;
    this.spoke();
  }

  /** The agent finished speaking: the floor is the caller's. */
  private spoke(): void {
    this.turns.setAgentSpeaking(false);
    this.armSilence();
  }

  private transcript(t: Parameters<SttHandlers['onTranscript']>[0]): void {
    const at = this.o.clock.now();
    if (this.over || !this.leg || this.hushed) return;
    if (t.text.trim() !== '') {
      this.holdSilence();
      this.silentChecks = 0;
    }
    const signal = this.turns.onTranscript(t);
    if (!this.turns.agentSpeaking && t.text.trim() !== '') this.line('caller', this.turns.partial || t.text, false, false);
    // The caller went on, or said something else: the reply prepared on their early turn answers words they did not end on.
    // (Words the guess already holds, heard again, change nothing.)
    const prepared = this.speculative?.speculative;
    if (prepared && signal?.kind !== 'turn-end' && t.text.trim() !== '' && !wordsWithin(this.turns.partial, prepared))
      this.abandonSpeculation();
    // Sound over the agent that turned out to be no words, or only a backchannel: go on where it paused.
    if (this.pauseTimer && signal === null && t.isFinal) this.resumeAfterPause();
    this.signal(signal, at);
  }

  private signal(signal: ReturnType<TurnTaker['onTranscript']>, at: number): void {
    if (!signal || this.over || this.ending || this.hushed) return;
    if (signal.kind === 'barge-in') return this.bargeIn(at);
    if (signal.kind === 'early') return this.speculate(signal.text, at);
    this.line('caller', signal.text, true, false);
    this.history.push({ role: 'user', text: signal.text });
    // The caller spoke while a reply was still being thought (no audio yet): that reply is stale.
    if (this.current) this.dropReply();
    const prepared = this.speculative;
    if (prepared?.speculative && sameWords(prepared.speculative, signal.text)) return this.confirm(prepared, at);
    this.abandonSpeculation();
    this.startReply(at);
  }

  /** Prepares a reply to an early turn: Claude and the speech context start now, the audio is held. */
  private speculate(text: string, at: number): void {
    if (this.o.speculate === false || this.current || text === '') return;
    if (this.speculative?.speculative && sameWords(this.speculative.speculative, text)) return;
    this.abandonSpeculation();
    this.speculation.started += 1;
    this.speculative = this.startReply(at, text);
  }

  /** The turn ended with the words the prepared reply answers: it becomes the reply and plays. */
  private confirm(r: Reply, at: number): void {
    this.speculative = null;
    r.letToolsRun();
    this.speculation.used += 1;
    this.turnCount += 1;
    r.speculative = null;
    r.turnEndAt = at;
    this.current = r;
    // Anything prepared before the turn ended counts from its end: the runner's share is what follows it.
    r.llmAt = Math.max(r.llmAt, at);
    if (r.sentenceAt !== null) r.sentenceAt = Math.max(r.sentenceAt, at);
    if (r.ttsAt !== null) r.ttsAt = Math.max(r.ttsAt, at);
    if (r.audioAt !== null) {
      r.audioAt = Math.max(r.audioAt, at);
      this.turns.setAgentSpeaking(true);
    }
    r.utterance.play();
  }

  /** Drops the prepared reply, if any: nothing of it was played. */
  private abandonSpeculation(): void {
    const r = this.speculative;
    if (!r) return;
    this.speculative = null;
    r.abandoned = true;
    this.speculation.wasted += 1;
    // A reply that already finished cost what it cost; one still streaming reports it when the abort lands.
    if (r.spent) this.wasted(r.spent);
    r.llm?.abort();
    // After the abort, so the reply's tools, waiting on this, see it and never run.
    r.letToolsRun();
    r.utterance.cancel();
  }

  private wasted(spent: NonNullable<Reply['spent']>): void {
    this.speculation.wastedInputTokens += spent.inputTokens;
    this.speculation.wastedOutputTokens += spent.outputTokens;
  }

  /** The caller made a sound over the agent: hold its audio until words say barge-in, or the window says it was nothing. */
  private pauseForCaller(): void {
    if (this.over || this.ending || this.hushed || !this.turns.agentSpeaking || !this.pacer || this.pacer.isPaused) return;
    this.pacer.pause();
    this.pauseTimer = this.o.clock.setTimeout(() => this.resumeAfterPause(), this.o.pauseWindowMs ?? 1000);
  }

  private resumeAfterPause(): void {
    if (this.pauseTimer) this.o.clock.clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
    this.pacer?.resume();
  }

  private endPause(): void {
    if (this.pauseTimer) this.o.clock.clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
  }

  /** Caller words over the agent: drop every unplayed byte, stop synthesis and thinking, keep what was heard. */
  private bargeIn(at: number): void {
    const speaking = this.current ?? null;
    const utterance = speaking?.utterance ?? this.greeting ?? this.canned?.utterance;
    if (!utterance) return;
    this.endPause();
    this.pacer?.clear();
    // Mid-replacement the new stream takes the audio: nothing goes to the old one.
    if (this.switching) this.pacer?.pause();
    const clearedAt = this.o.clock.now();
    utterance.cancel();
    speaking?.llm?.abort();
    const heard = utterance.heard.heard();
    // Replace the reply's (or greeting's) full text with what was heard, marked as cut off.
    const said = utterance === this.greeting ? this.o.agent.greeting : utterance.heard.fullText.trim();
    const lastAgent = this.history.at(-1);
    if (lastAgent?.role === 'assistant' && lastAgent.text === said) this.history.pop();
    // Tools the cut-off reply ran still ran: the model keeps what they answered.
    const tools = speaking?.tools ?? [];
    if (heard.text || tools.length > 0)
      this.history.push({ role: 'assistant', text: heard.text ? `${heard.text}…` : '', ...(tools.length > 0 ? { tools } : {}) });
    this.line('agent', heard.text, true, true);
    this.o.onBargeIn?.({ reactionMs: clearedAt - at, heardText: heard.text });
    if (utterance === this.greeting) this.greeting = null;
    if (this.canned?.utterance === utterance) this.canned = null;
    if (speaking) this.dropAfter(speaking);
    this.current = null;
    this.turns.setAgentSpeaking(false);
  }

  /** What waited for a reply that will not finish playing is told so. */
  private dropAfter(r: Reply): void {
    const after = r.after;
    r.after = null;
    after?.dropped();
  }

  /**
   * Starts one streamed reply: to the history as it stands, or, with `early`, to the history and
   * the caller's early turn, held unplayed until `confirm`.
   */
  private startReply(turnEndAt: number, early: string | null = null): Reply {
    const splitter = new SentenceSplitter();
    let letToolsRun = (): void => undefined;
    const toolsMayRun = early === null ? Promise.resolve() : new Promise<void>((resolve) => (letToolsRun = resolve));
    const r: Reply = {
      utterance: this.utterance(
        {
          onFirstAudio: () => {
            r.audioAt = this.o.clock.now();
            if (r.speculative === null) this.turns.setAgentSpeaking(true);
          },
          onPlayed: () => this.replyPlayed(r),
          onError: (e) => {
            if (this.current === r) this.fail(e, 'tts');
            else if (this.speculative === r) this.abandonSpeculation();
          },
        },
        early !== null,
      ),
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
    const live = (): boolean => this.current === r || this.speculative === r;
    if (early === null) {
      this.current = r;
      this.turnCount += 1;
    }
    const send = (pieces: string[], last: boolean): void => {
      for (const [i, piece] of pieces.entries()) {
        if (r.sentenceAt === null) r.sentenceAt = this.o.clock.now();
        r.utterance.push(piece, last && i === pieces.length - 1);
        if (r.ttsAt === null) r.ttsAt = this.o.clock.now();
      }
      if (last && pieces.length === 0) r.utterance.push('', true);
    };
    let afterTool = false;
    let saidAny = false;
    r.llmAt = this.o.clock.now();
    const history = early === null ? [...this.history] : [...this.history, { role: 'user' as const, text: early }];
    r.llm = this.o.reply(history, {
      onText: (delta) => {
        // The model's text after a tool starts a new block, with no space before it.
        const text = afterTool && !/^\s/.test(delta) ? ` ${delta}` : delta;
        afterTool = false;
        if (delta.trim() !== '') saidAny = true;
        if (live()) send(splitter.push(text), false);
      },
      beforeTools: (names) => {
        // What the model said before calling the tool is its filler line: spoken (or held, if early) while the tool runs.
        // A model that said nothing first gets one short fixed line, so the caller does not wait in silence
        // (none for quiet tools: keys for a phone menu are not talked over).
        const quiet = names !== undefined && names.length > 0 && names.every((n) => this.o.quietTools?.(n) === true);
        if (live()) send(saidAny || quiet ? splitter.flush() : [closingLines(this.o.agent.language).holdOn], false);
        afterTool = true;
        return r.toolsMayRun;
      },
      onToolResults: (exchange) => {
        if (live()) r.tools.push(exchange);
      },
      onClose: (close) => {
        // Recorded only: the hang-up it asks for happens once the reply played, so never before the turn is confirmed.
        r.close = close;
      },
      onError: (e) => {
        if (this.current === r) this.fail(e, 'llm');
        else if (this.speculative === r) this.abandonSpeculation();
      },
      onDone: (result) => {
        this.llm.inputTokens += result.inputTokens;
        this.llm.outputTokens += result.outputTokens;
        this.llm.cacheReadTokens += result.cacheReadTokens;
        r.spent = { inputTokens: result.inputTokens, outputTokens: result.outputTokens };
        if (r.abandoned) this.wasted(r.spent);
        if (live() && !result.aborted) send(splitter.flush(), true);
      },
    });
    return r;
  }

  private chunkSent(at: number): void {
    const r = this.current;
    if (!r || r.measured || r.audioAt === null || r.sentenceAt === null || r.ttsAt === null) return;
    // Once per turn: the first chunk of the reply.
    r.measured = true;
    const startMs = r.llmAt - r.turnEndAt;
    const toTtsMs = r.ttsAt - r.sentenceAt;
    const toCarrierMs = at - r.audioAt;
    this.o.onTurn?.({
      turn: this.turnCount,
      startMs,
      toTtsMs,
      toCarrierMs,
      overheadMs: startMs + toTtsMs + toCarrierMs,
      totalMs: at - r.turnEndAt,
    });
  }

  private replyPlayed(r: Reply): void {
    if (this.current !== r) return;
    const text = r.utterance.heard.fullText.trim();
    if (r.utterance.heard.synthesised && text.length > 0)
      this.msPerChar = Math.max(20, Math.min(200, r.utterance.heard.audioMs / text.length));
    if (text || r.tools.length > 0) this.history.push({ role: 'assistant', text, ...(r.tools.length > 0 ? { tools: r.tools } : {}) });
    if (text) this.line('agent', text, true, false);
    this.current = null;
    if (r.close) return this.finish(r.close.outcome as CallOutcome, r.close.reason || 'The agent ended the call.', true);
    const after = r.after;
    r.after = null;
    if (after) return after.run();
    this.spoke();
  }

  private dropReply(): void {
    const r = this.current;
    if (!r) return;
    this.dropAfter(r);
    r.llm?.abort();
    r.utterance.cancel();
    if (r.utterance.playing) this.pacer?.clear();
    this.current = null;
  }

  private armSilence(): void {
    this.holdSilence();
    if (this.over || this.ending || this.hushed || this.switching) return;
    this.silence = this.o.clock.setTimeout(() => this.silent(), this.o.silenceMs ?? 8000);
  }

  private holdSilence(): void {
    if (this.silence) this.o.clock.clearTimeout(this.silence);
    this.silence = null;
  }

  private silent(): void {
    this.silence = null;
    if (this.current || this.canned || this.turns.partial) return;
    this.silentChecks += 1;
    const lines = closingLines(this.o.agent.language);
    if (this.silentChecks === 1) return this.say(lines.stillThere, () => this.spoke());
    this.wrapUp('no_answer', 'The line stayed silent.', lines.silentGoodbye);
  }

  /** Says a fixed line, then runs `then` once it was played. */
  private say(text: string, then: () => void): void {
    const u = this.utterance({
      onPlayed: () => (this.canned?.utterance === u ? ((this.canned = null), then()) : undefined),
      onError: () => this.finish('failed', 'The agent could not speak.', true),
    });
    this.canned = { utterance: u, then };
    this.turns.setAgentSpeaking(true);
    this.history.push({ role: 'assistant', text });
    this.line('agent', text, true, false);
    u.push(text, true);
  }

  /** Says a closing line (unless the voice itself failed), then hangs up with the outcome. */
  private wrapUp(outcome: CallOutcome, reason: string, line: string | null): void {
    if (this.over || this.ending) return;
    this.ending = true;
    this.holdSilence();
    this.endPause();
    this.abandonSpeculation();
    this.dropReply();
    if (!line || !this.leg || !this.tts) return this.finish(outcome, reason, true);
    this.say(line, () => this.finish(outcome, reason, true));
    // A closing line that never plays must not hold the call open.
    this.o.clock.setTimeout(() => this.finish(outcome, reason, true), 15_000);
  }

  private fail(error: AppError, source: 'stt' | 'tts' | 'llm'): void {
    if (this.over) return;
    const reason = error.message;
    if (!this.leg) return this.finish('failed', reason, true);
    this.wrapUp('failed', reason, source === 'tts' ? null : closingLines(this.o.agent.language).apology);
  }

  private line(speaker: 'agent' | 'caller', text: string, final: boolean, interrupted: boolean): void {
    if (text || interrupted) this.o.onLine?.({ speaker, text, final, interrupted });
  }

  private finish(outcome: CallOutcome, reason: string, hangUp: boolean): void {
    if (this.over) return;
    this.over = true;
    this.holdSilence();
    this.endPause();
    this.abandonSpeculation();
    this.keys.clear();
    if (this.limit) this.o.clock.clearTimeout(this.limit);
    if (this.current) this.dropAfter(this.current);
    this.current?.llm?.abort();
    this.current?.utterance.cancel();
    this.greeting?.cancel();
    this.canned?.utterance.cancel();
    this.pacer?.stop();
    const leg = this.leg;
    if (hangUp && leg)
      void this.o
        .hangup()
        .catch(() => undefined)
        .finally(() => leg.close());
    else leg?.close();
    const talkMs = this.answeredAt === null ? 0 : this.o.clock.now() - this.answeredAt;
    this.resolveEnded({
      outcome,
      reason,
      answered: this.answeredAt !== null,
      talkMs,
      history: [...this.history],
      llm: { ...this.llm },
      turns: this.turnCount,
      speculation: { ...this.speculation },
    });
  }
}
