/**
 * One call from the console (Talk): the operator's microphone and speakers are the caller. It runs
 * through the same pipeline as a phone call — the call session with Claude, the Deepgram and
 * Cartesia sockets in the console's 16 kHz format, the agent's tools, the greeting cache, the
 * call's books (row, sealed transcript, metering, extraction) — with no carrier: nothing is dialled,
 * no carrier minute is metered, and the call is always a test. Each reply's voice-to-voice time
 * (the caller's last voiced frame → the reply's first frame handed to the window) goes to the window.
 */
import { CONSOLE_PARTY } from '../../../../shared/call-lists';
import { AppError } from '../../../../shared/errors';
import type { CallEventView } from '../../../../shared/voice-runner';
import type { AgentView } from '../../../../shared/voice-agents';
import type { Actor } from '../../audit/audit';
import { CallBooks } from '../call/books';
import type { ConsoleKeys } from '../call/keys';
import { agentVoice, openStreamsWithGreeting, wireSession, type StreamsInput } from '../call/wiring';
import type { Clock } from '../clock';
import type { VoiceDeps } from '../deps';
import { callScope } from '../runner/fault-guard';
import type { CallSession, SessionEnd, TurnMetric } from '../session/call-session';
import { NOTHING_SAID } from '../call/placed-call-types';
import type { FrameClock } from '../session/frame-clock';
import type { GreetingCache } from '../session/greeting-cache';
import type { ToolNetwork } from '../tools/http-tool';
import type { SttStream, TtsStream } from '../types';
import { ConsoleLeg, type ConsoleSpeaker } from './console-leg';
import { CONSOLE_LINE } from './console-line';

/** One reply's timing, as the console shows it. */
export interface TalkTurn {
  readonly turn: number;
  /** The caller's last voiced frame → the reply's first frame handed to the window (null when the caller never spoke). */
  readonly voiceToVoiceMs: number | null;
  /** The caller's turn confirmed → the reply's first frame, provider time included. */
  readonly replyMs: number;
  /** Switchboard's own share of the reply time. */
  readonly runnerMs: number;
}

/** What a console call needs. */
export interface TalkCallDeps extends Pick<VoiceDeps, 'calls' | 'audit' | 'agents' | 'agentTools' | 'extractor' | 'now' | 'env'> {
  readonly clock: Clock;
  readonly frames?: FrameClock;
  readonly greetings?: GreetingCache;
  readonly emit: (event: CallEventView) => void;
  readonly silenceMs?: number;
  readonly maxCallMs?: number;
  /** Test-only trust for simulators' certificates. */
  readonly ca?: string;
  /** How the agent's HTTP tools reach the network (test-only loopback and certificate). */
  readonly toolNetwork?: ToolNetwork;
  readonly recogniser?: StreamsInput['recogniser'];
}

/** What to start. */
export interface TalkInput {
  readonly workspaceId: string;
  readonly agent: AgentView;
  readonly keys: ConsoleKeys;
  readonly actor: Actor;
  /** Where the agent's audio, marks and clears go. */
  readonly speakerFor: (callId: string) => ConsoleSpeaker;
  /** Each reply's timing. */
  readonly onTurn: (callId: string, turn: TalkTurn) => void;
}

/** How a console call ended. */
export interface TalkEnd {
  readonly id: string;
  readonly session: SessionEnd;
  /** The extraction, when the agent has a schema; resolves once its result is stored (never rejects). */
  readonly extraction?: Promise<unknown>;
}

/** How long a started call waits for the window's first frame. */
const ANSWER_MS = 30_000;

/** One console call. */
export class TalkCall {
  readonly id: string;
  /** Resolves once everything about the call is stored. */
  readonly done: Promise<TalkEnd>;
  private resolveDone!: (end: TalkEnd) => void;
  private session!: CallSession;
  private readonly leg: ConsoleLeg;
  private stt: SttStream | null = null;
  private tts: TtsStream | null = null;
  private wrapped = false;
  private answered = false;
  private answerTimer: ReturnType<Clock['setTimeout']> | null = null;

