/**
 * One call the runner places, from the row written before dialling to the usage metered after the
 * hang-up: the four keys resolved, STT and TTS sockets opened (and the greeting synthesised) before
 * the carrier is asked to dial, the media server told exactly which call and token to accept, the
 * carrier's status callbacks and media leg fed to the call session, and everything closed, sealed,
 * metered and audited however the call ends.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { CallEventView, LiveCall } from '../../../shared/voice-runner';
import { personaById } from '../../../shared/voice-agents';
import type { Actor } from '../audit/audit';
import { providerOrigin } from '../providers/origin';
import type { CallMeter } from './calls/calls';
import type { CallKeys } from './call-keys';
import { dialExotelStream, hangUpExotel } from './carriers/exotel-calls';
import { dialTwilioStream, hangUpTwilio } from './carriers/twilio-calls';
import { exotelCodec } from './carriers/exotel-stream';
import { twilioCodec } from './carriers/twilio-stream';
import type { Clock } from './clock';
import type { VoiceDeps } from './deps';
import { callScope } from './fault-guard';
import type { FrameClock } from './session/frame-clock';
import type { MediaServer } from './media-server';
import { CallSession, type BargeInMetric, type SessionEnd, type TurnMetric } from './session/call-session';
import { openCartesiaTts } from './streams/cartesia-tts';
import { claudeReply } from './streams/claude-turn';
import { openDeepgramLive } from './streams/deepgram-live';
import type { AgentView } from '../../../shared/voice-agents';
import type { CallLeg, CallOutcome, CarrierStatus, MachineVerdict, SttStream, TtsStream } from './types';

/** What a placed call needs from its runner. */
export interface PlacedCallDeps extends Pick<VoiceDeps, 'calls' | 'audit' | 'agents' | 'now' | 'env'> {
  readonly media: MediaServer;
  readonly clock: Clock;
  readonly emit: (event: CallEventView) => void;
  /** Time limit of each provider request made while dialling (default the core's check timeout or 15 s). */
  readonly timeoutMs?: number;
  readonly silenceMs?: number;
  readonly maxCallMs?: number;
  /** How long to wait for the callee's media after dialling (default 75 s: Twilio rings 60). */
  readonly answerTimeoutMs?: number;
  /** Test-only trust for simulators' certificates. */
  readonly ca?: string;
  readonly onTurn?: (m: TurnMetric) => void;
  readonly onBargeIn?: (m: BargeInMetric) => void;
  readonly onFrame?: (lateMs: number) => void;
  /** The runner's shared 20 ms tick for every call's outbound audio (without it each call keeps a timer). */
  readonly frames?: FrameClock;
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

const CARRIER_END: Readonly<Record<string, CallOutcome>> = { busy: 'busy', 'no-answer': 'no_answer', failed: 'failed', canceled: 'failed' };

/** One call from dial to metering. */
export class PlacedCall {
  /** Resolves once everything about the call is stored. */
  readonly done: Promise<CallEnd>;
  private resolveDone!: (end: CallEnd) => void;
  private session!: CallSession;
  private stt: SttStream | null = null;
  private tts: TtsStream | null = null;
  private carrierCallId: string | null = null;
  private carrierSeconds: number | null = null;
  private voiceFallback: string | null = null;
  private liveState: LiveCall['state'] = 'queued';
  private answerTimer: ReturnType<Clock['setTimeout']> | null = null;
  private forget: (() => void) | null = null;
  private readonly startedAt: string;
  private wrapped = false;
  private leg: CallLeg | null = null;
  /** A machine verdict that came before the media stream did. */
  private earlyVerdict: MachineVerdict | null = null;

  private constructor(
    readonly id: string,
    private readonly d: PlacedCallDeps,
    private readonly input: PlaceInput,
  ) {
    this.startedAt = d.now().toISOString();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Writes the call's row, opens the provider sockets, dials; resolves once the carrier accepted the call. */
  static async place(d: PlacedCallDeps, input: PlaceInput): Promise<PlacedCall> {
    const { keys, agent } = input;
    const row = d.calls.create({ workspaceId: input.workspaceId, agentId: agent.id, agentName: agent.name, to: input.to, from: keys.from, carrier: keys.carrier.provider, campaignId: input.campaignId ?? null, test: input.test ?? false }, input.actor);
    const call = new PlacedCall(row.id, d, input);
    try {
      // Everything the call starts (timers, sockets, promises) carries its id, for the fault guard.
      await callScope.run(row.id, () => call.dial());
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', 'The call could not be placed.');
      await call.wrapUp({ outcome: 'failed', reason: e.message, answered: false, talkMs: 0, history: [], llm: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 }, turns: 0 });
      throw e;
    }
    return call;
  }

