/**
 * Voice channels: agents through core.agents, and the runner through core.voice when this core
 * has one (the VoiceRunner: state(), call(), hangup(), onEvent()). Without a runner, voice:state
 * says so and a test call or hang-up is refused with one sentence.
 */
import { AppError } from '../../../shared/errors';
import { NO_RUNNER, RunnerStateSchema, type CallEventView, type RunnerState } from '../../../shared/voice-runner';
import type { Actor } from '../../core/audit/audit';
import type { HandlerContext, ServiceMap } from './handler';

type VoiceChannel = 'agents:list' | 'agents:create' | 'agents:update' | 'agents:delete' | 'agents:draft' | 'agents:checkVoice' | 'voice:state' | 'voice:testCall' | 'voice:start' | 'voice:stop' | 'voice:hangup';

/** What the console needs of the voice runner. */
export interface VoiceRunnerPort {
  state(): RunnerState;
  /** Places one call with an agent; resolves once the carrier accepted it. */
  call(input: { readonly workspaceId: string; readonly agentId: string; readonly to: string; readonly actor: Actor; readonly test?: boolean }): Promise<{ readonly callId: string }>;
  hangup(callId: string, actor: Actor): Promise<void> | void;
  /** Subscribes to live call events; returns the unsubscribe function. */
  onEvent(listener: (event: CallEventView) => void): () => void;
}

const noRunner = (): AppError => new AppError('INTERNAL', 'The voice runner is not running in this window, so no call can be placed or ended from here.');

/** Voice handlers; forwards the runner's call events to the window as `event:call`. */
export function voiceHandlers({ core, actor, emit }: HandlerContext): ServiceMap<VoiceChannel> {
  const runner = (core as unknown as { readonly voice?: VoiceRunnerPort }).voice;
  runner?.onEvent((e) => emit('event:call', e));
  const a = core.agents;
  return {
    'agents:list': ({ workspaceId }) => a.list(workspaceId),
    'agents:create': ({ workspaceId, agent }) => a.create(workspaceId, agent, actor),
    'agents:update': ({ workspaceId, agentId, patch }) => a.update(workspaceId, agentId, patch, actor),
    'agents:delete': ({ workspaceId, agentId }) => {
      a.delete(workspaceId, agentId, actor);
      return { deleted: true as const };
    },
    'agents:draft': ({ workspaceId, brief, language }) => a.draftPrompt(workspaceId, brief, language),
    'agents:checkVoice': ({ workspaceId, agentId }) => a.checkVoice(workspaceId, agentId),
    'voice:state': () => (runner ? RunnerStateSchema.parse(runner.state()) : NO_RUNNER),
    'voice:testCall': async ({ workspaceId, agentId, to }) => {
      if (!runner) throw noRunner();
      a.get(workspaceId, agentId);
      return runner.call({ workspaceId, agentId, to, actor, test: true });
    },
    'voice:start': (reach) => {
      // A harness may plug in its own runner port; the core's service starts and stops the real one.
      if (runner !== core.voice) throw new AppError('CONFLICT', 'This window runs its own voice runner; it cannot be restarted from here.');
      return core.voice.start(reach, actor);
    },
    'voice:stop': () => {
      if (runner !== core.voice) throw new AppError('CONFLICT', 'This window runs its own voice runner; it cannot be stopped from here.');
      return core.voice.stop(actor);
    },
    'voice:hangup': async ({ callId }) => {
      if (!runner) throw noRunner();
      await runner.hangup(callId, actor);
      return { hungUp: true as const };
    },
  };
}
