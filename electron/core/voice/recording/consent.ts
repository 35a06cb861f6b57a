/** What an agent says first: its consent line, then its greeting, whenever it records the call. */
import type { AgentView } from '../../../../shared/voice-agents';

/** The agent's opening words: the consent line before the greeting when the call is recorded. */
export function openingWords(agent: Pick<AgentView, 'greeting' | 'record' | 'consentLine'>): string {
  return agent.record ? `${agent.consentLine.trim()} ${agent.greeting}` : agent.greeting;
}
