/**
 * A call's wiring (placed, answered, or from the console): the call session with Claude for its replies, and the Deepgram (Flux where
 * it hears the agent's language, else nova-3) and Cartesia sockets opened at once in the audio
 * formats the call's carrier needs, with the agent's
 * voice (or the closest public persona when the key cannot use a custom one). Nothing here writes
 * the call's books (books.ts does).
 */
import type { AgentView } from '../../../../shared/voice-agents';
import { personaById } from '../../../../shared/voice-agents';
import { providerOrigin } from '../../providers/origin';
import type { CallLineFormat } from '../carriers/carrier';
import type { CallKeys } from './keys';
import type { Clock } from '../clock';
import type { VoiceDeps } from '../deps';
import { CallSession, type SessionOptions } from '../session/call-session';
import { openCartesiaTts } from '../streams/cartesia-tts';
import { claudeReply } from '../streams/claude-turn';
import type { BuiltinTool } from '../tools/builtin';
import type { ToolNetwork } from '../tools/http-tool';
import { type CallEventRecorder, CallToolbox } from '../tools/toolbox';
import { openingWords } from '../recording/consent';
import { openDeepgramFlux } from '../streams/deepgram-flux';
import { openDeepgramLive } from '../streams/deepgram-live';
import { fluxAsStt, fluxToSession } from '../streams/flux-session';
import { recogniserFor } from '../streams/recogniser';
import type { GreetingCache } from '../session/greeting-cache';
import type { SttStream, TtsStream } from '../types';

/** The keys a call's session and streams use: Anthropic, Deepgram and Cartesia (a console call has no carrier key). */
export type StreamKeys = Pick<CallKeys, 'llm' | 'stt' | 'tts'>;

/** What a call's session is built from besides its agent and keys. */
export type SessionWiring = Pick<
  SessionOptions,
  'clock' | 'silenceMs' | 'maxCallMs' | 'hangup' | 'onLine' | 'onTurn' | 'onBargeIn' | 'onFrame' | 'frames' | 'speculate'
>;

/** What a call's session is for: its agent, keys, carrier and environment. */
export interface SessionFor {
  readonly agent: AgentView;
  readonly keys: StreamKeys;
  /** The line the call's audio travels on: a carrier, or the console (talk/console-line.ts). */
  readonly carrier: CallLineFormat;
  readonly env: VoiceDeps['env'];
  /** The agent's HTTP tools for this call, secret headers opened in memory (agents/tools.ts forCall). */
  readonly tools?: ReturnType<VoiceDeps['agentTools']['forCall']>;
  /** How tools reach the network (test-only loopback and certificate; tools/http-tool.ts). */
  readonly toolNetwork?: ToolNetwork;
  /** Switchboard's own tools this call offers (call/builtins.ts, transfer_call). */
  readonly builtins?: readonly BuiltinTool[];
  /** Where the call's tool runs are recorded (calls/events.ts). */
  readonly record?: CallEventRecorder;
}

/** The call session, its replies streamed from Claude with the agent's prompt and outcomes. */
export function wireSession(wiring: SessionWiring & SessionFor): CallSession {
  const { agent, keys, env } = wiring;
  const origin = providerOrigin('anthropic', { endpoint: keys.llm.endpoint ?? undefined, env });
  // One toolbox per call: its run count is the call's, across every reply.
  const builtins = wiring.builtins ?? [];
  const tools =
    (wiring.tools && wiring.tools.length > 0) || builtins.length > 0
      ? new CallToolbox(
          (wiring.tools ?? []).map((t) => ({ ...t.view, header: t.header })),
          { clock: wiring.clock, network: wiring.toolNetwork, builtins, record: wiring.record },
        )
      : undefined;
  return new CallSession({
    clock: wiring.clock,
    agent: { greeting: openingWords(agent), language: agent.language },
    codec: wiring.carrier.codec,
    silenceMs: wiring.silenceMs,
    maxCallMs: wiring.maxCallMs,
    reply: (history, handlers) => {
      const { model, systemPrompt, outcomes } = agent;
      return claudeReply({ apiKey: keys.llm.fields.apiKey ?? '', origin, model, system: systemPrompt, history, outcomes, tools }, handlers);
    },
    hangup: wiring.hangup,
    onLine: wiring.onLine,
    onTurn: wiring.onTurn,
    onBargeIn: wiring.onBargeIn,
    onFrame: wiring.onFrame,
    frames: wiring.frames,
    speculate: wiring.speculate,
    quietTools: (name) => tools?.isQuiet(name) ?? false,
  });
}

/** The agent's voice, or the closest public persona (and why) when the key cannot use the agent's own. */
export async function agentVoice(
  agents: VoiceDeps['agents'],
  workspaceId: string,
  agent: AgentView,
): Promise<{ voiceId: string; fallback: string | null }> {
  if (personaById(agent.voiceId)) return { voiceId: agent.voiceId, fallback: null };
  const check = await agents.checkVoice(workspaceId, agent.id);
  return { voiceId: check.voiceId, fallback: check.fellBack ? check.reason : null };
}

