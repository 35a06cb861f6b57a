/**
 * What an agent can do during a call besides talking, per agent: its HTTP tools and the people it
 * may transfer a call to. A tool's secret header value passes through `addTool` once, on its way to
 * be sealed in main; nothing here keeps it.
 */
import { create } from 'zustand';
import type { AgentToolView } from '../../../shared/agent-tools';
import type { Input } from '../../../shared/ipc/contract';
import type { TransferTargetView } from '../../../shared/transfer-targets';
import { call, type ErrorInfo, type Result } from '../lib/api';
import { registerStore } from './devtools';

interface AgentExtrasState {
  /** Each agent's HTTP tools, by agent id. */
  readonly tools: Readonly<Record<string, readonly AgentToolView[]>>;
  /** Each agent's transfer targets, by agent id. */
  readonly targets: Readonly<Record<string, readonly TransferTargetView[]>>;
  readonly errors: Readonly<Record<string, ErrorInfo | null>>;
  load(workspaceId: string, agentId: string): Promise<void>;
  addTool(
    workspaceId: string,
    agentId: string,
    tool: Input<'agentTools:add'>['tool'],
    secretValue: string | null,
  ): Promise<Result<AgentToolView>>;
  removeTool(workspaceId: string, agentId: string, toolId: string): Promise<Result<unknown>>;
  addTarget(workspaceId: string, agentId: string, target: Input<'transfers:add'>['target']): Promise<Result<TransferTargetView>>;
  removeTarget(workspaceId: string, agentId: string, targetId: string): Promise<Result<unknown>>;
}

/** The agent-extras store. */
export const useAgentExtras = create<AgentExtrasState>()((set, get) => ({
  tools: {},
  targets: {},
  errors: {},
  async load(workspaceId, agentId) {
    const [tools, targets] = await Promise.all([
      call('agentTools:list', { workspaceId, agentId }),
      call('transfers:list', { workspaceId, agentId }),
    ]);
    const error = !tools.ok ? tools.error : !targets.ok ? targets.error : null;
    set({
      errors: { ...get().errors, [agentId]: error },
      ...(tools.ok ? { tools: { ...get().tools, [agentId]: tools.value } } : {}),
      ...(targets.ok ? { targets: { ...get().targets, [agentId]: targets.value } } : {}),
    });
  },
  async addTool(workspaceId, agentId, tool, secretValue) {
    const res = await call('agentTools:add', { workspaceId, agentId, tool, secretValue });
    if (res.ok)
      set({
        tools: { ...get().tools, [agentId]: [...(get().tools[agentId] ?? []), res.value].sort((a, b) => a.name.localeCompare(b.name)) },
      });
    return res;
  },
  async removeTool(workspaceId, agentId, toolId) {
    const res = await call('agentTools:remove', { workspaceId, agentId, toolId });
    if (res.ok) set({ tools: { ...get().tools, [agentId]: (get().tools[agentId] ?? []).filter((t) => t.id !== toolId) } });
    return res;
  },
  async addTarget(workspaceId, agentId, target) {
    const res = await call('transfers:add', { workspaceId, agentId, target });
    if (res.ok)
      set({
        targets: {
          ...get().targets,
          [agentId]: [...(get().targets[agentId] ?? []), res.value].sort((a, b) => a.name.localeCompare(b.name)),
        },
      });
    return res;
  },
  async removeTarget(workspaceId, agentId, targetId) {
    const res = await call('transfers:remove', { workspaceId, agentId, targetId });
    if (res.ok) set({ targets: { ...get().targets, [agentId]: (get().targets[agentId] ?? []).filter((t) => t.id !== targetId) } });
    return res;
  },
}));
registerStore('agentExtras', useAgentExtras);
