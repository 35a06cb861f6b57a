/**
 * A tool Switchboard itself runs during a call (send_sms, schedule_callback, press_keys), beside the
 * operator's HTTP tools in the call's toolbox (toolbox.ts). Each takes only what the model may
 * choose (a text, a time, keys), never where it goes: the number, the lead and the call come from
 * the call itself. Every refusal is an error result in one sentence the agent can say.
 */
import type { ToolDefinition, ToolResult } from '../types';

/** One built-in tool of one call. */
export interface BuiltinTool {
  readonly definition: ToolDefinition;
  /** The most runs of this tool in one call; the toolbox refuses the next. */
  readonly maxRuns: number;
  /** The agent says no hold line while it runs (keys for a phone menu are not talked over). */
  readonly quiet?: boolean;
  /** Runs it; resolves with its result (an error result for any refusal or failure), never rejects. */
  run(input: unknown, signal: AbortSignal): Promise<ToolResult>;
}

/** An error result the agent can say. */
export const refusal = (content: string): ToolResult => ({ content, isError: true });

/** A result the model reads, as one line of JSON. */
export const answer = (value: Readonly<Record<string, unknown>>): ToolResult => ({ content: JSON.stringify(value), isError: false });

/**
 * The model's input as an object holding only `allowed` keys, or a refusal naming what it may not
 * give: an extra key (a number, a URL) is refused outright, not ignored, so the agent can say so.
 */
export function onlyKeys(
  tool: string,
  input: unknown,
  allowed: readonly string[],
  why: string,
): { readonly ok: true; readonly value: Readonly<Record<string, unknown>> } | { readonly ok: false; readonly result: ToolResult } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, result: refusal(`The ${tool} input must be a JSON object.`) };
  const extra = Object.keys(input).filter((k) => !allowed.includes(k));
  if (extra.length > 0) return { ok: false, result: refusal(`${tool} takes no ${extra.map((k) => k.slice(0, 40)).join(', ')}: ${why}`) };
  return { ok: true, value: input as Readonly<Record<string, unknown>> };
}
