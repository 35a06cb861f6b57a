/**
 * Voice: the agents of each workspace (create, edit, delete, voice checks, drafts from a brief),
 * the runner's state, the live calls followed from `event:call`, and the recent calls on record.
 */
import type { PlayableRecording } from '../../../shared/call-recordings';
import { create } from 'zustand';
import type { CallSummary, CallView } from '../../../shared/calls';
import type { Input, Output } from '../../../shared/ipc/contract';
import type { CallExtractionView, ExtractionField, ExtractionSchemaView } from '../../../shared/extraction';
import type { AgentView, VoiceCheck } from '../../../shared/voice-agents';
import type { LiveCall, RunnerState } from '../../../shared/voice-runner';
import { call, subscribe, type ErrorInfo, type Result } from '../lib/api';
import { applyCallEvent, emptyLog, type CallLog } from '../lib/call-log';
import { registerStore } from './devtools';

/** A voice check of one saved agent: running, its verdict, or why it could not run. */
export type CheckState =
  | { readonly status: 'checking' }
  | { readonly status: 'done'; readonly verdict: VoiceCheck }
  | { readonly status: 'failed'; readonly error: ErrorInfo };

/** What drafting from a brief returns. */
export type Draft = Output<'agents:draft'>;

interface VoiceState {
  readonly byWorkspace: Readonly<Record<string, readonly AgentView[]>>;
  readonly errors: Readonly<Record<string, ErrorInfo | null>>;
  /** The last voice check of each agent, by agent id. */
  readonly checks: Readonly<Record<string, CheckState>>;
  readonly runner: RunnerState | null;
  readonly runnerError: ErrorInfo | null;
  /** Every call followed since the console opened, by call id. */
  readonly calls: Readonly<Record<string, CallLog>>;
  /** What the runner said of each call while it held it (agent, number, start), kept after it ends. */
  readonly known: Readonly<Record<string, LiveCall>>;
  /** The call shown in the live view. */
  readonly watching: string | null;
  /** Each workspace's recent calls from the calls store, newest first (no transcripts). */
  readonly recent: Readonly<Record<string, readonly CallSummary[]>>;
  readonly recentErrors: Readonly<Record<string, ErrorInfo | null>>;
  load(workspaceId: string): Promise<void>;
  create(workspaceId: string, agent: Input<'agents:create'>['agent']): Promise<Result<AgentView>>;
  update(workspaceId: string, agentId: string, patch: Input<'agents:update'>['patch']): Promise<Result<AgentView>>;
  remove(workspaceId: string, agentId: string): Promise<Result<unknown>>;
  draft(workspaceId: string, brief: string, language: 'en' | 'hi'): Promise<Result<Draft>>;
  checkVoice(workspaceId: string, agentId: string): Promise<void>;
  refreshRunner(): Promise<void>;
  /** Starts the runner behind the operator's URL or the ngrok tunnel. */
  startRunner(reach: { publicUrl: string } | { tunnel: true }): Promise<Result<RunnerState>>;
  /** Hangs up live calls and stops the runner. */
  stopRunner(): Promise<Result<RunnerState>>;
  testCall(workspaceId: string, agentId: string, to: string): Promise<Result<{ callId: string }>>;
  hangup(callId: string): Promise<Result<unknown>>;
  watch(callId: string | null): void;
  loadRecent(workspaceId: string): Promise<void>;
  /** One call with its sealed transcript opened (needs the vault unlocked). */
  openCall(workspaceId: string, callId: string): Promise<Result<CallView>>;
  /** An agent's extraction schema, or null when it extracts nothing. */
  extraction(workspaceId: string, agentId: string): Promise<Result<ExtractionSchemaView | null>>;
  /** Sets an agent's extraction fields, or clears them (null). */
  saveExtraction(workspaceId: string, agentId: string, fields: readonly ExtractionField[] | null): Promise<Result<unknown>>;
  /** Extracts a call's fields again with its agent's current schema. */
  extractAgain(workspaceId: string, callId: string): Promise<Result<CallExtractionView>>;
  /** A call's recording opened (the WAV), or null when it was not recorded (needs the vault unlocked). */
  openRecording(workspaceId: string, callId: string): Promise<Result<PlayableRecording | null>>;
}

/** How many recent calls the screen lists. */
export const RECENT_CALLS = 20;

const byName = (a: AgentView, b: AgentView): number => a.name.localeCompare(b.name);

