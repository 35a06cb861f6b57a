/**
 * One call the runner places, from the row written before dialling to the usage metered after the
 * hang-up: STT and TTS sockets opened (and the greeting synthesised) before the carrier is asked to
 * dial, the media server told exactly which call and token to accept, the carrier's status callbacks
 * and media leg fed to the call session, and everything closed and stored however the call ends.
 * The wiring is in wiring.ts, the books in books.ts, what it takes and reports in
 * placed-call-types.ts, answering machines in answering-machine.ts, the wait for the carrier's final
 * word at the end in final-word.ts, and everything about the carrier in its own object
 * (../carriers/carrier.ts).
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import type { LiveCall } from '../../../../shared/voice-runner';
import type { Carrier } from '../carriers/carrier';
import { CARRIERS } from '../carriers/catalog';
import type { Clock } from '../clock';
import type { VoiceDeps } from '../deps';
import { CallRecorder } from '../recording/recorder';
import { recordedLeg } from '../recording/tap';
import { callScope } from '../runner/fault-guard';
import type { CallSession, SessionEnd } from '../session/call-session';
import { TransferTool } from '../tools/transfer-tool';
import type { CallLeg, CallOutcome, CarrierStatus, ExpectedCall, MachineVerdict, SttStream, TtsStream } from '../types';
import { actOnVerdict } from './answering-machine';
import { CallBooks } from './books';
import { callBuiltins, withAgreedCallback, type CallBuiltins } from './builtins';
import { FinalWord } from './final-word';
import { HandOver, type SettledLeg } from './hand-over';
import { keyPadOf } from './key-press';
import { NOTHING_SAID, type CallEnd, type InboundStream, type PlacedCallDeps, type PlaceInput } from './placed-call-types';
import { agentVoice, openStreamsWithGreeting, wireSession } from './wiring';

export type { CallEnd, InboundStream, PlacedCallDeps, PlaceInput } from './placed-call-types';

const FINAL_STATUSES = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

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
  /** Registrations of streams that replaced the first (keys played mid-call), forgotten at the end. */
  private readonly forgets: (() => void)[] = [];
  private builtins: CallBuiltins | null = null;
  /** Hands the call to a person, when the agent has transfer targets and the carrier can. */
  private handOver: HandOver | null = null;
  /** The wait at the end for the carrier's final word on a handed-over call and its legs. */
  private readonly finalWord: FinalWord;
  private wrapped = false;
  private leg: CallLeg | null = null;
  /** A machine verdict that came before the media stream did. */
  private earlyVerdict: MachineVerdict | null = null;
  /** Both sides of the call, when its agent records (recording/recorder.ts). */
  private recorder: CallRecorder | null = null;

  private constructor(
    private readonly books: CallBooks,
    private readonly deps: PlacedCallDeps,
    private readonly input: PlaceInput,
  ) {
    this.id = books.id;
    this.carrier = CARRIERS[input.keys.carrier.provider];
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.finalWord = new FinalWord(deps.clock);
  }

  /** Writes the call's row, opens the provider sockets, dials; resolves once the carrier accepted the call. */
  static async place(deps: PlacedCallDeps, input: PlaceInput): Promise<PlacedCall> {
    const call = new PlacedCall(CallBooks.open(deps, input), deps, input);
    try {
      // Everything the call starts (timers, sockets, promises) carries its id, for the fault guard.
      await callScope.run(call.id, () => call.dial());
    } catch (err) {
      const error = err instanceof AppError ? err : new AppError('INTERNAL', 'The call could not be placed.');
      await call.wrapUp({ ...NOTHING_SAID, outcome: 'failed', reason: error.message });
      throw error;
    }
    return call;
  }

  /**
   * Answers a call that rang on an attached number: the row is written, the sockets opened and the
   * greeting readied as for a placed call, then the media server expects this call's stream;
   * resolves with the stream the carrier is told to open.
   */
  static async answer(
    deps: PlacedCallDeps,
    input: PlaceInput & { readonly inbound: NonNullable<PlaceInput['inbound']> },
  ): Promise<{ call: PlacedCall; stream: InboundStream }> {
    const call = new PlacedCall(CallBooks.open(deps, input), deps, input);
    try {
      const stream = await callScope.run(call.id, () => call.ready(input.inbound.carrierCallId));
      call.books.ringing(input.inbound.carrierCallId);
      call.carrierCallId = input.inbound.carrierCallId;
      call.answerTimer = deps.clock.setTimeout(
        () => call.session.end('failed', 'The caller hung up before the stream opened.'),
        deps.answerTimeoutMs ?? 75_000,
      );
      return { call, stream };
    } catch (err) {
      const error = err instanceof AppError ? err : new AppError('INTERNAL', 'The call could not be answered.');
      await call.wrapUp({ ...NOTHING_SAID, outcome: 'failed', reason: error.message });
      throw error;
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

  /** Ends the call from Switchboard (the operator's hang-up); a call already handed to a person is left to them and its books closed. */
  hangup(): void {
    this.session.end('failed', 'The operator hung up from Switchboard.');
    this.finalWord.stop();
  }

  /** Whether the agent handed the call to a person and left (it no longer holds an Anthropic slot). */
  get handedOver(): boolean {
    return this.handOver?.handedOver ?? false;
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
    this.answerTimer = this.deps.clock.setTimeout(
      () => this.session.end('no_answer', 'Nobody answered.'),
      this.deps.answerTimeoutMs ?? 75_000,
    );
  }

  /**
   * Everything before the carrier is asked for the call: the session wired, the STT and TTS sockets
   * open, the greeting readied, and the media server told which stream to accept (for the carrier's
   * call id when it is known already, as an inbound call's is).
   */
  private async ready(
    carrierCallId: string | null,
  ): Promise<{ streamUrl: string; statusUrl: string; token: string; expected: ExpectedCall }> {
    const { clock, env } = this.deps;
    const { keys, agent } = this.input;
    const { carrier, books } = this;
    this.builtins = this.builtinsFor();
    const targets = this.deps.transferTargets.forCall(this.input.workspaceId, agent.id);
    if (targets.length > 0 && carrier.transfers.supported)
      this.handOver = new HandOver({
        clock,
        carrier,
        keys,
        reach: () => this.reach(),
        media: this.deps.media,
        frames: this.deps.frames,
        session: () => this.session,
        callerCallId: () => this.carrierCallId,
        tts: () => this.tts,
        agent: { name: agent.name, language: agent.language },
        record: (event) => books.event(event),
      });
    this.session = wireSession({
      clock,
      agent,
      keys,
      carrier,
      env,
      tools: this.deps.agentTools.forCall(this.input.workspaceId, agent.id),
      toolNetwork: this.deps.toolNetwork,
      builtins: [...this.builtins.tools, ...(this.handOver ? [new TransferTool(targets, this.handOver)] : [])],
      record: (event) => books.event(event),
      silenceMs: this.deps.silenceMs,
      maxCallMs: this.deps.maxCallMs,
      hangup: () => this.hangUpCarrier(),
      onLine: (line) => books.line(line),
      onTurn: this.deps.onTurn ? (metric) => this.deps.onTurn?.(metric, this.id) : undefined,
      onBargeIn: this.deps.onBargeIn,
      onFrame: this.deps.onFrame,
      frames: this.deps.frames,
      speculate: this.deps.speculate,
    });
    void this.session.ended.then((end) => this.wrapUp(end));
    // Sockets first: a call is never placed that could not be heard or answered.
    const voiceId = agentVoice(this.deps.agents, this.input.workspaceId, agent).then((voice) => {
      this.voiceFallback = voice.fallback;
      return voice.voiceId;
    });
    const { stt, tts } = await openStreamsWithGreeting({
      session: this.session,
      keys,
      agent,
      carrier,
      voiceId,
      clock,
      env,
      recogniser: this.deps.recogniser,
      ca: this.deps.ca,
      greetings: this.deps.greetings,
    });
    this.stt = stt;
    this.tts = tts;
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
    const where = this.deps.media.expect(expected);
    this.forget = where.forget;
    if (this.session.isOver)
      throw new AppError('PROVIDER_UNREACHABLE', 'The greeting could not be synthesised, so the call was not placed.');
    return { streamUrl: where.streamUrl, statusUrl: where.statusUrl, token, expected };
  }

  /** Switchboard's own tools for this call: SMS to the number on the line, a campaign's callback, keys where the carrier plays them. */
  private builtinsFor(): CallBuiltins {
    const { clock, env } = this.deps;
    const keyPad = keyPadOf({
      carrier: this.carrier,
      key: this.input.keys.carrier,
      reach: () => this.reach(),
      media: this.deps.media,
      clock,
      carrierCallId: () => this.carrierCallId,
      session: {
        handOver: () => this.session.handOver(),
        handBack: () => this.session.handBack(),
        end: (outcome, reason) => this.session.end(outcome, reason),
        isOver: () => this.session.isOver,
        ended: () => this.session.ended,
      },
      takeOver: (leg) => callScope.run(this.id, () => this.takeOver(leg)),
      expected: {
        onStatus: (status) => callScope.run(this.id, () => this.status(status)),
        onMachine: (verdict) => callScope.run(this.id, () => this.machine(verdict)),
      },
      keep: (forget) => this.forgets.push(forget),
    });
    return callBuiltins({
      agent: this.input.agent,
      workspaceId: this.input.workspaceId,
      callId: this.id,
      // The other party: the callee of a placed call, the caller of one that rang on an attached number.
      lineNumber: this.input.inbound?.from ?? this.input.to,
      actor: this.input.actor,
      sms: { resolver: this.deps.resolver, dnc: this.deps.dnc, calls: this.deps.calls, audit: this.deps.audit, env, clock },
      now: () => this.deps.now().getTime(),
      callback: this.input.callback,
      keyPad,
    });
  }

  /** A stream that replaced the call's first (after keys were played) becomes the call's leg, checked like the first. */
  private takeOver(leg: CallLeg): boolean {
    if (this.wrapped || leg.format.encoding !== this.carrier.audio.leg) {
      leg.close();
      return false;
    }
    this.leg = leg;
    leg.onFault?.((reason) => this.fault(reason));
    this.session.resumeOn(leg);
    return true;
  }

  /** Where the carrier's REST API is, and how long a request may take. */
  private reach(): { readonly env: VoiceDeps['env']; readonly timeoutMs: number } {
    return { env: this.deps.env, timeoutMs: this.deps.timeoutMs ?? 15_000 };
  }

  private answered(leg: CallLeg): void {
    callScope.run(this.id, () => this.answer(leg));
  }

  private answer(leg: CallLeg): void {
    if (this.answerTimer) this.deps.clock.clearTimeout(this.answerTimer);
    const want = this.carrier.audio.leg;
    if (leg.format.encoding !== want || !this.stt) {
      leg.close();
      return this.session.end('failed', `The carrier streamed ${leg.format.encoding} audio where ${want} was expected.`);
    }
    this.leg = leg;
    leg.onFault?.((reason) => this.fault(reason));
    this.books.answered();
    if (this.input.agent.record)
      this.recorder = new CallRecorder(this.deps.clock, leg.format.encoding, (this.deps.maxCallMs ?? 600_000) + 30_000);
    this.session.answered(this.recorder ? recordedLeg(leg, this.recorder) : leg, this.stt);
    if (this.earlyVerdict) actOnVerdict(this.session, this.earlyVerdict, this.input.machine);
  }

  /** Something about this call alone failed (an unreadable frame, a throw while handling one): audited, then the call ends with the reason. */
  fault(reason: string): void {
    if (this.wrapped) return;
    this.books.fault(reason);
    this.session.end('failed', reason);
  }

  private status(status: CarrierStatus): void {
    if (status.durationSeconds !== null) this.carrierSeconds = status.durationSeconds;
    if (FINAL_STATUSES.has(status.status)) this.finalWord.callerFinal();
    if (status.status === 'ringing') this.books.setState('ringing');
    const ended = CARRIER_END[status.status];
    if (ended) this.session.end(ended, ENDED_BECAUSE[ended] ?? 'The carrier could not connect the call.');
    else if (status.status === 'completed') this.session.callerHungUp();
  }

  /** Records Twilio's async AMD verdict on the call, then acts on it (answering-machine.ts). */
  private machine(verdict: MachineVerdict): void {
    if (this.session.isOver) return;
    this.books.machine(verdict);
    if (!this.leg) this.earlyVerdict = verdict;
    else actOnVerdict(this.session, verdict, this.input.machine);
  }

  private async hangUpCarrier(): Promise<void> {
    if (!this.carrierCallId) return;
    await this.carrier.hangUp(this.input.keys.carrier, this.reach(), this.carrierCallId, this.leg);
  }

  /** Stores the call's recording; one that cannot be stored is the call's fault, not a reason to lose its books. */
  private keepRecording(recorder: CallRecorder): void {
    try {
      this.deps.recordings.save(this.input.workspaceId, this.id, recorder.finish(), this.input.actor);
    } catch (err) {
      this.books.fault(err instanceof AppError ? `The recording was not kept: ${err.message}` : 'The recording was not kept.');
    }
  }

  /**
   * Closes the sockets, then has the books meter every key and store the outcome; runs once. A call
   * handed to a person goes on at the carrier: its books wait for the carrier's final word on the
   * caller's call and the person's leg (their seconds), at most HANDED_OVER_WAIT_MS (final-word.ts).
   */
  private async wrapUp(end: SessionEnd): Promise<void> {
    const placed = this.carrierCallId !== null;
    if (this.wrapped) return;
    this.wrapped = true;
    const { clock } = this.deps;
    const endedAt = clock.now();
    if (this.answerTimer) clock.clearTimeout(this.answerTimer);
    const handed = this.handedOver;
    if (!handed && !this.handOver?.hasLegs) this.forget?.();
    for (const forget of this.forgets.splice(0)) forget();
    // A callback agreed on the call is its outcome, with the time (builtins.ts).
    end = withAgreedCallback(end, this.builtins?.agreedCallback() ?? null);
    await Promise.all([this.stt?.close(), this.tts?.close()].map((closing) => closing?.catch(() => undefined)));
    let legs: SettledLeg[] = [];
    if (this.handOver && (handed || this.handOver.hasLegs)) {
      legs = await this.finalWord.legs(this.handOver, handed);
      this.forget?.();
    }
    // Without the carrier's figure, a handed-over call lasted until now.
    const talkSeconds = this.carrierSeconds ?? Math.round((end.talkMs + (handed ? clock.now() - endedAt : 0)) / 1000);
    const sttSeconds = this.stt?.audioSeconds ?? 0;
    this.books.close(end, { placed, talkSeconds, sttSeconds, ttsCharacters: this.tts?.characters ?? 0, legs });
    if (this.recorder) this.keepRecording(this.recorder);
    const { outcome, reason, answered } = end;
    // After the call is settled, never before: the extraction cannot hold up or fail the call's own books.
    const extraction =
      placed && answered
        ? this.deps.extractor.afterCall({
            workspaceId: this.input.workspaceId,
            callId: this.id,
            agentId: this.input.agent.id,
            key: this.input.keys.llm,
            clock: this.deps.clock,
          })
        : undefined;
    this.resolveDone({ id: this.id, outcome, reason, answered, durationSeconds: talkSeconds, session: placed ? end : null, extraction });
  }
}
