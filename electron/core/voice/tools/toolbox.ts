/**
 * One call's tools: the agent's HTTP tools as the model is offered them, a bounded number of runs
 * per call, and the built-in tools the call has (transfer_call, …), each run recorded in the call's
 * record (calls/events.ts). A name the call has no tool for is refused, so the model can neither
 * invent a tool nor reach any URL but the operator's.
 */
import type { Clock } from '../clock';
import type { CallEventInput } from '../calls/events';
import type { LlmTools, ToolDefinition, ToolResult } from '../types';
import { callHttpTool, type HttpTool, type ToolNetwork } from './http-tool';

/** The most tool runs in one call: a caller who keeps the model fetching gets no more. */
export const MAX_TOOL_RUNS_PER_CALL = 5;

/** A tool Switchboard itself provides on a call (transfer_call, …): it checks its own input and records its own events. */
export interface BuiltInTool {
  readonly definition: ToolDefinition;
  run(input: unknown, signal: AbortSignal): Promise<ToolResult>;
}

/** Writes one event into the call's record. */
export type CallEventRecorder = (event: CallEventInput) => void;

/** The agent's tools for one call. */
export class CallToolbox implements LlmTools {
  readonly definitions: readonly ToolDefinition[];
  private runs = 0;

  constructor(
    private readonly tools: readonly (HttpTool & { readonly description: string })[],
    private readonly o: {
      readonly clock: Clock;
      readonly network?: ToolNetwork;
      readonly maxRuns?: number;
      /** Built-in tools, offered after the HTTP ones. */
      readonly builtIns?: readonly BuiltInTool[];
      /** Each HTTP tool run goes into the call's record: name, ok, duration, the model's input and the answer (never the secret header). */
      readonly record?: CallEventRecorder;
    },
  ) {
    this.definitions = [
      ...tools.map((t) => ({
        name: t.name,
        description: t.description,
        input_schema: { ...t.parameters, type: 'object' as const },
      })),
      ...(o.builtIns ?? []).map((b) => b.definition),
    ];
  }

  /** Tool runs so far in this call. */
  get used(): number {
    return this.runs;
  }

  /** Runs one tool the model called; an error result for an unknown tool or past the call's limit. */
  async run(name: string, input: unknown, signal: AbortSignal): Promise<ToolResult> {
    const builtIn = this.o.builtIns?.find((b) => b.definition.name === name);
    if (builtIn) return builtIn.run(input, signal);
    const tool = this.tools.find((t) => t.name === name);
    if (!tool) return { content: `There is no tool called ${name.slice(0, 64)}.`, isError: true };
    if (this.runs >= (this.o.maxRuns ?? MAX_TOOL_RUNS_PER_CALL))
      return { content: 'This call has used all its tool calls; answer without the tool.', isError: true };
    this.runs += 1;
    const started = this.o.clock.now();
    const result = await callHttpTool(tool, input, { clock: this.o.clock, network: this.o.network, signal });
    this.o.record?.({
      kind: 'tool',
      name: tool.name,
      ok: !result.isError,
      durationMs: Math.max(0, this.o.clock.now() - started),
      detail: { input, [result.isError ? 'error' : 'answer']: result.content },
    });
    return result;
  }
}
