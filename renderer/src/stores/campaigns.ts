/**
 * Campaigns of the current workspace: the list, the one being looked at (its results and import
 * report a page at a time), creating one from a picked file, and live progress from main.
 */
import { create } from 'zustand';
import type { CampaignProgress, CampaignView, MessageStatus } from '../../../shared/campaigns';
import type { Input, Output } from '../../../shared/ipc/contract';
import { call, subscribe, type Result } from '../lib/api';
import { campaignLists, type CampaignListState, keepProgress, PAGE } from './campaign-lists';
import { registerStore } from './devtools';

/** A page of the results table. */
export type MessagePage = Output<'campaigns:messages'>;
/** A page of the import report. */
export type IssuePage = Output<'campaigns:issues'>;
/** What creating a campaign returns. */
export type Created = Output<'campaigns:create'>;

interface CampaignsState extends CampaignListState<CampaignView, CampaignProgress> {
  readonly selectedId: string | null;
  readonly messages: (MessagePage & { readonly id: string; readonly offset: number; readonly status: MessageStatus | null }) | null;
  load(workspaceId: string): Promise<void>;
  select(id: string | null): void;
  create(input: Input<'campaigns:create'>): Promise<Result<Created>>;
  start(id: string): Promise<Result<CampaignView>>;
  pause(id: string): Promise<Result<CampaignView>>;
  cancel(id: string): Promise<Result<CampaignView>>;
  /** Re-queues the unconfirmed failures the operator confirmed (`expected` of them), then sends them. */
  sendAgain(id: string, expected: number): Promise<Result<CampaignView>>;
  loadMessages(id: string, offset: number, status: MessageStatus | null): Promise<void>;
  loadIssues(id: string, offset: number): Promise<void>;
  preview(id: string, index: number): Promise<Result<Output<'campaigns:preview'>>>;
}

/** The campaigns store. */
export const useCampaigns = create<CampaignsState>()((set, get) => {
  const lists = campaignLists<CampaignView, CampaignProgress>(set, get, {
    list: (workspaceId) => call('campaigns:list', { workspaceId }),
    issues: (id, offset, limit) => call('campaigns:issues', { id, offset, limit }),
  });
  const { put, change } = lists;
  return {
    byWorkspace: {},
    errors: {},
    progress: {},
    selectedId: null,
    messages: null,
    issues: null,
    load: lists.load,
    select(id) {
      set({ selectedId: id, messages: null, issues: null });
    },
    async create(input) {
      const res = await call('campaigns:create', input);
      if (res.ok) {
        put(res.value.campaign);
        set({ selectedId: res.value.campaign.id, messages: null, issues: null });
      }
      return res;
    },
    start: (id) => change(call('campaigns:start', { id })),
    pause: (id) => change(call('campaigns:pause', { id })),
    cancel: (id) => change(call('campaigns:cancel', { id })),
    sendAgain: (id, expected) =>
      lists.againThenStart(
        () => call('campaigns:sendAgain', { id, expected, confirm: true }),
        () => call('campaigns:start', { id }),
      ),
    async loadMessages(id, offset, status) {
      const res = await call('campaigns:messages', { id, offset, limit: PAGE, status: status ?? undefined });
      if (res.ok) set({ messages: { ...res.value, id, offset, status } });
    },
    loadIssues: lists.loadIssues,
    preview: (id, index) => call('campaigns:preview', { id, index }),
  };
});

/**
 * Follows `event:campaignProgress`: the live numbers, and a fresh view when a campaign stops
 * (completed, paused with a reason, cancelled) so the list and the detail say why.
 */
export function followCampaigns(): () => void {
  return subscribe('event:campaignProgress', (p) => {
    const before = keepProgress(useCampaigns, p);
    if (before?.state !== p.state || p.state !== 'running') {
      void call('campaigns:get', { id: p.campaignId }).then((res) => {
        if (!res.ok) return;
        const st = useCampaigns.getState();
        const list = st.byWorkspace[res.value.workspaceId] ?? [];
        useCampaigns.setState({
          byWorkspace: { ...st.byWorkspace, [res.value.workspaceId]: list.map((c) => (c.id === res.value.id ? res.value : c)) },
        });
      });
    }
  });
}

registerStore('campaigns', useCampaigns);
