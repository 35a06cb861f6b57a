/**
 * One call the runner places, from the row written before dialling to the usage metered after the
 * hang-up: STT and TTS sockets opened (and the greeting synthesised) before the carrier is asked to
 * dial, the media server told exactly which call and token to accept, the carrier's status callbacks
 * and media leg fed to the call session, and everything closed and stored however the call ends.
 * The wiring is in wiring.ts, the books in books.ts, and everything about the carrier in its own
 * object (../carriers/carrier.ts).
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import type { CallEventView, LiveCall } from '../../../../shared/voice-runner';
import type { AgentView } from '../../../../shared/voice-agents';
import type { Actor } from '../../audit/audit';
import { CallBooks } from './books';
import { agentVoice, openStreams, wireSession, type StreamsInput } from './wiring';
import type { CallKeys } from './keys';
import type { Carrier } from '../carriers/carrier';
import { CARRIERS } from '../carriers/catalog';
import type { Clock } from '../clock';
import type { VoiceDeps } from '../deps';
import { callScope } from '../runner/fault-guard';
import type { FrameClock } from '../session/frame-clock';
import type { GreetingCache } from '../session/greeting-cache';
import type { MediaServer } from '../runner/media-server';
import { NO_SPECULATION, type BargeInMetric, type CallSession, type SessionEnd, type TurnMetric } from '../session/call-session';
import type { CallLeg, CallOutcome, CarrierStatus, ExpectedCall, MachineVerdict, SttStream, TtsStream } from '../types';
import type { ToolNetwork } from '../tools/http-tool';
import { openingWords } from '../recording/consent';
import { CallRecorder } from '../recording/recorder';
import { recordedLeg } from '../recording/tap';

/** What a placed call needs from its runner. */
export interface PlacedCallDeps extends Pick<VoiceDeps, 'calls' | 'recordings' | 'audit' | 'agents' | 'agentTools' | 'now' | 'env'> {
  readonly media: MediaServer;
  readonly clock: Clock;
  readonly emit: (event: CallEventView) => void;
  /** Time limit of each provider request made while dialling (default 15 s). */
  readonly timeoutMs?: number;
  readonly silenceMs?: number;
  readonly maxCallMs?: number;
  /** How long to wait for the callee's media after dialling (default 75 s: Twilio rings 60). */
  readonly answerTimeoutMs?: number;
  /** Test-only trust for simulators' certificates. */
  readonly ca?: string;
  /** How the agent's HTTP tools reach the network (test-only loopback and certificate). */
  readonly toolNetwork?: ToolNetwork;
  readonly onTurn?: (m: TurnMetric) => void;
  readonly onBargeIn?: (m: BargeInMetric) => void;
  readonly onFrame?: (lateMs: number) => void;
  /** The runner's shared 20 ms tick for every call's outbound audio (without it each call keeps a timer). */
  readonly frames?: FrameClock;
  /** Greetings synthesised once per agent version and replayed (the runner keeps one cache). */
  readonly greetings?: GreetingCache;
  /** Which Deepgram recogniser hears callers (wiring.ts; default by the agent's language). */
  readonly recogniser?: StreamsInput['recogniser'];
  /** Prepare replies on early turns (the session's `speculate`, default true); the bench turns it off for its baseline. */
  readonly speculate?: boolean;
}

/** What to place. */
export interface PlaceInput {
  readonly workspaceId: string;
  readonly agent: AgentView;
  readonly to: string;
  readonly keys: CallKeys;
  readonly actor: Actor;
  readonly test?: boolean;
  readonly campaignId?: string | null;
  /** Answering-machine detection (Twilio, async): hang up on a machine, or leave `message` after the beep. */
  readonly machine?: { readonly choice: 'hangup' | 'voicemail'; readonly message: string } | null;
  /** Awaited just before the carrier's dial request, once the sockets are open; what it returns is called once the request is answered. */
  readonly beforeDial?: () => Promise<(() => void) | void>;
  /** A call that rang on an attached number: nothing is dialled, `to` is the number and this the caller. */
  readonly inbound?: { readonly from: string; readonly carrierCallId: string };
}

/** Where the carrier is told to stream an inbound call, and the call's single-use token. */
export interface InboundStream {
  readonly streamUrl: string;
  readonly token: string;
}

