/**
 * A scenario's tools: the agent's HTTP tools offered to the model exactly as a call offers them
 * (toolbox.ts toolDefinition), answered by the scenario's stubs and never by their URLs. The input is
 * checked as a call checks it (http-tool.ts inputProblem) and the call's limit on runs holds, so a
 * prompt that makes the model misuse a tool shows it here first.
 */
import type { AgentToolView } from '../../../../shared/agent-tools';
import { inputProblem } from '../tools/http-tool';
import { MAX_TOOL_RUNS_PER_CALL, toolDefinition } from '../tools/toolbox';
import type { LlmTools, ToolDefinition, ToolResult } from '../types';

/** One tool run in a scenario: what the model sent, and what it was answered. */
export interface StubRun {
  readonly name: string;
  readonly input: unknown;
  readonly result: ToolResult;
}

/** The agent's tools for one scenario, answered by its stubs. */
export class StubToolbox implements LlmTools {
  readonly definitions: readonly ToolDefinition[];
  /** Every run, in order (refused ones included). */
  readonly runs: StubRun[] = [];
  private answered = 0;

  constructor(
    private readonly tools: readonly AgentToolView[],
    private readonly stubs: Readonly<Record<string, unknown>>,
  ) {
    this.definitions = tools.map(toolDefinition);
  }

  /** Answers one tool the model called from the stubs; an error result for an unknown tool, a bad input, a missing stub or past the limit. */
  run(name: string, input: unknown): Promise<ToolResult> {
    const result = this.answer(name, input);
    this.runs.push({ name, input, result });
    return Promise.resolve(result);
  }

  private answer(name: string, input: unknown): ToolResult {
    const tool = this.tools.find((t) => t.name === name);
    if (!tool) return { content: `There is no tool called ${name.slice(0, 64)}.`, isError: true };
    if (this.answered >= MAX_TOOL_RUNS_PER_CALL)
      return { content: 'This call has used all its tool calls; answer without the tool.', isError: true };
    this.answered += 1;
    const problem = inputProblem(tool.parameters, input);
    if (problem) return { content: problem, isError: true };
    if (!Object.hasOwn(this.stubs, name))
      return { content: `The tool ${name} has no answer in this test scenario, so it was not called.`, isError: true };
    // As a real tool's answer reaches the model: one compact line of JSON.
    return { content: JSON.stringify(this.stubs[name]), isError: false };
  }
}
