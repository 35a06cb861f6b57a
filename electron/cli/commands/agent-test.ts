/**
 * `switchboard agent test WS AGENT [--scenario NAME …] [--yes]`: plays the agent's test scenarios
 * against simulated callers on the workspace's Anthropic key (its own, else the agency's), after
 * printing what it will cost. Exits 0 when every scenario passes and 1 when any fails, so an agency
 * can run it in its own CI; 2 for bad input, or when there is no terminal to ask and no --yes.
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { CliContext } from '../context';
import { EXIT } from '../io';
import { collect } from './agent-scenario';
import { estimateSentence, printResult, printTotals } from './agent-test-print';
import { confirm } from './import';

/** Registers `agent test` under the agent command. */
export function registerAgentTest(agent: Command, ctx: CliContext): void {
  agent
    .command('test <ws> <agent>')
    .description(
      'run the agent’s test scenarios against simulated callers (costs tokens on the workspace’s Anthropic key); exits 1 when one fails',
    )
    .option('--scenario <name>', 'run only this scenario (repeatable; default: all)', collect, [])
    .option('--yes', 'run without asking (the estimate is still given); needed where there is no terminal')
    .action(async (ref: string, which: string, flags: { scenario: string[]; yes?: boolean }) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const agentView = core.agents.get(ws.id, which);
      const estimate = core.agentTests.estimate(ws.id, agentView.id, flags.scenario);
      const cost = estimateSentence(estimate, ws.name);
      if (!ctx.json()) ctx.out(`Testing ${agentView.name} (prompt version ${estimate.promptVersion}, ${estimate.model}): ${cost}`);
      if (!flags.yes && !(await confirm(ctx, 'Run them?')))
        throw new AppError(
          'INVALID_INPUT',
          `Nothing was run: the tests cost tokens (${cost.replace(/\.$/, '')}), so run again with --yes.`,
        );
      const run = await core.agentTests.run(
        ws.id,
        agentView.id,
        { scenarios: flags.scenario, onResult: (r) => (ctx.json() ? undefined : printResult(ctx, r, !r.passed)) },
        'cli',
      );
      const version = core.agentTests.history(ws.id, agentView.id).find((v) => v.promptVersion === run.promptVersion);
      const broke = version?.broke ?? [];
      const fixed = version?.fixed ?? [];
      ctx.print({ estimate, run, broke, fixed }, () => {
        printTotals(ctx, run);
        if (broke.length > 0) ctx.out(`✕ Broken since the previous prompt version: ${broke.join(', ')}.`);
        if (fixed.length > 0) ctx.out(`● Fixed since the previous prompt version: ${fixed.join(', ')}.`);
        ctx.out(`Kept as run ${run.id}; history: \`switchboard agent scenario runs ${ws.name} ${agentView.name}\`.`);
      });
      if (run.failed > 0) ctx.setExitCode(EXIT.failed);
    });
}
