/**
 * An agent's simulated-caller tests in the console: its scenarios (with the tools a scenario may
 * stub and the prompt version a run would test), the estimate asked before a run, the run under
 * way, the last run's results, and the history of runs per prompt version. By agent id.
 */
import { create } from 'zustand';
import type { PromptVersionRuns, TestEstimate, TestRunView } from '../../../shared/agent-scenarios';
import type { Input, Output } from '../../../shared/ipc/contract';
import { call, type ErrorInfo, type Result } from '../lib/api';
import { registerStore } from './devtools';

/** What the Tests section shows of one agent. */
export type AgentTestsView = Output<'scenarios:list'>;

interface AgentTestsState {
  readonly byAgent: Readonly<Record<string, AgentTestsView>>;
  readonly errors: Readonly<Record<string, ErrorInfo | null>>;
  readonly history: Readonly<Record<string, readonly PromptVersionRuns[]>>;
  /** The run shown, by agent: the one just made, or one opened from the history. */
  readonly shown: Readonly<Record<string, TestRunView>>;
  /** Agents whose tests are running now. */
  readonly running: Readonly<Record<string, boolean>>;
  readonly runErrors: Readonly<Record<string, ErrorInfo | null>>;
  load(workspaceId: string, agentId: string): Promise<void>;
  add(workspaceId: string, agentId: string, scenario: Input<'scenarios:add'>['scenario']): Promise<Result<unknown>>;
  remove(workspaceId: string, agentId: string, scenarioId: string): Promise<Result<unknown>>;
  estimate(workspaceId: string, agentId: string): Promise<Result<TestEstimate>>;
  run(workspaceId: string, agentId: string): Promise<void>;
  open(workspaceId: string, agentId: string, runId: string): Promise<Result<TestRunView>>;
}

/** The agent-tests store. */
export const useAgentTests = create<AgentTestsState>()((set, get) => {
  const loadHistory = async (workspaceId: string, agentId: string): Promise<void> => {
    const res = await call('scenarios:history', { workspaceId, agentId });
    if (res.ok) set({ history: { ...get().history, [agentId]: res.value } });
  };
  return {
    byAgent: {},
    errors: {},
    history: {},
    shown: {},
    running: {},
    runErrors: {},
    async load(workspaceId, agentId) {
      const res = await call('scenarios:list', { workspaceId, agentId });
      set({
        errors: { ...get().errors, [agentId]: res.ok ? null : res.error },
        ...(res.ok ? { byAgent: { ...get().byAgent, [agentId]: res.value } } : {}),
      });
      if (res.ok) await loadHistory(workspaceId, agentId);
    },
    async add(workspaceId, agentId, scenario) {
      const res = await call('scenarios:add', { workspaceId, agentId, scenario });
      if (res.ok) await get().load(workspaceId, agentId);
      return res;
    },
    async remove(workspaceId, agentId, scenarioId) {
      const res = await call('scenarios:remove', { workspaceId, agentId, scenarioId });
      if (res.ok) await get().load(workspaceId, agentId);
      return res;
    },
    estimate: (workspaceId, agentId) => call('scenarios:estimate', { workspaceId, agentId }),
    async run(workspaceId, agentId) {
      set({ running: { ...get().running, [agentId]: true }, runErrors: { ...get().runErrors, [agentId]: null } });
      const res = await call('scenarios:run', { workspaceId, agentId });
      set({
        running: { ...get().running, [agentId]: false },
        runErrors: { ...get().runErrors, [agentId]: res.ok ? null : res.error },
        ...(res.ok ? { shown: { ...get().shown, [agentId]: res.value } } : {}),
      });
      await loadHistory(workspaceId, agentId);
    },
    async open(workspaceId, agentId, runId) {
      const res = await call('scenarios:openRun', { workspaceId, agentId, runId });
      if (res.ok) set({ shown: { ...get().shown, [agentId]: res.value } });
      return res;
    },
  };
});

registerStore('agentTests', useAgentTests);
