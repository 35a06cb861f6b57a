/**
 * One call's tools: the agent's HTTP tools as the model is offered them, a bounded number of runs
 * per call, and Switchboard's own tools (builtin.ts: transfer_call, send_sms, …) beside them, each
 * with its own per-call limit; an HTTP tool of the same name gives way to the built-in. Each HTTP
 * tool run goes into the call's record (calls/events.ts). A name the call has no tool for is
 * refused, so the model can neither invent a tool nor reach any URL but the operator's.
 */
import type { Clock } from '../clock';
import type { CallEventInput } from '../calls/events';
import type { LlmTools, ToolDefinition, ToolResult } from '../types';
import type { BuiltinTool } from './builtin';
import { callHttpTool, type HttpTool, type ToolNetwork } from './http-tool';

/** The most tool runs in one call: a caller who keeps the model fetching gets no more. */
export const MAX_TOOL_RUNS_PER_CALL = 5;

/** A tool as the model is offered it: its name, description and parameters as the input schema. */
export function toolDefinition(tool: {
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}): ToolDefinition {
  return { name: tool.name, description: tool.description, input_schema: { ...tool.parameters, type: 'object' as const } };
}

/** Writes one event into the call's record. */
export type CallEventRecorder = (event: CallEventInput) => void;

/** The agent's tools for one call. */
export class CallToolbox implements LlmTools {
  readonly definitions: readonly ToolDefinition[];
  private runs = 0;
  private readonly tools: readonly (HttpTool & { readonly description: string })[];
  /** Runs of each built-in so far. */
  private readonly builtinRuns = new Map<string, number>();

  constructor(
    tools: readonly (HttpTool & { readonly description: string })[],
    private readonly options: {
      readonly clock: Clock;
      readonly network?: ToolNetwork;
      readonly maxRuns?: number;
      readonly builtins?: readonly BuiltinTool[];
      /** Each HTTP tool run goes into the call's record: name, ok, duration, the model's input and the answer (never the secret header). */
      readonly record?: CallEventRecorder;
    },
  ) {
    const builtins = options.builtins ?? [];
    this.tools = tools.filter((t) => !builtins.some((b) => b.definition.name === t.name));
    this.definitions = [...this.tools.map(toolDefinition), ...builtins.map((b) => b.definition)];
  }

  /** Tool runs so far in this call. */
  get used(): number {
    return this.runs;
  }

  /** Whether the agent stays silent while this tool runs (no hold line). */
  isQuiet(name: string): boolean {
    return this.options.builtins?.find((b) => b.definition.name === name)?.quiet === true;
  }

  /** Runs one tool the model called; an error result for an unknown tool or past the call's limit. */
  async run(name: string, input: unknown, signal: AbortSignal): Promise<ToolResult> {
    const builtin = this.options.builtins?.find((b) => b.definition.name === name);
    if (builtin) return this.runBuiltin(builtin, input, signal);
    const tool = this.tools.find((t) => t.name === name);
    if (!tool) return { content: `There is no tool called ${name.slice(0, 64)}.`, isError: true };
    if (this.runs >= (this.options.maxRuns ?? MAX_TOOL_RUNS_PER_CALL))
      return { content: 'This call has used all its tool calls; answer without the tool.', isError: true };
    this.runs += 1;
    const started = this.options.clock.now();
    const result = await callHttpTool(tool, input, { clock: this.options.clock, network: this.options.network, signal });
    this.options.record?.({
      kind: 'tool',
      name: tool.name,
      ok: !result.isError,
      durationMs: Math.max(0, this.options.clock.now() - started),
      detail: { input, [result.isError ? 'error' : 'answer']: result.content },
    });
    return result;
  }

  private async runBuiltin(tool: BuiltinTool, input: unknown, signal: AbortSignal): Promise<ToolResult> {
    const name = tool.definition.name;
    const done = this.builtinRuns.get(name) ?? 0;
    if (done >= tool.maxRuns) return { content: `This call has used ${name} as often as it may; go on without it.`, isError: true };
    this.builtinRuns.set(name, done + 1);
    try {
      return await tool.run(input, signal);
    } catch {
      // A built-in says its own failures; anything that still escapes is one plain sentence, never the error's text.
      return { content: `${name} failed unexpectedly; nothing more can be said about it.`, isError: true };
    }
  }
}