  private constructor(
    private readonly books: CallBooks,
    private readonly deps: TalkCallDeps,
    private readonly input: TalkInput,
  ) {
    this.id = books.id;
    this.leg = new ConsoleLeg(books.id, input.speakerFor(books.id), deps.clock);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /**
   * Writes the call's row, opens the sockets and readies the greeting; the call is answered when the
   * window's first frame arrives (as a phone call is when the carrier's media stream opens), and ends
   * as failed if none comes within ANSWER_MS.
   */
  static async start(deps: TalkCallDeps, input: TalkInput): Promise<TalkCall> {
    const books = CallBooks.open(deps, {
      workspaceId: input.workspaceId,
      agent: input.agent,
      to: CONSOLE_PARTY,
      keys: input.keys,
      actor: input.actor,
      test: true,
    });
    const call = new TalkCall(books, deps, input);
    try {
      await callScope.run(call.id, () => call.open());
    } catch (err) {
      const error = err instanceof AppError ? err : new AppError('INTERNAL', 'The call from the console could not be started.');
      await call.wrapUp({ ...NOTHING_SAID, outcome: 'failed', reason: error.message });
      throw error;
    }
    return call;
  }

  /** The workspace the call belongs to. */
  get workspaceId(): string {
    return this.input.workspaceId;
  }

  /** A frame of the caller's audio from the window. */
  hear(audio: Buffer): void {
    callScope.run(this.id, () => {
      if (!this.answered) this.answer();
      this.leg.hear(audio);
    });
  }

  /** The window played the audio before a mark. */
  heard(mark: string): void {
    callScope.run(this.id, () => this.leg.heard(mark));
  }

  /** The operator hung up in the console: for the agent, the caller hung up. */
  hangUp(): void {
    if (this.answered) this.leg.close();
    else this.session.end('failed', 'The operator ended the call before the console sent any audio.');
  }

  /** Something about this call alone failed: audited, then the call ends with the reason. */
  fault(reason: string): void {
    if (this.wrapped) return;
    this.books.fault(reason);
    this.session.end('failed', reason);
  }

  private async open(): Promise<void> {
    const { clock, env } = this.deps;
    const { agent, keys, workspaceId } = this.input;
    this.session = wireSession({
      clock,
      agent,
      keys,
      carrier: CONSOLE_LINE,
      env,
      tools: this.deps.agentTools.forCall(workspaceId, agent.id),
      toolNetwork: this.deps.toolNetwork,
      record: (event) => this.books.event(event),
      silenceMs: this.deps.silenceMs,
      maxCallMs: this.deps.maxCallMs,
      // The agent hung up: the window is told through the call's end; the leg closes with it.
      hangup: async () => this.leg.close(),
      onLine: (line) => this.books.line(line),
      onTurn: (metric) => this.turn(metric),
      frames: this.deps.frames,
    });
    void this.session.ended.then((end) => this.wrapUp(end));
    const voice = agentVoice(this.deps.agents, workspaceId, agent).then((found) => found.voiceId);
    const { stt, tts } = await openStreamsWithGreeting({
      session: this.session,
      keys,
      agent,
      carrier: CONSOLE_LINE,
      voiceId: voice,
      clock,
      env,
      recogniser: this.deps.recogniser,
      ca: this.deps.ca,
      greetings: this.deps.greetings,
    });
    this.stt = stt;
    this.tts = tts;
    if (this.session.isOver)
      throw new AppError('PROVIDER_UNREACHABLE', 'The greeting could not be synthesised, so the call did not start.');
    this.books.setState('ringing');
    this.answerTimer = clock.setTimeout(
      () => this.session.end('failed', 'The console sent no audio, so the call never started.'),
      ANSWER_MS,
    );
  }

  /** The window's first frame: the caller is on the line, and the agent greets them. */
  private answer(): void {
    if (this.answerTimer) this.deps.clock.clearTimeout(this.answerTimer);
    this.answerTimer = null;
    if (this.session.isOver || !this.stt) return;
    this.answered = true;
    this.books.answered();
    this.leg.onFault((reason) => this.fault(reason));
    this.session.answered(this.leg, this.stt);
  }

  /** A reply's first frame went to the window: its timing, with the voice-to-voice time the caller lived. */
  private turn(metric: TurnMetric): void {
    const voiceAt = this.leg.lastVoiceAt;
    this.input.onTurn(this.id, {
      turn: metric.turn,
      voiceToVoiceMs: voiceAt === null ? null : Math.max(0, Math.round(this.deps.clock.now() - voiceAt)),
      replyMs: Math.round(metric.totalMs),
      runnerMs: Math.round(metric.overheadMs * 10) / 10,
    });
  }

  /** Closes the sockets, then has the books meter the three keys and store the outcome; runs once. */
  private async wrapUp(end: SessionEnd): Promise<void> {
    if (this.wrapped) return;
    this.wrapped = true;
    if (this.answerTimer) this.deps.clock.clearTimeout(this.answerTimer);
    this.leg.close();
    await Promise.all([this.stt?.close(), this.tts?.close()].map((closing) => closing?.catch(() => undefined)));
    const talkSeconds = Math.round(end.talkMs / 1000);
    this.books.close(end, { placed: true, talkSeconds, sttSeconds: this.stt?.audioSeconds ?? 0, ttsCharacters: this.tts?.characters ?? 0 });
    const extraction = end.answered
      ? this.deps.extractor.afterCall({
          workspaceId: this.input.workspaceId,
          callId: this.id,
          agentId: this.input.agent.id,
          key: this.input.keys.llm,
          clock: this.deps.clock,
        })
      : undefined;
    this.resolveDone({ id: this.id, session: end, extraction });
  }
}
