/**
 * Voice campaign channels through core.voiceCampaigns; starting one dials through the core's voice
 * runner, so it is refused with one sentence until the runner is started. Progress is forwarded to
 * the window as `event:voiceCampaignProgress`.
 */
import { Readable } from 'node:stream';
import type { HandlerContext, ServiceMap } from './handler';

type VoiceCampaignChannel =
  | 'voiceCampaigns:list'
  | 'voiceCampaigns:get'
  | 'voiceCampaigns:create'
  | 'voiceCampaigns:start'
  | 'voiceCampaigns:pause'
  | 'voiceCampaigns:cancel'
  | 'voiceCampaigns:leads'
  | 'voiceCampaigns:issues'
  | 'voiceCampaigns:dialAgain'
  | 'voiceCampaigns:delete'
  | 'voiceCampaigns:exportCsv';

/** Voice campaign handlers. */
export function voiceCampaignHandlers({ core, actor, emit }: HandlerContext): ServiceMap<VoiceCampaignChannel> {
  const v = core.voiceCampaigns;
  v.onProgress((p) => emit('event:voiceCampaignProgress', p));
  return {
    'voiceCampaigns:list': ({ workspaceId }) => v.list(workspaceId),
    'voiceCampaigns:get': ({ id }) => v.get(id),
    'voiceCampaigns:create': ({ workspaceId, csv, ...options }) =>
      v.create({ ...options, workspaceId, contacts: Readable.from([Buffer.from(csv, 'utf8')]) }, actor),
    'voiceCampaigns:start': ({ id }) => v.start(id, actor),
    'voiceCampaigns:pause': ({ id }) => v.pause(id, actor),
    'voiceCampaigns:cancel': ({ id }) => v.cancel(id, actor),
    'voiceCampaigns:leads': ({ id, state, offset, limit }) => v.leads(id, { state, offset, limit }),
    'voiceCampaigns:issues': ({ id, offset, limit }) => v.issues(id, { offset, limit }),
    'voiceCampaigns:dialAgain': ({ id, expected }) => v.dialAgain(id, actor, expected),
    'voiceCampaigns:delete': ({ id }) => ({ deleted: true as const, ...v.delete(id, actor) }),
    'voiceCampaigns:exportCsv': ({ id }) => {
      const { filename, content } = v.exportCsv(id, actor);
      return { filename, content };
    },
  };
}
