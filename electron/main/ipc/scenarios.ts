/**
 * An agent's simulated-caller tests through core.agentScenarios and core.agentTests. A run answers
 * once every scenario has been played (a few seconds to a minute on the real Anthropic API); the
 * console shows the estimate first and waits.
 */
import type { ScenarioCreate } from '../../../shared/agent-scenario-schemas';
import { AppError } from '../../../shared/errors';
import type { HandlerContext, ServiceMap } from './handler';

type ScenarioChannel =
  | 'scenarios:list'
  | 'scenarios:add'
  | 'scenarios:remove'
  | 'scenarios:estimate'
  | 'scenarios:run'
  | 'scenarios:history'
  | 'scenarios:openRun';

/** The stubs' answers, each written as JSON text in the console, as JSON values; one sentence for the first that is not JSON. */
function stubsOf(texts: Readonly<Record<string, string>> | undefined): Record<string, unknown> | undefined {
  if (texts === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(texts).map(([tool, text]) => {
      try {
        return [tool, JSON.parse(text) as unknown];
      } catch {
        throw new AppError('INVALID_INPUT', `The answer for ${tool.slice(0, 64)} is not JSON: write what the tool would answer, as JSON.`);
      }
    }),
  );
}

/** Scenario handlers. */
export function scenarioHandlers({ core, actor }: HandlerContext): ServiceMap<ScenarioChannel> {
  const scenarios = core.agentScenarios;
  const tests = core.agentTests;
  return {
    'scenarios:list': ({ workspaceId, agentId }) => ({
      scenarios: scenarios.list(workspaceId, agentId),
      tools: core.agentTools.list(workspaceId, agentId).map((t) => ({ name: t.name, description: t.description })),
      promptVersion: tests.currentVersion(workspaceId, agentId),
    }),
    // Parsed here for shape and size only: the core checks the meaning and says what is wrong in its own sentence.
    'scenarios:add': ({ workspaceId, agentId, scenario }) =>
      scenarios.add(workspaceId, agentId, { ...scenario, stubs: stubsOf(scenario.stubs) } as ScenarioCreate, actor),
    'scenarios:remove': ({ workspaceId, agentId, scenarioId }) => {
      scenarios.remove(workspaceId, agentId, scenarioId, actor);
      return { removed: true as const };
    },
    'scenarios:estimate': ({ workspaceId, agentId, scenarios: refs }) => tests.estimate(workspaceId, agentId, refs),
    'scenarios:run': ({ workspaceId, agentId, scenarios: refs }) => tests.run(workspaceId, agentId, { scenarios: refs }, actor),
    'scenarios:history': ({ workspaceId, agentId }) => tests.history(workspaceId, agentId),
    'scenarios:openRun': ({ workspaceId, agentId, runId }) => tests.openRun(workspaceId, agentId, runId),
  };
}
