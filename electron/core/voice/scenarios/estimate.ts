/**
 * What a run will cost, before it starts, from the prompt sizes (prompt-cache.ts estimateTokens)
 * and each scenario's turn limit. A turn is two requests: the caller's, then the agent's, each
 * sending the whole conversation so far. "Likely" takes half the turn limit and short spoken replies;
 * the ceiling takes every turn, every reply at its size limit and a round of tools on each agent
 * turn, so a run does not cost more than it says unless the prompts are much denser than prose.
 */
import type { ScenarioView, TestEstimate } from '../../../../shared/agent-scenarios';
import { getProvider } from '../../../../shared/providers/catalog';
import type { AgentView } from '../../../../shared/voice-agents';
import { endCallTool } from '../streams/claude-turn';
import { estimateTokens } from '../streams/prompt-cache';
import type { ToolDefinition } from '../types';
import { CALLER_MAX_TOKENS, callerPromptTokens } from './caller';

/** The agent's reply limit in a call (claude-turn.ts default). */
const AGENT_MAX_TOKENS = 300;
/** A spoken reply as it usually is, in tokens: a sentence or two. */
const LIKELY_AGENT_REPLY = 60;
const LIKELY_CALLER_REPLY = 30;

/** Tokens of one scenario with `turns` caller turns, replies of the given sizes and, when `toolRounds`, an extra agent request per turn. */
function scenarioTokens(
  prefix: { agent: number; caller: number },
  turns: number,
  reply: { agent: number; caller: number },
  stubTokens: number,
  toolRounds: boolean,
): number {
  let total = 0;
  let conversation = 0;
  for (let turn = 1; turn <= turns; turn += 1) {
    total += prefix.caller + conversation + reply.caller;
    conversation += reply.caller;
    const agentRequests = toolRounds ? 2 : 1;
    total += agentRequests * (prefix.agent + conversation) + reply.agent + (toolRounds ? stubTokens : 0);
    conversation += reply.agent;
  }
  return total;
}

/** Costs a run of these scenarios. */
export function estimateRun(
  agent: AgentView,
  tools: readonly ToolDefinition[],
  scenarios: readonly ScenarioView[],
  options: { readonly promptVersion: string; readonly callerModel: string; readonly owner: 'own' | 'agency' },
): TestEstimate {
  const agentPrefix = estimateTokens(agent.systemPrompt) + estimateTokens(JSON.stringify([endCallTool(agent.outcomes), ...tools]));
  let likely = 0;
  let ceiling = 0;
  for (const scenario of scenarios) {
    const prefix = {
      agent: agentPrefix + estimateTokens(agent.greeting),
      caller: callerPromptTokens(scenario.persona) + estimateTokens(agent.greeting),
    };
    const stubs = Object.values(scenario.stubs).map((v) => estimateTokens(JSON.stringify(v)));
    const stubTokens = stubs.length === 0 ? 0 : Math.max(...stubs);
    likely += scenarioTokens(
      prefix,
      Math.ceil(scenario.maxTurns / 2),
      { agent: LIKELY_AGENT_REPLY, caller: LIKELY_CALLER_REPLY },
      stubTokens,
      false,
    );
    ceiling += scenarioTokens(
      prefix,
      scenario.maxTurns,
      { agent: AGENT_MAX_TOKENS, caller: CALLER_MAX_TOKENS },
      stubTokens,
      tools.length > 0,
    );
  }
  const price = getProvider('anthropic').unitPrices.tokens ?? 0;
  const usd = (tokens: number): number => Math.round(tokens * price * 10_000) / 10_000;
  return {
    scenarios: scenarios.length,
    promptVersion: options.promptVersion,
    model: agent.model,
    callerModel: options.callerModel,
    tokens: { likely, ceiling },
    costUsd: { likely: usd(likely), ceiling: usd(ceiling) },
    owner: options.owner,
  };
}
