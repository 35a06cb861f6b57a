/**
 * The console's calls (Talk), apart from the voice runner: they need no carrier, no public URL and
 * no media server, so an operator can talk to an agent before the runner is started. They share the
 * Anthropic key's ceiling with the runner's calls of the same workspace, keep their own 20 ms frame
 * clock and greeting cache, and mark this process as holding live calls (so a runner starting
 * meanwhile does not settle them as a dead runner's).
 */
import { AppError } from '../../../../shared/errors';
import type { TalkPush } from '../../../../shared/talk';
import type { CallEventView } from '../../../../shared/voice-runner';
import type { Actor } from '../../audit/audit';
import { resolveConsoleKeys } from '../call/keys';
import { realClock, type Clock } from '../clock';
import type { VoiceDeps } from '../deps';
import { markRunner } from '../runner/orphans';
import { FrameClock } from '../session/frame-clock';
import { GreetingCache } from '../session/greeting-cache';
import { consoleFrame } from './console-leg';
import { CONSOLE_SAMPLE_RATE } from './console-line';
import { TalkCall, type TalkCallDeps, type TalkEnd } from './talk-call';

/** How the desk is built besides the voice wing's door. */
export interface TalkDeskOptions extends Pick<TalkCallDeps, 'silenceMs' | 'maxCallMs' | 'ca' | 'toolNetwork' | 'recogniser'> {
  readonly clock?: Clock;
  /** Calls of a workspace live on the voice runner (they count against the same ceiling). */
  readonly runnerCallsIn: (workspaceId: string) => number;
  /** Call events (state, transcript, end), as the runner's reach the console. */
  readonly emit: (event: CallEventView) => void;
  /** The most calls at once, whatever the keys allow (the runner's default, 25). */
  readonly maxCalls?: number;
}

/** The console's live calls. */
export class TalkDesk {
  private readonly live = new Map<string, TalkCall>();
  /** Calls being started, by workspace: they hold their slot under the ceiling before they are live. */
  private readonly starting = new Map<string, number>();
  private readonly listeners = new Set<(push: TalkPush) => void>();
  private readonly clock: Clock;
  private readonly frames: FrameClock;
  private readonly greetings = new GreetingCache();
  private unmark: (() => void) | null = null;

  constructor(
    private readonly deps: VoiceDeps,
    private readonly options: TalkDeskOptions,
  ) {
    this.clock = options.clock ?? realClock();
    this.frames = new FrameClock(this.clock, 20);
  }

  /** Starts a call between the console and an agent; resolves once it is ready (the agent greets the window's first frame). */
  async start(request: { workspaceId: string; agentId: string; actor: Actor }): Promise<{ callId: string; sampleRate: number }> {
    const ws = this.deps.workspaces.get(request.workspaceId);
    const agent = this.deps.agents.get(ws.id, request.agentId);
    const keys = resolveConsoleKeys(this.deps, ws.id);
    const ceiling = Math.min(keys.ceiling, this.options.maxCalls ?? 25);
    const busy = this.options.runnerCallsIn(ws.id) + this.liveIn(ws.id);
    if (busy >= ceiling)
      throw new AppError(
        'RATE_LIMITED',
        `${ws.name} already has ${busy} call${busy === 1 ? '' : 's'} running, the most its Anthropic key's rate limits allow at once.`,
      );
    // The slot is held from here: a second start while this one opens its sockets counts it.
    this.starting.set(ws.id, (this.starting.get(ws.id) ?? 0) + 1);
    this.unmark ??= markRunner(this.deps.dataDir);
    const push = (message: TalkPush): void => {
      for (const listener of this.listeners) listener(message);
    };
    try {
      const call = await TalkCall.start(this.callDeps(), {
        workspaceId: ws.id,
        agent,
        keys,
        actor: request.actor,
        speakerFor: (callId) => ({
          audio: (audio) => push({ kind: 'audio', callId, audio }),
          mark: (name) => push({ kind: 'mark', callId, name }),
          clear: () => push({ kind: 'clear', callId }),
        }),
        onTurn: (callId, timing) => push({ kind: 'turn', callId, timing }),
      });
      this.live.set(call.id, call);
      void call.done.then(() => this.forget(call.id));
      return { callId: call.id, sampleRate: CONSOLE_SAMPLE_RATE };
    } finally {
      this.starting.set(ws.id, (this.starting.get(ws.id) ?? 1) - 1);
      this.releaseIfIdle();
    }
  }

  /** A frame of the caller's audio (base64 16-bit PCM at 16 kHz). */
  hear(callId: string, audio: string): void {
    this.get(callId).hear(consoleFrame(audio));
  }

  /** The window played the audio before a mark. */
  heard(callId: string, mark: string): void {
    this.get(callId).heard(mark);
  }

  /** Ends a console call (the operator hung up); resolves once it is stored. */
  async end(callId: string, actor: Actor): Promise<TalkEnd> {
    const call = this.get(callId);
    this.deps.audit.append({ actor, action: 'call.hangup', workspaceId: call.workspaceId, target: callId });
    call.hangUp();
    return call.done;
  }

  /** Ends every console call (the app is quitting). */
  async endAll(): Promise<void> {
    const calls = [...this.live.values()];
    for (const call of calls) call.hangUp();
    await Promise.all(calls.map((call) => call.done));
  }

  /** Console calls of a workspace now, those still starting included. */
  liveIn(workspaceId: string): number {
    const live = [...this.live.values()].filter((call) => call.workspaceId === workspaceId).length;
    return live + (this.starting.get(workspaceId) ?? 0);
  }

  /** Whether a call is a live console call. */
  has(callId: string): boolean {
    return this.live.has(callId);
  }

  /** Subscribes to what the window that talks is pushed; returns the unsubscribe function. */
  onPush(listener: (push: TalkPush) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private get(callId: string): TalkCall {
    const call = this.live.get(callId);
    if (!call) throw new AppError('NOT_FOUND', 'That call from the console is not live.');
    return call;
  }

  private forget(callId: string): void {
    this.live.delete(callId);
    this.releaseIfIdle();
  }

  /** No console call is live or starting: this process no longer holds calls on the data folder. */
  private releaseIfIdle(): void {
    if (this.live.size > 0 || [...this.starting.values()].some((count) => count > 0)) return;
    this.unmark?.();
    this.unmark = null;
  }

  private callDeps(): TalkCallDeps {
    const { silenceMs, maxCallMs, ca, toolNetwork, recogniser, emit } = this.options;
    return {
      ...this.deps,
      clock: this.clock,
      frames: this.frames,
      greetings: this.greetings,
      emit,
      silenceMs,
      maxCallMs,
      ca,
      toolNetwork,
      recogniser,
    };
  }
}
