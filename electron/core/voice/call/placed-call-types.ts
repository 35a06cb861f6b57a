/**
 * What a placed call takes and what it reports (placed-call.ts): the runner's dependencies, what
 * to place or answer, the stream an inbound call is told to open, and how the call ended.
 */
import type { CallEventView } from '../../../../shared/voice-runner';
import type { AgentView } from '../../../../shared/voice-agents';
import type { Actor } from '../../audit/audit';
import type { Clock } from '../clock';
import type { VoiceDeps } from '../deps';
import type { MediaServer } from '../runner/media-server';
import type { FrameClock } from '../session/frame-clock';
import type { GreetingCache } from '../session/greeting-cache';
import { NO_SPECULATION, type BargeInMetric, type SessionEnd, type TurnMetric } from '../session/call-session';
import type { ToolNetwork } from '../tools/http-tool';
import type { LeadCallback } from '../tools/schedule-callback';
import type { CallOutcome } from '../types';
import type { CallKeys } from './keys';
import type { StreamsInput } from './wiring';

/** What a placed call needs from its runner. */
export interface PlacedCallDeps extends Pick<
  VoiceDeps,
  'calls' | 'recordings' | 'audit' | 'agents' | 'agentTools' | 'transferTargets' | 'extractor' | 'now' | 'env' | 'resolver' | 'dnc'
> {
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
  /** Each reply's timings, with the call they belong to. */
  readonly onTurn?: (metric: TurnMetric, callId: string) => void;
  readonly onBargeIn?: (metric: BargeInMetric) => void;
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
  /**
   * Awaited just before the carrier's dial request, once the sockets are open; what it returns is
   * called once the request is answered.
   */
  readonly beforeDial?: () => Promise<(() => void) | void>;
  /** The campaign lead behind the call: the agent may agree a callback time with it (schedule_callback). */
  readonly callback?: LeadCallback | null;
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
  /**
   * An answered call's extraction, started once everything else was stored; resolves once its
   * result is stored (never rejects).
   */
  readonly extraction?: Promise<unknown>;
}

/** How a call that never got to talk ended, but for its outcome and reason. */
export const NOTHING_SAID: Omit<SessionEnd, 'outcome' | 'reason'> = {
  answered: false,
  talkMs: 0,
  history: [],
  llm: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 },
  turns: 0,
  speculation: NO_SPECULATION,
};
