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
  const voiceCampaigns = core.voiceCampaigns;
  voiceCampaigns.onProgress((p) => emit('event:voiceCampaignProgress', p));
  return {
    'voiceCampaigns:list': ({ workspaceId }) => voiceCampaigns.list(workspaceId),
    'voiceCampaigns:get': ({ id }) => voiceCampaigns.get(id),
    'voiceCampaigns:create': ({ workspaceId, csv, ...options }) =>
      voiceCampaigns.create({ ...options, workspaceId, contacts: Readable.from([Buffer.from(csv, 'utf8')]) }, actor),
    'voiceCampaigns:start': ({ id }) => voiceCampaigns.start(id, actor),
    'voiceCampaigns:pause': ({ id }) => voiceCampaigns.pause(id, actor),
    'voiceCampaigns:cancel': ({ id }) => voiceCampaigns.cancel(id, actor),
    'voiceCampaigns:leads': ({ id, state, offset, limit }) => voiceCampaigns.leads(id, { state, offset, limit }),
    'voiceCampaigns:issues': ({ id, offset, limit }) => voiceCampaigns.issues(id, { offset, limit }),
    'voiceCampaigns:dialAgain': ({ id, expected }) => voiceCampaigns.dialAgain(id, actor, expected),
    'voiceCampaigns:delete': ({ id }) => ({ deleted: true as const, ...voiceCampaigns.delete(id, actor) }),
    'voiceCampaigns:exportCsv': ({ id }) => {
      const { filename, content } = voiceCampaigns.exportCsv(id, actor);
      return { filename, content };
    },
  };
}