  /** Calls at once the Anthropic key allowed when this call was placed. */
  get ceiling(): number {
    return this.input.keys.ceiling;
  }

  /** The call as the console's live list shows it. */
  view(): LiveCall {
    return { callId: this.id, workspaceId: this.input.workspaceId, agentName: this.input.agent.name, to: this.input.to, state: this.liveState, startedAt: this.startedAt };
  }

  /** Ends the call from Switchboard (the operator's hang-up). */
  hangup(): void {
    this.session.end('failed', 'The operator hung up from Switchboard.');
  }

  private async dial(): Promise<void> {
    const { clock } = this.d;
    const { keys, agent } = this.input;
    const carrier = keys.carrier.provider;
    const codec = carrier === 'twilio' ? twilioCodec : exotelCodec;
    const encoding = carrier === 'twilio' ? 'mulaw' : 'linear16';
    const env = this.d.env;
    this.session = new CallSession({
      clock,
      agent: { greeting: agent.greeting, language: agent.language },
      codec,
      silenceMs: this.d.silenceMs,
      maxCallMs: this.d.maxCallMs,
      reply: (history, handlers) =>
        claudeReply({ apiKey: keys.llm.fields.apiKey ?? '', origin: providerOrigin('anthropic', { endpoint: keys.llm.endpoint ?? undefined, env }), model: agent.model, system: agent.systemPrompt, history, outcomes: agent.outcomes }, handlers),
      hangup: () => this.hangUpCarrier(),
      onLine: (line) => this.line(line),
      onTurn: this.d.onTurn,
      onBargeIn: this.d.onBargeIn,
      onFrame: this.d.onFrame,
      frames: this.d.frames,
    });
    void this.session.ended.then((end) => this.wrapUp(end));
    // Sockets first: a call is never placed that could not be heard or answered.
    const [stt, tts] = await Promise.all([
      openDeepgramLive({ apiKey: keys.stt.fields.apiKey ?? '', origin: providerOrigin('deepgram', { endpoint: keys.stt.endpoint ?? undefined, env }), encoding, sampleRate: 8000, language: agent.language, clock, ca: this.d.ca }, this.session.sttHandlers),
      openCartesiaTts({ apiKey: keys.tts.fields.apiKey ?? '', origin: providerOrigin('cartesia', { endpoint: keys.tts.endpoint ?? undefined, env }), voiceId: await this.voiceId(), language: agent.language, encoding: carrier === 'twilio' ? 'pcm_mulaw' : 'pcm_s16le', sampleRate: 8000, clock, ca: this.d.ca, onError: (e) => this.session.providerFailed(e, 'tts') }),
    ].map((p) => p.catch((e: unknown) => e)) as [Promise<SttStream | unknown>, Promise<TtsStream | unknown>]);
    if (stt instanceof Error || tts instanceof Error) {
      if (!(stt instanceof Error)) await (stt as SttStream).close();
      if (!(tts instanceof Error)) await (tts as TtsStream).close();
      throw stt instanceof Error ? stt : tts;
    }
    this.stt = stt as SttStream;
    this.tts = tts as TtsStream;
    this.session.attachTts(this.tts);
    const token = randomBytes(24).toString('base64url');
    const expected = { token, carrier, signingSecret: carrier === 'twilio' ? (keys.carrier.fields.authToken ?? null) : null, callId: null as string | null, onLeg: (leg: CallLeg) => this.answered(leg), onStatus: (s: CarrierStatus) => callScope.run(this.id, () => this.status(s)), onMachine: (v: MachineVerdict) => callScope.run(this.id, () => this.machine(v)) };
    const where = this.d.media.expect(expected);
    this.forget = where.forget;
    if (this.session.isOver) throw new AppError('PROVIDER_UNREACHABLE', 'The greeting could not be synthesised, so the call was not placed.');
    this.setState('dialing');
    const dialled = await this.input.beforeDial?.();
    const timeoutMs = this.d.timeoutMs ?? 15_000;
    let callId: string;
    try {
      callId =
        carrier === 'twilio'
          ? (
              await dialTwilioStream(
                { accountSid: keys.carrier.fields.accountSid ?? '', authToken: keys.carrier.fields.authToken ?? '', endpoint: keys.carrier.endpoint, env, timeoutMs },
                {
                  to: this.input.to,
                  from: keys.from,
                  streamUrl: where.streamUrl,
                  token,
                  statusUrl: where.statusUrl,
                  ...(this.input.machine ? { machineDetection: this.input.machine.choice === 'voicemail' ? ('DetectMessageEnd' as const) : ('Enable' as const), asyncAmd: true } : {}),
                },
              )
            ).callSid
          : (await dialExotelStream({ fields: keys.carrier.fields, endpoint: keys.carrier.endpoint, env, timeoutMs }, { to: this.input.to, callerId: keys.from, streamUrl: where.streamUrl, token, statusUrl: where.statusUrl })).callId;
    } finally {
      dialled?.();
    }
    expected.callId = callId;
    this.carrierCallId = callId;
    this.d.calls.update(this.id, { carrierCallId: callId });
    this.d.audit.append({ actor: this.input.actor, action: 'call.dial', workspaceId: this.input.workspaceId, target: this.id, detail: { provider: carrier, owner: keys.carrier.owner, agent: agent.name, to: this.input.to, from: keys.from, test: this.input.test ?? false, ...(this.voiceFallback ? { voiceFallback: this.voiceFallback } : {}) } });
    this.answerTimer = clock.setTimeout(() => this.session.end('no_answer', 'Nobody answered.'), this.d.answerTimeoutMs ?? 75_000);
  }