/** How a placed call ended. */
export interface CallEnd {
  readonly id: string;
  readonly outcome: CallOutcome;
  readonly reason: string;
  readonly answered: boolean;
  readonly durationSeconds: number;
  readonly session: SessionEnd | null;
}

/** How a call that never got to talk ended, but for its outcome and reason. */
const NOTHING_SAID: Omit<SessionEnd, 'outcome' | 'reason'> = {
  answered: false,
  talkMs: 0,
  history: [],
  llm: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 },
  turns: 0,
  speculation: NO_SPECULATION,
};

const CARRIER_END: Readonly<Record<string, CallOutcome>> = { busy: 'busy', 'no-answer': 'no_answer', failed: 'failed', canceled: 'failed' };
const ENDED_BECAUSE: Readonly<Partial<Record<CallOutcome, string>>> = { busy: 'The line was busy.', no_answer: 'Nobody answered.' };

/** One call from dial to metering. */
export class PlacedCall {
  /** Resolves once everything about the call is stored. */
  readonly done: Promise<CallEnd>;
  readonly id: string;
  private resolveDone!: (end: CallEnd) => void;
  private readonly carrier: Carrier;
  private session!: CallSession;
  private stt: SttStream | null = null;
  private tts: TtsStream | null = null;
  private carrierCallId: string | null = null;
  private carrierSeconds: number | null = null;
  private voiceFallback: string | null = null;
  private answerTimer: ReturnType<Clock['setTimeout']> | null = null;
  private forget: (() => void) | null = null;
  private wrapped = false;
  private leg: CallLeg | null = null;
  /** A machine verdict that came before the media stream did. */
  private earlyVerdict: MachineVerdict | null = null;
  /** Both sides of the call, when its agent records (recording/recorder.ts). */
  private recorder: CallRecorder | null = null;