/** What the STT and TTS sockets of one call need. */
export interface StreamsInput {
  readonly session: CallSession;
  readonly keys: StreamKeys;
  readonly agent: AgentView;
  readonly carrier: CallLineFormat;
  readonly voiceId: Promise<string>;
  readonly clock: Clock;
  readonly env: VoiceDeps['env'];
  /** Which Deepgram recogniser hears the caller: by the agent's language (recogniser.ts; default), or nova-3 on listen v1 always. */
  readonly recogniser?: 'by-language' | 'nova-3';
  /** Test-only trust for simulators' certificates. */
  readonly ca?: string;
}

/**
 * Flux's end-of-turn thresholds for a call: the agent's own (Deepgram's 0.7 and an eager end of turn
 * at its suggested 0.5 unless the operator changed them); with no eager threshold Flux sends no
 * EagerEndOfTurn, so nothing is prepared early.
 */
const fluxThresholds = (agent: AgentView): { eotThreshold: number; eagerEotThreshold?: number } => ({
  eotThreshold: agent.eotThreshold,
  ...(agent.eagerEotThreshold === null ? {} : { eagerEotThreshold: agent.eagerEotThreshold }),
});

/** Opens the caller's recogniser: Flux (listen v2) where it hears the agent's language, else nova-3 (listen v1). */
async function openStt(input: StreamsInput, origin: string): Promise<SttStream> {
  const { session, keys, agent, carrier, clock } = input;
  const { sampleRate } = carrier.audio;
  const apiKey = keys.stt.fields.apiKey ?? '';
  const recogniser = input.recogniser === 'nova-3' ? null : recogniserFor(agent.language);
  if (recogniser?.kind === 'flux') {
    const flux = await openDeepgramFlux(
      {
        apiKey,
        origin,
        encoding: carrier.audio.stt,
        sampleRate,
        model: recogniser.model,
        languageHints: recogniser.languageHints,
        thresholds: fluxThresholds(agent),
        clock,
        ca: input.ca,
      },
      fluxToSession(session.sttHandlers),
    );
    return fluxAsStt(flux);
  }
  return openDeepgramLive(
    { apiKey, origin, encoding: carrier.audio.stt, sampleRate, language: agent.language, clock, ca: input.ca },
    session.sttHandlers,
  );
}

/** Opens the STT and TTS sockets at once, in the carrier's formats; when either fails, closes the other and throws. */
export async function openStreams(input: StreamsInput): Promise<{ stt: SttStream; tts: TtsStream }> {
  const { session, keys, agent, carrier, clock, env } = input;
  const { sampleRate } = carrier.audio;
  const sttOrigin = providerOrigin('deepgram', { endpoint: keys.stt.endpoint ?? undefined, env });
  const ttsOrigin = providerOrigin('cartesia', { endpoint: keys.tts.endpoint ?? undefined, env });
  const [stt, tts] = await Promise.all(
    [
      openStt(input, sttOrigin),
      (async () =>
        openCartesiaTts({
          apiKey: keys.tts.fields.apiKey ?? '',
          origin: ttsOrigin,
          voiceId: await input.voiceId,
          language: agent.language,
          encoding: carrier.audio.tts,
          sampleRate,
          clock,
          ca: input.ca,
          onError: (error) => session.providerFailed(error, 'tts'),
        }))(),
    ].map((opening) => opening.catch((error: unknown) => error)) as [Promise<SttStream | unknown>, Promise<TtsStream | unknown>],
  );
  if (stt instanceof Error || tts instanceof Error) {
    if (!(stt instanceof Error)) await (stt as SttStream).close();
    if (!(tts instanceof Error)) await (tts as TtsStream).close();
    throw stt instanceof Error ? stt : tts;
  }
  return { stt: stt as SttStream, tts: tts as TtsStream };
}

/**
 * Opens the call's STT and TTS sockets, then readies its greeting on them: synthesised now, or
 * replayed from `greetings` (the runner's or the console desk's cache) when this agent's greeting
 * was heard before in the same voice and format.
 */
export async function openStreamsWithGreeting(
  input: StreamsInput & { readonly greetings?: GreetingCache },
): Promise<{ stt: SttStream; tts: TtsStream }> {
  const { stt, tts } = await openStreams(input);
  const { agent, carrier, session } = input;
  const greeting = {
    agentId: agent.id,
    text: openingWords(agent),
    voiceId: await input.voiceId,
    language: agent.language,
    encoding: carrier.audio.tts,
    sampleRate: carrier.audio.sampleRate,
  };
  session.attachTts(tts, input.greetings?.stream(greeting, tts, carrier.codec.bytesPerMs) ?? tts);
  return { stt, tts };
}
