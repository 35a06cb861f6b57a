/**
 * Voice campaigns of the current workspace: the list, creating one from a picked file (with its
 * import report and estimate), start / pause / cancel / dial again / delete, a page of leads and of the
 * import report of the campaign being looked at, and live progress from main. A push carries
 * what moves while calls go on (counts, live calls, the ceiling); the campaign is read again only
 * when a call has ended since (its usage and cost moved) or its state changed.
 */
import { create } from 'zustand';
import type { Input, Output } from '../../../shared/ipc/contract';
import type { LeadState, VoiceCampaignProgress, VoiceCampaignView } from '../../../shared/voice-campaigns';
import { call, subscribe, type Result } from '../lib/api';
import { campaignLists, type CampaignListState, keepProgress, PAGE } from './campaign-lists';
import { registerStore } from './devtools';

/** A page of the calls table. */
export type LeadPage = Output<'voiceCampaigns:leads'>;
/** A page of the import report. */
export type LeadIssuePage = Output<'voiceCampaigns:issues'>;
/** What creating a voice campaign returns. */
export type CreatedVoice = Output<'voiceCampaigns:create'>;

/** Rows per page of the calls table and the import report. */
export const LEAD_PAGE = PAGE;

interface VoiceCampaignsState extends CampaignListState<VoiceCampaignView, VoiceCampaignProgress> {
  readonly leads: (LeadPage & { readonly id: string; readonly offset: number; readonly state: LeadState | null }) | null;
  load(workspaceId: string): Promise<void>;
  /** Fetches one campaign's view again and puts it in its list. */
  refresh(id: string): Promise<void>;
  create(input: Input<'voiceCampaigns:create'>): Promise<Result<CreatedVoice>>;
  start(id: string): Promise<Result<VoiceCampaignView>>;
  pause(id: string): Promise<Result<VoiceCampaignView>>;
  cancel(id: string): Promise<Result<VoiceCampaignView>>;
  /** Deletes a campaign that is not running, with its leads, calls and transcripts; returns how many calls went. */
  remove(id: string, workspaceId: string): Promise<Result<Output<'voiceCampaigns:delete'>>>;
  /** Queues again the `expected` calls left in doubt the operator checked, then starts the campaign. */
  dialAgain(id: string, expected: number): Promise<Result<VoiceCampaignView>>;
  /** The campaign as CSV: leads, calls, summaries and extracted fields (the vault must be unlocked). */
  exportCsv(id: string): Promise<Result<Output<'voiceCampaigns:exportCsv'>>>;
  loadLeads(id: string, offset: number, state: LeadState | null): Promise<void>;
  loadIssues(id: string, offset: number): Promise<void>;
}

/** The voice campaigns store. */
export const useVoiceCampaigns = create<VoiceCampaignsState>()((set, get) => {
  const lists = campaignLists<VoiceCampaignView, VoiceCampaignProgress>(set, get, {
    list: (workspaceId) => call('voiceCampaigns:list', { workspaceId }),
    issues: (id, offset, limit) => call('voiceCampaigns:issues', { id, offset, limit }),
  });
  const { put, change } = lists;
  return {
    byWorkspace: {},
    errors: {},
    progress: {},
    leads: null,
    issues: null,
    load: lists.load,
    async refresh(id) {
      const res = await call('voiceCampaigns:get', { id });
      if (res.ok) put(res.value);
    },
    async create(input) {
      const res = await call('voiceCampaigns:create', input);
      if (res.ok) {
        put(res.value.campaign);
        set({ leads: null, issues: null });
      }
      return res;
    },
    start: (id) => change(call('voiceCampaigns:start', { id })),
    pause: (id) => change(call('voiceCampaigns:pause', { id })),
    cancel: (id) => change(call('voiceCampaigns:cancel', { id })),
    async remove(id, workspaceId) {
      const res = await call('voiceCampaigns:delete', { id });
      if (res.ok) {
        const { [id]: _gone, ...progress } = get().progress;
        set({
          byWorkspace: { ...get().byWorkspace, [workspaceId]: (get().byWorkspace[workspaceId] ?? []).filter((c) => c.id !== id) },
          progress,
          leads: null,
          issues: null,
        });
      }
      return res;
    },
    exportCsv: (id) => call('voiceCampaigns:exportCsv', { id }),
    dialAgain: (id, expected) =>
      lists.againThenStart(
        () => call('voiceCampaigns:dialAgain', { id, expected, confirm: true }),
        () => call('voiceCampaigns:start', { id }),
      ),
    async loadLeads(id, offset, state) {
      const res = await call('voiceCampaigns:leads', { id, offset, limit: LEAD_PAGE, state: state ?? undefined });
      if (res.ok) set({ leads: { ...res.value, id, offset, state } });
    },
    loadIssues: lists.loadIssues,
  };
});

// One refresh per campaign at a time; a push during it asks for one more when it returns.
const refreshing = new Map<string, boolean>();
function refreshSoon(id: string): void {
  if (refreshing.has(id)) {
    refreshing.set(id, true);
    return;
  }
  refreshing.set(id, false);
  void useVoiceCampaigns
    .getState()
    .refresh(id)
    .finally(() => {
      const again = refreshing.get(id) === true;
      refreshing.delete(id);
      if (again) refreshSoon(id);
    });
}

/**
 * Follows `event:voiceCampaignProgress`: the live numbers and calls from the push itself, and a
 * fresh view of the campaign only when a call has ended since the last push or view (usage and
 * cost moved) or its state changed (a reason, the times, whether it was interrupted).
 */
export function followVoiceCampaigns(): () => void {
  return subscribe('event:voiceCampaignProgress', (p) => {
    const view = useVoiceCampaigns.getState().byWorkspace[p.workspaceId]?.find((c) => c.id === p.campaignId);
    const before = keepProgress(useVoiceCampaigns, p) ?? view;
    if (view && (before?.settled !== p.settled || before.state !== p.state)) refreshSoon(p.campaignId);
  });
}

registerStore('voiceCampaigns', useVoiceCampaigns);
