/**
 * The `transfer_call` built-in tool: offered when the agent has transfer targets and the call's
 * carrier can hand a call over. The model names a target (one of the operator's, listed with when to
 * use each) and gives a one-line summary for the person; it never gives a number, and a name or
 * number the operator did not configure is refused. The hand-over itself is the call's
 * (call/hand-over.ts); this file only offers the tool and holds what the model may ask of it.
 */
import { MAX_TRANSFERS_PER_CALL, TRANSFER_TOOL_NAME, type TransferTargetView } from '../../../../shared/transfer-targets';
import type { ToolDefinition, ToolResult } from '../types';
import type { BuiltinTool } from './builtin';

/** The longest summary the model may give, in characters: the person hears it before the caller is connected. */
export const MAX_SUMMARY_CHARS = 300;

/** Hands the call to a person: what the call does with a transfer the model asked for (call/hand-over.ts). */
export interface TransferDesk {
  /** Hands the call to `target`; resolves with what the model is told (an error result when it did not happen), never rejects. */
  transfer(target: TransferTargetView, summary: string, signal: AbortSignal): Promise<ToolResult>;
}

const refused = (content: string): ToolResult => ({ content, isError: true });

/** The tool as the model is offered it: a target from the operator's list, and a summary; nothing else. */
export function transferDefinition(targets: readonly TransferTargetView[]): ToolDefinition {
  const list = targets.map((t) => `- ${t.name} (${t.mode}): ${t.whenToUse}`).join('\n');
  return {
    name: TRANSFER_TOOL_NAME,
    description:
      'Transfer the caller to a person. Call it only when one of these fits what the caller needs, and say one short line first (for ' +
      'example that you are connecting them):\n' +
      `${list}\n` +
      'Cold targets are connected at once and you leave the call; for warm ones you brief the person first, and if they do not answer you ' +
      'are told and stay with the caller.',
    input_schema: {
      type: 'object',
      properties: {
        target: { type: 'string', enum: targets.map((t) => t.name), description: 'Who to transfer to, by name.' },
        summary: {
          type: 'string',
          maxLength: MAX_SUMMARY_CHARS,
          description: 'One line for the person: who is calling and what they need.',
        },
      },
      required: ['target', 'summary'],
      additionalProperties: false,
    },
  };
}

/** The built-in transfer tool of one call. */
export class TransferTool implements BuiltinTool {
  readonly definition: ToolDefinition;
  /** The toolbox lets a refused request (an unknown target) through: the bound that counts is the transfers tried (attempts). */
  readonly maxRuns = MAX_TRANSFERS_PER_CALL * 4;
  private attempts = 0;

  constructor(
    private readonly targets: readonly TransferTargetView[],
    private readonly desk: TransferDesk,
  ) {
    this.definition = transferDefinition(targets);
  }

  /** Checks what the model asked for and hands it to the desk; a target not configured is refused and nothing is dialled. */
  async run(input: unknown, signal: AbortSignal): Promise<ToolResult> {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return refused('transfer_call takes a target and a summary.');
    const { target, summary, ...rest } = input as Record<string, unknown>;
    const names = this.targets.map((t) => t.name).join(', ');
    if (Object.keys(rest).length > 0) return refused(`transfer_call takes only a target and a summary; the number is never yours to give.`);
    if (typeof target !== 'string' || typeof summary !== 'string')
      return refused('transfer_call takes a target name and a one-line summary.');
    const wanted = target.trim().toLowerCase();
    const found = this.targets.find((t) => t.name.toLowerCase() === wanted);
    if (!found)
      return refused(
        /\d{3}/.test(target)
          ? `transfer_call never dials a number; it transfers only to ${names}. Tell the caller you cannot transfer them there.`
          : `There is no transfer target called ${target.slice(0, 60)}; the targets are ${names}. Tell the caller you cannot transfer them there.`,
      );
    if (this.attempts >= MAX_TRANSFERS_PER_CALL) return refused('This call has tried its transfers; carry on with the caller yourself.');
    this.attempts += 1;
    const line = summary.replace(/\s+/g, ' ').trim().slice(0, MAX_SUMMARY_CHARS);
    return this.desk.transfer(found, line, signal);
  }
}
