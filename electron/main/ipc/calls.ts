/** Calls channels: the calls store through core.calls (opening a transcript needs the vault unlocked). */
import type { HandlerContext, ServiceMap } from './handler';

/** Calls handlers. */
export function callsHandlers({ core, actor }: HandlerContext): ServiceMap<'calls:list' | 'calls:get' | 'calls:extract' | 'calls:delete'> {
  const calls = core.calls;
  return {
    'calls:list': ({ workspaceId, campaignId, limit }) => calls.list(workspaceId, { campaignId, limit }),
    'calls:get': ({ workspaceId, callId }) => calls.get(workspaceId, callId),
    'calls:extract': ({ workspaceId, callId }) => core.extractor.rerun(workspaceId, callId, actor),
    'calls:delete': ({ workspaceId, callId }) => {
      calls.delete(workspaceId, callId, actor);
      return { deleted: true as const };
    },
  };
}
