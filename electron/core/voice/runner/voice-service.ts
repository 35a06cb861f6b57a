/**
 * The voice runner as a core service: nothing listens until the operator says how carriers reach
 * this computer (their public URL, or the ngrok tunnel), then one runner serves the console's test
 * calls and live views until it is stopped. Events of every call reach every subscriber, across
 * restarts of the runner.
 */
import { AppError } from '../../../../shared/errors';
import { NO_RUNNER, type CallEventView, type RunnerState } from '../../../../shared/voice-runner';
import type { Actor } from '../../audit/audit';
import type { VoiceDeps } from '../deps';
import { TalkDesk, type TalkDeskOptions } from '../talk/talk-desk';
import type { VoiceRunner, CallRequest } from './runner';
import type { ReachChoice, ServeOptions, ServeRunner } from './serve';

/** How the voice service is built besides its door. */
export interface VoiceServiceOptions {
  /** How a runner is started and made reachable (default `serveVoice`; the e2e harness passes its runner double here). */
  readonly serve?: ServeRunner;
  /** How calls from the console are held (a test's clock and limits). */
  readonly talk?: Omit<TalkDeskOptions, 'runnerCallsIn' | 'emit'>;
}

/** Starts, stops and uses the core's one voice runner. */
export class VoiceService {
  private runner: VoiceRunner | null = null;
  private starting: Promise<VoiceRunner> | null = null;
  private readonly listeners = new Set<(event: CallEventView) => void>();
  private tunnelNote: string | null = null;
  /** Calls from the console (Talk): no carrier, so no runner needed; their events reach the same subscribers. */
  readonly talks: TalkDesk;

  constructor(
    private readonly deps: VoiceDeps,
    private readonly options: VoiceServiceOptions = {},
  ) {
    this.talks = new TalkDesk(deps, {
      ...options.talk,
      runnerCallsIn: (workspaceId) => this.runner?.state().calls.filter((call) => call.workspaceId === workspaceId).length ?? 0,
      emit: (event) => {
        for (const listener of this.listeners) listener(event);
      },
    });
  }

  /** The runner's state, or why there is none. */
  state(): RunnerState {
    if (!this.runner) return { ...NO_RUNNER, note: 'The voice runner is off: start it with your public URL or the ngrok tunnel.' };
    const state = this.runner.state();
    return { ...state, note: state.note ?? this.tunnelNote };
  }

  /** Starts the runner behind a public URL or a tunnel (a running one is stopped first). */
  async start(reach: ReachChoice, actor: Actor): Promise<RunnerState> {
    if (this.starting) throw new AppError('CONFLICT', 'The voice runner is already starting.');
    // Claimed before any await, so a second start while this one runs is refused rather than racing it.
    this.starting = (async () => {
      await this.stop(actor);
      return this.serve(reach, {
        answerNumbers: true,
        alsoLiveIn: (workspaceId) => this.talks.liveIn(workspaceId),
        onTunnel: (tunnel) => {
          this.tunnelNote = tunnel.state === 'up' ? null : tunnel.message;
        },
      });
    })();
    try {
      const runner = await this.starting;
      runner.onEvent((e) => {
        for (const fn of this.listeners) fn(e);
      });
      this.runner = runner;
      this.deps.audit.append({ actor, action: 'voice.start', detail: { reach: 'publicUrl' in reach ? 'public-url' : 'tunnel' } });
    } finally {
      this.starting = null;
    }
    return this.state();
  }

  /** Hangs up live calls and stops the runner. */
  async stop(actor: Actor): Promise<RunnerState> {
    const runner = this.runner;
    this.runner = null;
    if (runner) {
      await runner.stop();
      this.deps.audit.append({ actor, action: 'voice.stop' });
    }
    return this.state();
  }

  /**
   * Starts a runner of the caller's own, apart from the one this service holds: a CLI command's
   * (`voice serve`, `call --agent`, `campaign run`), stopped by that command.
   */
  async serve(reach: ReachChoice, options: ServeOptions = {}): Promise<VoiceRunner> {
    if (this.options.serve) return this.options.serve(this.deps, reach, options);
    // The runner (Twilio SDK, ws, ngrok) loads on first start, not with every core.
    const { serveVoice } = await import('./serve');
    return serveVoice(this.deps, reach, options);
  }

  /** The running runner, or null (voice campaigns dial through it). */
  current(): VoiceRunner | null {
    return this.runner;
  }

  /** Places one call on the running runner. */
  async call(req: CallRequest): Promise<{ callId: string }> {
    if (!this.runner)
      throw new AppError(
        'INVALID_INPUT',
        'Start the voice runner first: carriers need your public URL or the ngrok tunnel to reach this computer.',
      );
    return this.runner.call(req);
  }

  /** Hangs up a live call. */
  async hangup(callId: string, actor: Actor): Promise<void> {
    if (!this.runner) throw new AppError('NOT_FOUND', 'That call is not live: the voice runner is off.');
    await this.runner.hangup(callId, actor);
  }

  /** Subscribes to live call events; returns the unsubscribe function. */
  onEvent(listener: (event: CallEventView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
