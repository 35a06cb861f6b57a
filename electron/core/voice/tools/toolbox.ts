/**
 * One call's tools: the agent's HTTP tools as the model is offered them, and a bounded number of
 * runs per call. A name the agent has no tool for is refused, so the model can neither invent a tool
 * nor reach any URL but the operator's.
 */
import type { Clock } from '../clock';
import type { LlmTools, ToolDefinition, ToolResult } from '../types';
import { callHttpTool, type HttpTool, type ToolNetwork } from './http-tool';

/** The most tool runs in one call: a caller who keeps the model fetching gets no more. */
export const MAX_TOOL_RUNS_PER_CALL = 5;

/** A tool as the model is offered it: its name, description and parameters as the input schema. */
export function toolDefinition(t: {
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}): ToolDefinition {
  return { name: t.name, description: t.description, input_schema: { ...t.parameters, type: 'object' as const } };
}

/** The agent's tools for one call. */
export class CallToolbox implements LlmTools {
  readonly definitions: readonly ToolDefinition[];
  private runs = 0;

  constructor(
    private readonly tools: readonly (HttpTool & { readonly description: string })[],
    private readonly o: { readonly clock: Clock; readonly network?: ToolNetwork; readonly maxRuns?: number },
  ) {
    this.definitions = tools.map(toolDefinition);
  }

  /** Tool runs so far in this call. */
  get used(): number {
    return this.runs;
  }

  /** Runs one tool the model called; an error result for an unknown tool or past the call's limit. */
  async run(name: string, input: unknown, signal: AbortSignal): Promise<ToolResult> {
    const tool = this.tools.find((t) => t.name === name);
    if (!tool) return { content: `There is no tool called ${name.slice(0, 64)}.`, isError: true };
    if (this.runs >= (this.o.maxRuns ?? MAX_TOOL_RUNS_PER_CALL))
      return { content: 'This call has used all its tool calls; answer without the tool.', isError: true };
    this.runs += 1;
    return callHttpTool(tool, input, { clock: this.o.clock, network: this.o.network, signal });
  }
}
