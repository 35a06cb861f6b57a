/**
 * Voice channels: agents through core.agents, and the runner through core.voice. While the runner
 * is off, voice:state says so and a test call or hang-up is refused with one sentence.
 */
import { RunnerStateSchema } from '../../../shared/voice-runner';
import type { HandlerContext, ServiceMap } from './handler';

type VoiceChannel =
  | 'agents:list'
  | 'agents:create'
  | 'agents:update'
  | 'agents:delete'
  | 'agents:draft'
  | 'agents:checkVoice'
  | 'agents:getExtraction'
  | 'agents:setExtraction'
  | 'agents:clearExtraction'
  | 'voice:state'
  | 'voice:testCall'
  | 'voice:start'
  | 'voice:stop'
  | 'voice:hangup';

/** Voice handlers; forwards the runner's call events to the window as `event:call`. */
export function voiceHandlers({ core, actor, emit }: HandlerContext): ServiceMap<VoiceChannel> {
  const voice = core.voice;
  voice.onEvent((e) => emit('event:call', e));
  const agents = core.agents;
  return {
    'agents:list': ({ workspaceId }) => agents.list(workspaceId),
    'agents:create': ({ workspaceId, agent }) => agents.create(workspaceId, agent, actor),
    'agents:update': ({ workspaceId, agentId, patch }) => agents.update(workspaceId, agentId, patch, actor),
    'agents:delete': ({ workspaceId, agentId }) => {
      agents.delete(workspaceId, agentId, actor);
      return { deleted: true as const };
    },
    'agents:draft': ({ workspaceId, brief, language }) => agents.draftPrompt(workspaceId, brief, language),
    'agents:checkVoice': ({ workspaceId, agentId }) => agents.checkVoice(workspaceId, agentId),
    'agents:getExtraction': ({ workspaceId, agentId }) => core.agentExtraction.show(workspaceId, agentId),
    // The core checks the fields (extraction-schemas.ts) and answers a bad one with its sentence.
    'agents:setExtraction': ({ workspaceId, agentId, schema }) => core.agentExtraction.set(workspaceId, agentId, schema, actor),
    'agents:clearExtraction': ({ workspaceId, agentId }) => {
      core.agentExtraction.clear(workspaceId, agentId, actor);
      return { cleared: true as const };
    },
    'voice:state': () => RunnerStateSchema.parse(voice.state()),
    'voice:testCall': async ({ workspaceId, agentId, to }) => {
      agents.get(workspaceId, agentId);
      return voice.call({ workspaceId, agentId, to, actor, test: true });
    },
    'voice:start': (reach) => voice.start(reach, actor),
    'voice:stop': () => voice.stop(actor),
    'voice:hangup': async ({ callId }) => {
      await voice.hangup(callId, actor);
      return { hungUp: true as const };
    },
  };
}