  private constructor(
    private readonly books: CallBooks,
    private readonly d: PlacedCallDeps,
    private readonly input: PlaceInput,
  ) {
    this.id = books.id;
    this.carrier = CARRIERS[input.keys.carrier.provider];
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Writes the call's row, opens the provider sockets, dials; resolves once the carrier accepted the call. */
  static async place(d: PlacedCallDeps, input: PlaceInput): Promise<PlacedCall> {
    const call = new PlacedCall(CallBooks.open(d, input), d, input);
    try {
      // Everything the call starts (timers, sockets, promises) carries its id, for the fault guard.
      await callScope.run(call.id, () => call.dial());
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', 'The call could not be placed.');
      await call.wrapUp({ ...NOTHING_SAID, outcome: 'failed', reason: e.message });
      throw e;
    }
    return call;
  }

  /**
   * Answers a call that rang on an attached number: the row is written, the sockets opened and the
   * greeting readied as for a placed call, then the media server expects this call's stream;
   * resolves with the stream the carrier is told to open.
   */
  static async answer(
    d: PlacedCallDeps,
    input: PlaceInput & { readonly inbound: NonNullable<PlaceInput['inbound']> },
  ): Promise<{ call: PlacedCall; stream: InboundStream }> {
    const call = new PlacedCall(CallBooks.open(d, input), d, input);
    try {
      const stream = await callScope.run(call.id, () => call.ready(input.inbound.carrierCallId));
      call.books.ringing(input.inbound.carrierCallId);
      call.carrierCallId = input.inbound.carrierCallId;
      call.answerTimer = d.clock.setTimeout(
        () => call.session.end('failed', 'The caller hung up before the stream opened.'),
        d.answerTimeoutMs ?? 75_000,
      );
      return { call, stream };
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', 'The call could not be answered.');
      await call.wrapUp({ ...NOTHING_SAID, outcome: 'failed', reason: e.message });
      throw e;
    }
  }

  /** Calls at once the Anthropic key allowed when this call was placed. */
  get ceiling(): number {
    return this.input.keys.ceiling;
  }

  /** The call as the console's live list shows it. */
  view(): LiveCall {
    return this.books.view();
  }

  /** Ends the call from Switchboard (the operator's hang-up). */
  hangup(): void {
    this.session.end('failed', 'The operator hung up from Switchboard.');
  }

  /** Why the call speaks with a public persona instead of the agent's own voice, or null when it does not. */
  get voiceNote(): string | null {
    return this.voiceFallback;
  }

  private async dial(): Promise<void> {
    const { keys } = this.input;
    const { carrier, books } = this;
    const where = await this.ready(null);
    books.setState('dialing');
    const dialled = await this.input.beforeDial?.();
    let callId: string;
    try {
      const request = {
        to: this.input.to,
        from: keys.from,
        streamUrl: where.streamUrl,
        token: where.token,
        statusUrl: where.statusUrl,
        machine: this.input.machine,
      };
      callId = await carrier.dial(keys.carrier, this.reach(), request);
    } finally {
      dialled?.();
    }
    where.expected.callId = callId;
    this.carrierCallId = callId;
    books.dialled(callId, this.voiceFallback);
    this.answerTimer = this.d.clock.setTimeout(() => this.session.end('no_answer', 'Nobody answered.'), this.d.answerTimeoutMs ?? 75_000);
  }

  /**
   * Everything before the carrier is asked for the call: the session wired, the STT and TTS sockets
   * open, the greeting readied, and the media server told which stream to accept (for the carrier's
   * call id when it is known already, as an inbound call's is).
   */
  private async ready(
    carrierCallId: string | null,
  ): Promise<{ streamUrl: string; statusUrl: string; token: string; expected: ExpectedCall }> {
    const { clock, env } = this.d;
    const { keys, agent } = this.input;
    const { carrier, books } = this;
    this.session = wireSession({
      clock,
      agent,
      keys,
      carrier,
      env,
      tools: this.d.agentTools.forCall(this.input.workspaceId, agent.id),
      toolNetwork: this.d.toolNetwork,
      silenceMs: this.d.silenceMs,
      maxCallMs: this.d.maxCallMs,
      hangup: () => this.hangUpCarrier(),
      onLine: (line) => books.line(line),
      onTurn: this.d.onTurn,
      onBargeIn: this.d.onBargeIn,
      onFrame: this.d.onFrame,
      frames: this.d.frames,
      speculate: this.d.speculate,
    });
    void this.session.ended.then((end) => this.wrapUp(end));
    // Sockets first: a call is never placed that could not be heard or answered.
    const voiceId = agentVoice(this.d.agents, this.input.workspaceId, agent).then((voice) => {
      this.voiceFallback = voice.fallback;
      return voice.voiceId;
    });
    const { stt, tts } = await openStreams({
      session: this.session,
      keys,
      agent,
      carrier,
      voiceId,
      clock,
      env,
      recogniser: this.d.recogniser,
      ca: this.d.ca,
    });
    this.stt = stt;
    this.tts = tts;
    const { audio, codec } = carrier;
    const greeting = {
      agentId: agent.id,
      text: openingWords(agent),
      voiceId: await voiceId,
      language: agent.language,
      encoding: audio.tts,
      sampleRate: audio.sampleRate,
    };
    this.session.attachTts(tts, this.d.greetings?.stream(greeting, tts, codec.bytesPerMs) ?? tts);
    const token = randomBytes(24).toString('base64url');
    const expected: ExpectedCall = {
      token,
      carrier: carrier.id,
      signingSecret: carrier.signingSecret(keys.carrier),
      callId: carrierCallId,
      onLeg: (leg) => this.answered(leg),
      onStatus: (status) => callScope.run(this.id, () => this.status(status)),
      onMachine: (verdict) => callScope.run(this.id, () => this.machine(verdict)),
    };
    const where = this.d.media.expect(expected);
    this.forget = where.forget;
    if (this.session.isOver)
      throw new AppError('PROVIDER_UNREACHABLE', 'The greeting could not be synthesised, so the call was not placed.');
    return { streamUrl: where.streamUrl, statusUrl: where.statusUrl, token, expected };
  }

  /** Where the carrier's REST API is, and how long a request may take. */
  private reach(): { readonly env: VoiceDeps['env']; readonly timeoutMs: number } {
    return { env: this.d.env, timeoutMs: this.d.timeoutMs ?? 15_000 };
  }

  private answered(leg: CallLeg): void {
    callScope.run(this.id, () => this.answer(leg));
  }

  private answer(leg: CallLeg): void {
    if (this.answerTimer) this.d.clock.clearTimeout(this.answerTimer);
    const want = this.carrier.audio.leg;
    if (leg.format.encoding !== want || !this.stt) {
      leg.close();
      return this.session.end('failed', `The carrier streamed ${leg.format.encoding} audio where ${want} was expected.`);
    }
    this.leg = leg;
    leg.onFault?.((reason) => this.fault(reason));
    this.books.answered();
    if (this.input.agent.record)
      this.recorder = new CallRecorder(this.d.clock, leg.format.encoding, (this.d.maxCallMs ?? 600_000) + 30_000);
    this.session.answered(this.recorder ? recordedLeg(leg, this.recorder) : leg, this.stt);
    if (this.earlyVerdict) this.act(this.earlyVerdict);
  }

  /** Something about this call alone failed (an unreadable frame, a throw while handling one): audited, then the call ends with the reason. */
  fault(reason: string): void {
    if (this.wrapped) return;
    this.books.fault(reason);
    this.session.end('failed', reason);
  }

  private status(s: CarrierStatus): void {
    if (s.durationSeconds !== null) this.carrierSeconds = s.durationSeconds;
    if (s.status === 'ringing') this.books.setState('ringing');
    const ended = CARRIER_END[s.status];
    if (ended) this.session.end(ended, ENDED_BECAUSE[ended] ?? 'The carrier could not connect the call.');
    else if (s.status === 'completed') this.session.callerHungUp();
  }

  /** Records Twilio's async AMD verdict on the call, then acts on it. */
  private machine(v: MachineVerdict): void {
    if (this.session.isOver) return;
    this.books.machine(v);
    if (!this.leg) this.earlyVerdict = v;
    else this.act(v);
  }

  /**
   * What each verdict means, as Twilio's AMD docs describe them: machine_end_* come after the
   * greeting's beep (DetectMessageEnd), the moment to leave a message; machine_start comes at the
   * start of the greeting (Enable); human and unknown are talked to; a fax has nobody to talk to.
   */
  private act(v: MachineVerdict): void {
    const choice = this.input.machine ?? null;
    switch (v.answeredBy) {
      case 'human':
      case 'unknown':
        return;
      case 'fax':
        return this.session.end('failed', 'A fax machine answered; there is nobody to talk to.');
      case 'machine_start':
        if (choice?.choice === 'voicemail') return this.session.awaitBeep();
        return this.session.end('voicemail', 'An answering machine picked up; the agent hung up as configured.');
      case 'machine_end_beep':
      case 'machine_end_silence':
      case 'machine_end_other':
        if (choice?.choice === 'voicemail') return this.session.leaveMessage(choice.message);
        return this.session.end('voicemail', 'An answering machine picked up; the agent hung up as configured.');
    }
  }

  private async hangUpCarrier(): Promise<void> {
    if (!this.carrierCallId) return;
    await this.carrier.hangUp(this.input.keys.carrier, this.reach(), this.carrierCallId, this.leg);
  }

  /** Stores the call's recording; one that cannot be stored is the call's fault, not a reason to lose its books. */
  private keepRecording(recorder: CallRecorder): void {
    try {
      this.d.recordings.save(this.input.workspaceId, this.id, recorder.finish(), this.input.actor);
    } catch (err) {
      this.books.fault(err instanceof AppError ? `The recording was not kept: ${err.message}` : 'The recording was not kept.');
    }
  }

  /** Closes the sockets, then has the books meter every key and store the outcome; runs once. */
  private async wrapUp(end: SessionEnd): Promise<void> {
    const placed = this.carrierCallId !== null;
    if (this.wrapped) return;
    this.wrapped = true;
    if (this.answerTimer) this.d.clock.clearTimeout(this.answerTimer);
    this.forget?.();
    await Promise.all([this.stt?.close(), this.tts?.close()].map((closing) => closing?.catch(() => undefined)));
    const talkSeconds = this.carrierSeconds ?? Math.round(end.talkMs / 1000);
    this.books.close(end, { placed, talkSeconds, sttSeconds: this.stt?.audioSeconds ?? 0, ttsCharacters: this.tts?.characters ?? 0 });
    if (this.recorder) this.keepRecording(this.recorder);
    const { outcome, reason, answered } = end;
    this.resolveDone({ id: this.id, outcome, reason, answered, durationSeconds: talkSeconds, session: placed ? end : null });
  }
}
