/** Agent-extras channels: an agent's HTTP tools through core.agentTools, its transfer targets through core.transferTargets. */
import { AppError } from '../../../shared/errors';
import type { HandlerContext, ServiceMap } from './handler';

type AgentExtrasChannel =
  'agentTools:list' | 'agentTools:add' | 'agentTools:remove' | 'transfers:list' | 'transfers:add' | 'transfers:remove';

/** Agent-extras handlers. */
export function agentExtrasHandlers({ core, actor }: HandlerContext): ServiceMap<AgentExtrasChannel> {
  const tools = core.agentTools;
  const targets = core.transferTargets;
  return {
    'agentTools:list': ({ workspaceId, agentId }) => tools.list(workspaceId, agentId),
    'agentTools:add': ({ workspaceId, agentId, tool, secretValue }) => {
      const { parametersJson, ...rest } = tool;
      let parameters: unknown;
      try {
        parameters = JSON.parse(parametersJson);
      } catch {
        throw new AppError('INVALID_INPUT', 'The parameters are not JSON: write a JSON schema of type "object".');
      }
      if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))
        throw new AppError('INVALID_INPUT', 'The parameters must be a JSON schema of type "object".');
      return tools.add(workspaceId, agentId, { ...rest, parameters: parameters as Record<string, unknown> }, secretValue, actor);
    },
    'agentTools:remove': ({ workspaceId, agentId, toolId }) => {
      tools.remove(workspaceId, agentId, toolId, actor);
      return { removed: true as const };
    },
    'transfers:list': ({ workspaceId, agentId }) => targets.list(workspaceId, agentId),
    'transfers:add': ({ workspaceId, agentId, target }) => targets.add(workspaceId, agentId, target, actor),
    'transfers:remove': ({ workspaceId, agentId, targetId }) => {
      targets.remove(workspaceId, agentId, targetId, actor);
      return { removed: true as const };
    },
  };
}
