/**
 * An agent's prompt version: a short hash of everything that shapes what it says in a call — the
 * system prompt, the greeting, the model, its outcomes and its tools as the model is offered them
 * (name, description, parameters; not the URL or the secret header, which the model never sees).
 * Runs are kept per version, so a change shows which scenarios it broke or fixed.
 */
import { createHash } from 'node:crypto';
import type { AgentToolView } from '../../../../shared/agent-tools';
import type { AgentView } from '../../../../shared/voice-agents';
import { toolDefinition } from '../tools/toolbox';

/** Hex characters of the hash kept: short enough to read, long enough never to collide in one agent's history. */
const VERSION_CHARS = 12;

/** The prompt version of an agent with these tools. */
export function promptVersion(agent: AgentView, tools: readonly AgentToolView[]): string {
  const shape = {
    systemPrompt: agent.systemPrompt,
    greeting: agent.greeting,
    model: agent.model,
    outcomes: agent.outcomes,
    tools: [...tools].sort((a, b) => a.name.localeCompare(b.name)).map(toolDefinition),
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, VERSION_CHARS);
}
