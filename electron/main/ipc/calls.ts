/** Calls channels: the calls store through core.calls and core.recordings (opening a transcript or a recording needs the vault unlocked). */
import type { HandlerContext, ServiceMap } from './handler';

/** Calls handlers. */
export function callsHandlers({
  core,
  actor,
}: HandlerContext): ServiceMap<'calls:list' | 'calls:get' | 'calls:extract' | 'calls:delete' | 'calls:recording'> {
  const calls = core.calls;
  return {
    'calls:list': ({ workspaceId, campaignId, limit }) => calls.list(workspaceId, { campaignId, limit }),
    'calls:get': ({ workspaceId, callId }) => calls.get(workspaceId, callId),
    'calls:extract': ({ workspaceId, callId }) => core.extractor.rerun(workspaceId, callId, actor),
    'calls:delete': ({ workspaceId, callId }) => {
      calls.delete(workspaceId, callId, actor);
      return { deleted: true as const };
    },
    // Opening needs the vault unlocked, like a transcript; the output schema caps the size.
    'calls:recording': ({ workspaceId, callId }) => {
      const opened = core.recordings.open(workspaceId, callId);
      return opened && { info: opened.info, wavBase64: opened.wav.toString('base64') };
    },
  };
}
