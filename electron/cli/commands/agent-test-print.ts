/** How `agent test` and `agent scenario runs --run` print a run: each scenario's verdicts with their reasons, and transcripts. */
import type { ScenarioResult, ScenarioTranscriptEntry, TestEstimate, TestRunView } from '../../../shared/agent-scenarios';
import type { CliContext } from '../context';

const count = (n: number): string => n.toLocaleString('en-US');
const usd = (n: number): string => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;

/** Who ended a conversation, in words. */
const ENDED: Readonly<Record<ScenarioResult['ended'], string>> = {
  agent: 'the agent ended it',
  caller: 'the caller hung up',
  'turn-limit': 'it reached its turn limit',
  error: 'it failed',
};

/** The estimate in one sentence. */
export function estimateSentence(estimate: TestEstimate, workspace: string): string {
  const payer = estimate.owner === 'own' ? `${workspace}'s own Anthropic key` : 'the agency’s Anthropic key';
  return (
    `${estimate.scenarios} scenario${estimate.scenarios === 1 ? '' : 's'} on ${payer}: about ${count(estimate.tokens.likely)} tokens ` +
    `(at most about ${count(estimate.tokens.ceiling)}), about ${usd(estimate.costUsd.likely)} (at most about ${usd(estimate.costUsd.ceiling)}).`
  );
}

/** One transcript entry as a line. */
function entryLine(entry: ScenarioTranscriptEntry): string {
  if (entry.kind === 'line') return `${entry.speaker === 'agent' ? 'Agent' : 'Caller'}: ${entry.text}`;
  if (entry.kind === 'tool') return `[tool ${entry.name} ${entry.input} → ${entry.isError ? 'error: ' : ''}${entry.answer}]`;
  return `— ${ENDED[entry.by]}${entry.outcome ? ` as ${entry.outcome}` : ''}: ${entry.reason}`;
}

/** One scenario's result: its line, each verdict with its reason, and its transcript when asked. */
export function printResult(ctx: CliContext, result: ScenarioResult, transcript: boolean): void {
  const tokens = result.tokens.input + result.tokens.output;
  ctx.out(
    `${result.passed ? '● pass' : '✕ fail'}  ${result.name}  (${ENDED[result.ended]}${result.outcome ? ` as ${result.outcome}` : ''}, ` +
      `${count(tokens)} tokens)`,
  );
  for (const verdict of result.verdicts) ctx.out(`    ${verdict.passed ? '●' : '✕'} ${verdict.reason}`);
  if (!transcript) return;
  for (const entry of result.transcript) ctx.out(`      ${entryLine(entry)}`);
}

/** A whole run: its header, every result, and the totals. */
export function printRun(ctx: CliContext, run: TestRunView, flags: { readonly transcripts: boolean | 'failed' }): void {
  ctx.out(`Run ${run.id} · prompt version ${run.promptVersion} · ${run.model}`);
  for (const result of run.results)
    printResult(ctx, result, flags.transcripts === true || (flags.transcripts === 'failed' && !result.passed));
  printTotals(ctx, run);
}

/** The run's totals in one line. */
export function printTotals(ctx: CliContext, run: TestRunView): void {
  const tokens = run.tokens.input + run.tokens.output;
  const cut = run.finishedAt === null ? ' ▲ cut short before every scenario ran.' : '';
  ctx.out(
    `${run.failed === 0 ? '●' : '✕'} ${run.passed} passed, ${run.failed} failed · ${count(tokens)} tokens, about ${usd(run.costUsd)}.${cut}`,
  );
}
