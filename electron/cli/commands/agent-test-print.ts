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
export function estimateSentence(e: TestEstimate, workspace: string): string {
  const payer = e.owner === 'own' ? `${workspace}'s own Anthropic key` : 'the agency’s Anthropic key';
  return `${e.scenarios} scenario${e.scenarios === 1 ? '' : 's'} on ${payer}: about ${count(e.tokens.likely)} tokens (at most about ${count(e.tokens.ceiling)}), about ${usd(e.costUsd.likely)} (at most about ${usd(e.costUsd.ceiling)}).`;
}

/** One transcript entry as a line. */
function entryLine(e: ScenarioTranscriptEntry): string {
  if (e.kind === 'line') return `${e.speaker === 'agent' ? 'Agent' : 'Caller'}: ${e.text}`;
  if (e.kind === 'tool') return `[tool ${e.name} ${e.input} → ${e.isError ? 'error: ' : ''}${e.answer}]`;
  return `— ${ENDED[e.by]}${e.outcome ? ` as ${e.outcome}` : ''}: ${e.reason}`;
}

/** One scenario's result: its line, each verdict with its reason, and its transcript when asked. */
export function printResult(ctx: CliContext, r: ScenarioResult, transcript: boolean): void {
  const tokens = r.tokens.input + r.tokens.output;
  ctx.out(
    `${r.passed ? '● pass' : '✕ fail'}  ${r.name}  (${ENDED[r.ended]}${r.outcome ? ` as ${r.outcome}` : ''}, ${count(tokens)} tokens)`,
  );
  for (const v of r.verdicts) ctx.out(`    ${v.passed ? '●' : '✕'} ${v.reason}`);
  if (!transcript) return;
  for (const e of r.transcript) ctx.out(`      ${entryLine(e)}`);
}

/** A whole run: its header, every result, and the totals. */
export function printRun(ctx: CliContext, run: TestRunView, o: { readonly transcripts: boolean | 'failed' }): void {
  ctx.out(`Run ${run.id} · prompt version ${run.promptVersion} · ${run.model}`);
  for (const r of run.results) printResult(ctx, r, o.transcripts === true || (o.transcripts === 'failed' && !r.passed));
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