  /** The agent's voice, or the closest public persona when the key cannot use a custom one. */
  private async voiceId(): Promise<string> {
    const { agent } = this.input;
    if (personaById(agent.voiceId)) return agent.voiceId;
    const check = await this.d.agents.checkVoice(this.input.workspaceId, agent.id);
    this.voiceFallback = check.fellBack ? check.reason : null;
    return check.voiceId;
  }

  /** Why the call speaks with a public persona instead of the agent's own voice, or null when it does not. */
  get voiceNote(): string | null {
    return this.voiceFallback;
  }

  private answered(leg: CallLeg): void {
    callScope.run(this.id, () => this.answer(leg));
  }

  private answer(leg: CallLeg): void {
    if (this.answerTimer) this.d.clock.clearTimeout(this.answerTimer);
    const want = this.input.keys.carrier.provider === 'twilio' ? 'mulaw' : 'pcm16';
    if (leg.format.encoding !== want || !this.stt) {
      leg.close();
      return this.session.end('failed', `The carrier streamed ${leg.format.encoding} audio where ${want} was expected.`);
    }
    this.leg = leg;
    leg.onFault?.((reason) => this.fault(reason));
    this.setState('in-progress');
    this.d.calls.update(this.id, { state: 'in-progress', answeredAt: this.d.now() });
    this.session.answered(leg, this.stt);
    if (this.earlyVerdict) this.act(this.earlyVerdict);
  }

  /** Something about this call alone failed (an unreadable frame, a throw while handling one): audited, then the call ends with the reason. */
  fault(reason: string): void {
    if (this.wrapped) return;
    this.d.audit.append({ actor: 'system', action: 'call.fault', workspaceId: this.input.workspaceId, target: this.id, detail: { reason } });
    this.session.end('failed', reason);
  }

  private status(s: CarrierStatus): void {
    if (s.durationSeconds !== null) this.carrierSeconds = s.durationSeconds;
    if (s.status === 'ringing') this.setState('ringing');
    const ended = CARRIER_END[s.status];
    if (ended) this.session.end(ended, ended === 'busy' ? 'The line was busy.' : ended === 'no_answer' ? 'Nobody answered.' : 'The carrier could not connect the call.');
    else if (s.status === 'completed') this.session.callerHungUp();
  }

