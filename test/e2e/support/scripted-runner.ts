/**
 * A scripted stand-in for the voice runner at its IPC port (VoiceRunnerPort), for the console's
 * live call view until the real VoiceRunner runs in the harness: the test sets its state and
 * pushes the call events a real call would produce. Calls go to the real agents service first, so
 * an unknown agent is refused exactly as the handlers refuse it.
 */
import type { Core } from '../../../electron/core/app';
import type { VoiceRunnerPort } from '../../../electron/main/ipc/voice';
import type { CallEventView, LiveCall, RunnerState } from '../../../shared/voice-runner';


/** The runner's port, driven by the test. */
export class ScriptedRunner implements VoiceRunnerPort {
  reach: RunnerState['reach'] = { kind: 'public-url', url: 'https://voice.example.test', up: true };
  ceiling: number | null = 5;
  /** The scripted clock, in seconds since the runner was built: every event and state is stamped with it. */
  t = 0;
  // The console ticks a running call's elapsed time with its own clock, so the stamps start near
  // it; what tests assert (answer to end) depends on the scripted seconds alone.
  private readonly t0 = Date.now();
  readonly placed: { workspaceId: string; agentId: string; to: string; test: boolean }[] = [];
  /** Ids of the calls placed, in order. */
  readonly callIds: string[] = [];
  readonly hungUp: string[] = [];
  private readonly calls = new Map<string, LiveCall>();
  private readonly listeners = new Set<(e: CallEventView) => void>();

  constructor(private readonly core: Core) {}

  /** The ISO time `s` scripted seconds after the start (now, by default). */
  at(s = this.t): string {
    return new Date(this.t0 + s * 1000).toISOString();
  }

  state(): RunnerState {
    return { available: true, note: null, reach: this.reach, callsNow: this.calls.size, ceiling: this.ceiling, calls: [...this.calls.values()] };
  }

  async call(input: { workspaceId: string; agentId: string; to: string; test?: boolean }): Promise<{ callId: string }> {
    const agent = this.core.agents.get(input.workspaceId, input.agentId);
    const callId = `CA${String(this.placed.length + 1).padStart(32, '0')}`;
    this.callIds.push(callId);
    this.placed.push({ workspaceId: input.workspaceId, agentId: agent.id, to: input.to, test: input.test === true });
    this.calls.set(callId, { callId, workspaceId: input.workspaceId, agentName: agent.name, to: input.to, state: 'dialing', startedAt: this.at() });
    return { callId };
  }

  hangup(callId: string): void {
    this.hungUp.push(callId);
    this.push({ type: 'ended', callId, at: this.at(), outcome: null, reason: 'The operator hung up from the console.' });
  }

  onEvent(listener: (e: CallEventView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pushes one event as the runner would, keeping its own list of calls in step. */
  push(e: CallEventView): void {
    const call = this.calls.get(e.callId);
    if (e.type === 'ended') this.calls.delete(e.callId);
    else if (call && e.type === 'state') this.calls.set(e.callId, { ...call, state: e.state });
    for (const l of this.listeners) l(e);
  }

  /** A transcript line now. */
  say(callId: string, speaker: 'agent' | 'caller', text: string, final: boolean): void {
    this.push({ type: 'transcript', callId, at: this.at(), speaker, text, final });
  }
}