/** The voice store. */
export const useVoice = create<VoiceState>()((set, get) => {
  /** Puts a fresh view of one agent in its workspace's list, and forgets a check of its old voice. */
  const put = (agent: AgentView): void => {
    const list = (get().byWorkspace[agent.workspaceId] ?? []).filter((a) => a.id !== agent.id);
    const { [agent.id]: _stale, ...checks } = get().checks;
    set({ byWorkspace: { ...get().byWorkspace, [agent.workspaceId]: [...list, agent].sort(byName) }, checks });
  };
  return {
    byWorkspace: {},
    errors: {},
    checks: {},
    runner: null,
    runnerError: null,
    calls: {},
    known: {},
    watching: null,
    recent: {},
    recentErrors: {},
    async load(workspaceId) {
      const res = await call('agents:list', { workspaceId });
      set({
        errors: { ...get().errors, [workspaceId]: res.ok ? null : res.error },
        ...(res.ok ? { byWorkspace: { ...get().byWorkspace, [workspaceId]: [...res.value].sort(byName) } } : {}),
      });
    },
    async create(workspaceId, agent) {
      const res = await call('agents:create', { workspaceId, agent });
      if (res.ok) put(res.value);
      return res;
    },
    async update(workspaceId, agentId, patch) {
      const res = await call('agents:update', { workspaceId, agentId, patch });
      if (res.ok) put(res.value);
      return res;
    },
    async remove(workspaceId, agentId) {
      const res = await call('agents:delete', { workspaceId, agentId });
      if (res.ok)
        set({
          byWorkspace: { ...get().byWorkspace, [workspaceId]: (get().byWorkspace[workspaceId] ?? []).filter((a) => a.id !== agentId) },
        });
      return res;
    },
    draft: (workspaceId, brief, language) => call('agents:draft', { workspaceId, brief, language }),
    async checkVoice(workspaceId, agentId) {
      set({ checks: { ...get().checks, [agentId]: { status: 'checking' } } });
      const res = await call('agents:checkVoice', { workspaceId, agentId });
      set({
        checks: { ...get().checks, [agentId]: res.ok ? { status: 'done', verdict: res.value } : { status: 'failed', error: res.error } },
      });
    },
    async refreshRunner() {
      const res = await call('voice:state', {});
      if (!res.ok) {
        set({ runnerError: res.error });
        return;
      }
      set({
        runner: res.value,
        runnerError: null,
        known: { ...get().known, ...Object.fromEntries(res.value.calls.map((c) => [c.callId, c])) },
      });
    },
    async startRunner(reach) {
      const res = await call('voice:start', reach);
      if (res.ok) set({ runner: res.value, runnerError: null });
      return res;
    },
    async stopRunner() {
      const res = await call('voice:stop', {});
      if (res.ok) set({ runner: res.value, runnerError: null });
      return res;
    },
    async testCall(workspaceId, agentId, to) {
      const res = await call('voice:testCall', { workspaceId, agentId, to });
      if (res.ok) {
        // The log exists before the first event, so the live view opens on "Dialling" at once.
        set({
          calls: { ...get().calls, [res.value.callId]: get().calls[res.value.callId] ?? emptyLog(res.value.callId, 'dialing') },
          watching: res.value.callId,
        });
        void get().refreshRunner();
      }
      return res;
    },
    async hangup(callId) {
      const res = await call('voice:hangup', { callId });
      if (res.ok) void get().refreshRunner();
      return res;
    },
    watch(callId) {
      set({ watching: callId });
    },
    async loadRecent(workspaceId) {
      const res = await call('calls:list', { workspaceId, limit: RECENT_CALLS });
      set({
        recentErrors: { ...get().recentErrors, [workspaceId]: res.ok ? null : res.error },
        ...(res.ok ? { recent: { ...get().recent, [workspaceId]: res.value } } : {}),
      });
    },
    openCall: (workspaceId, callId) => call('calls:get', { workspaceId, callId }),
    extraction: (workspaceId, agentId) => call('agents:getExtraction', { workspaceId, agentId }),
    saveExtraction: (workspaceId, agentId, fields) =>
      fields === null
        ? call('agents:clearExtraction', { workspaceId, agentId })
        : call('agents:setExtraction', {
            workspaceId,
            agentId,
            schema: {
              fields: fields.map(({ values, ...f }) => ({ ...f, ...(values ? { values: [...values] } : {}) })),
            },
          }),
    extractAgain: (workspaceId, callId) => call('calls:extract', { workspaceId, callId }),
    openRecording: (workspaceId, callId) => call('calls:recording', { workspaceId, callId }),
  };
});

let following = false;

/**
 * Follows `event:call` from the first call on, for as long as the window lives, so a call keeps
 * its transcript while the operator looks at another screen. Each event goes into its call's log;
 * a change of state or an end refreshes the runner's numbers (transcript lines do not change
 * them), and an end refreshes the recent calls.
 */
export function followCalls(): void {
  if (following) return;
  following = true;
  subscribe('event:call', (e) => {
    const s = useVoice.getState();
    useVoice.setState({ calls: { ...s.calls, [e.callId]: applyCallEvent(s.calls[e.callId], e) } });
    if (e.type !== 'transcript') void s.refreshRunner();
    // An ended call has its sealed record now: the lists already shown pick it up.
    if (e.type === 'ended') for (const ws of Object.keys(s.recent)) void s.loadRecent(ws);
  });
}

registerStore('voice', useVoice);