  /** Records Twilio's async AMD verdict on the call, then acts on it. */
  private machine(v: MachineVerdict): void {
    if (this.session.isOver) return;
    this.d.calls.update(this.id, { machine: { answeredBy: v.answeredBy, detectionMs: v.detectionMs } });
    this.d.audit.append({ actor: this.input.actor, action: 'call.machine', workspaceId: this.input.workspaceId, target: this.id, detail: { answeredBy: v.answeredBy, detectionMs: v.detectionMs } });
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

  private setState(state: LiveCall['state']): void {
    const order: LiveCall['state'][] = ['queued', 'dialing', 'ringing', 'in-progress', 'ended'];
    if (order.indexOf(state) <= order.indexOf(this.liveState)) return;
    this.liveState = state;
    if (state !== 'in-progress' && state !== 'ended') this.d.calls.update(this.id, { state });
    this.d.emit({ type: 'state', callId: this.id, at: this.d.now().toISOString(), state });
  }

  private line(line: { speaker: 'agent' | 'caller'; text: string; final: boolean; interrupted: boolean }): void {
    if (line.final && line.text) this.d.calls.appendTranscript(this.id, { speaker: line.speaker, text: line.text, interrupted: line.interrupted, at: this.d.now() });
    this.d.emit({ type: 'transcript', callId: this.id, at: this.d.now().toISOString(), speaker: line.speaker, text: line.text, final: line.final });
  }

  private async hangUpCarrier(): Promise<void> {
    const { keys } = this.input;
    if (!this.carrierCallId) return;
    // Exotel's API cannot end a live call: closing its media stream does.
    if (keys.carrier.provider === 'exotel') return void hangUpExotel(this.carrierCallId, this.leg);
    await hangUpTwilio({ accountSid: keys.carrier.fields.accountSid ?? '', authToken: keys.carrier.fields.authToken ?? '', endpoint: keys.carrier.endpoint, env: this.d.env, timeoutMs: this.d.timeoutMs ?? 15_000 }, this.carrierCallId);
  }

  /** Closes the sockets, meters every key, stores the outcome; runs once. */
  private async wrapUp(end: SessionEnd): Promise<void> {
    const placed = this.carrierCallId !== null;
    if (this.wrapped) return;
    this.wrapped = true;
    if (this.answerTimer) this.d.clock.clearTimeout(this.answerTimer);
    this.forget?.();
    await Promise.all([this.stt?.close(), this.tts?.close()].map((p) => p?.catch(() => undefined)));
    const { keys } = this.input;
    const talkSeconds = this.carrierSeconds ?? Math.round(end.talkMs / 1000);
    const meters: CallMeter[] = [
      ...(placed ? [{ ...meterOf(keys.carrier), unit: 'requests' as const, amount: 1 }] : []),
      { ...meterOf(keys.carrier), unit: 'minutes', amount: end.answered ? Math.ceil(talkSeconds / 60) : 0 },
      { ...meterOf(keys.stt), unit: 'minutes', amount: Math.round(((this.stt?.audioSeconds ?? 0) / 60) * 10_000) / 10_000 },
      { ...meterOf(keys.tts), unit: 'characters', amount: this.tts?.characters ?? 0 },
      { ...meterOf(keys.llm), unit: 'tokens', amount: end.llm.inputTokens + end.llm.outputTokens },
    ];
    this.d.calls.meter(this.id, meters);
    this.d.calls.finish(this.id, { outcome: end.outcome, reason: end.reason, durationSeconds: end.answered ? talkSeconds : null }, this.input.actor);
    this.setState('ended');
    this.d.emit({ type: 'ended', callId: this.id, at: this.d.now().toISOString(), outcome: end.outcome, reason: end.reason });
    this.resolveDone({ id: this.id, outcome: end.outcome, reason: end.reason, answered: end.answered, durationSeconds: talkSeconds, session: placed ? end : null });
  }
}

function meterOf(key: CallKeys['stt']): Pick<CallMeter, 'provider' | 'credentialId' | 'owner'> {
  return { provider: key.provider, credentialId: key.credentialId, owner: key.owner };
}
