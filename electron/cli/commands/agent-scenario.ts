/**
 * `switchboard agent scenario add|list|remove|runs`: an agent's simulated-caller test scenarios and
 * the history of their runs per prompt version. Running them is `agent test` (agent-test.ts).
 */
import type { Command } from 'commander';
import { SCENARIO_LIMITS, type ScenarioView, type TestRunSummary } from '../../../shared/agent-scenarios';
import type { ScenarioCreate } from '../../../shared/agent-scenario-schemas';
import { AppError } from '../../../shared/errors';
import { AGENT_OUTCOMES } from '../../../shared/voice-agents';
import type { CliContext } from '../context';
import { FILE_LIMITS, readInputFile } from '../files';
import { localTime, table } from '../io';
import { printRun } from './agent-test-print';

interface AddFlags {
  name: string;
  persona?: string;
  personaFile?: string;
  stub: string[];
  outcome?: string;
  tool: string[];
  neverSay: string[];
  field: string[];
  maxTurns?: string;
}

/** Commander's collector for a repeatable option. */
export const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];

/** `TOOL=FILE.json` as the tool's name and the file's JSON. */
function stubOf(spec: string): [string, unknown] {
  const at = spec.indexOf('=');
  if (at <= 0 || at === spec.length - 1)
    throw new AppError('INVALID_INPUT', 'A stub is written TOOL=FILE.json, e.g. --stub check_slots=slots.json.');
  const tool = spec.slice(0, at).trim();
  const text = readInputFile(spec.slice(at + 1), { what: `stub file of ${tool}`, limitBytes: SCENARIO_LIMITS.stubBytes, text: true });
  try {
    return [tool, JSON.parse(text) as unknown];
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      `The stub file of ${tool.slice(0, 64)} is not JSON: write the answer the tool would give, as JSON.`,
    );
  }
}

/** `NAME` or `NAME=VALUE` as a field expectation. */
function fieldOf(spec: string): { name: string; equals: string | null } {
  const at = spec.indexOf('=');
  return at < 0 ? { name: spec.trim(), equals: null } : { name: spec.slice(0, at).trim(), equals: spec.slice(at + 1).trim() || null };
}

/** The flags as a scenario. */
function scenarioOf(flags: AddFlags): ScenarioCreate {
  if ((flags.persona === undefined) === (flags.personaFile === undefined))
    throw new AppError('INVALID_INPUT', 'Describe the caller with --persona TEXT or --persona-file FILE (one of them).');
  const persona =
    flags.persona ?? readInputFile(flags.personaFile ?? '', { what: 'persona file', limitBytes: FILE_LIMITS.prompt, text: true });
  const maxTurns = flags.maxTurns === undefined ? undefined : Number(flags.maxTurns);
  if (maxTurns !== undefined && !Number.isInteger(maxTurns)) throw new AppError('INVALID_INPUT', 'The turn limit is a whole number.');
  if (flags.outcome !== undefined && !(AGENT_OUTCOMES as readonly string[]).includes(flags.outcome))
    throw new AppError('INVALID_INPUT', `An outcome is one of ${AGENT_OUTCOMES.join(', ')}.`);
  return {
    name: flags.name,
    persona,
    stubs: Object.fromEntries(flags.stub.map(stubOf)),
    expectations: {
      outcome: (flags.outcome as ScenarioCreate['expectations']['outcome']) ?? null,
      toolsCalled: flags.tool,
      neverSay: flags.neverSay,
      fields: flags.field.map(fieldOf),
    },
    maxTurns,
  };
}

/** What a scenario expects, in a few words. */
export function expects(scenario: ScenarioView): string {
  const expectations = scenario.expectations;
  return [
    expectations.outcome ? `outcome ${expectations.outcome}` : null,
    ...expectations.toolsCalled.map((t) => `calls ${t}`),
    ...expectations.neverSay.map((p) => `never “${p}”`),
    ...expectations.fields.map((f) => `field ${f.name}${f.equals ? `=${f.equals}` : ''}`),
  ]
    .filter(Boolean)
    .join(', ');
}

const runLine = (run: TestRunSummary): string[] => [
  localTime(run.startedAt),
  run.finishedAt === null ? '▲ cut short' : run.failed === 0 ? '● all passed' : `✕ ${run.failed} failed`,
  `${run.passed}/${run.planned}`,
  `${(run.tokens.input + run.tokens.output).toLocaleString('en-US')} tokens`,
  run.id,
];

/** Registers `agent scenario …` under the agent command. */
export function registerAgentScenario(agent: Command, ctx: CliContext): void {
  const scenario = agent.command('scenario').description('an agent’s simulated-caller test scenarios (run them with `agent test`)');

  scenario
    .command('add <ws> <agent>')
    .description('add a scenario: a caller persona in plain words, stubbed tool answers, and what must happen')
    .requiredOption('--name <name>', 'the scenario’s name (unique for the agent)')
    .option('--persona <text>', 'who calls and what they want, e.g. "a busy parent who wants Saturday only"')
    .option('--persona-file <file>', 'the persona, from a text file')
    .option('--stub <tool=file.json>', 'answer the agent’s tool with this JSON instead of its URL (repeatable)', collect, [])
    .option('--outcome <outcome>', `the outcome the agent must end the call with (${AGENT_OUTCOMES.join(', ')})`)
    .option('--tool <name>', 'a tool the agent must call (repeatable)', collect, [])
    .option('--never-say <phrase>', 'a phrase the agent must never say (repeatable)', collect, [])
    .option('--field <name[=value]>', 'a field the call’s extraction must fill, with its value when given (repeatable)', collect, [])
    .option(
      '--max-turns <n>',
      `the most caller turns (${SCENARIO_LIMITS.turns.min}–${SCENARIO_LIMITS.turns.max}, default ${SCENARIO_LIMITS.turns.default})`,
    )
    .action((ref: string, which: string, flags: AddFlags) => {
      const input = scenarioOf(flags);
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const added = core.agentScenarios.add(ws.id, which, input, 'cli');
      ctx.print(added, () => ctx.out(`Added scenario ${added.name} (${expects(added)}; at most ${added.maxTurns} turns).`));
    });

  scenario
    .command('list <ws> <agent>')
    .description('list an agent’s test scenarios')
    .action((ref: string, which: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const list = core.agentScenarios.list(ws.id, which);
      ctx.print(list, () => {
        if (list.length === 0)
          return ctx.out(
            `No test scenarios yet: add one with \`switchboard agent scenario add ${ws.name} AGENT --name N --persona TEXT --outcome O\`.`,
          );
        table(
          [
            ['NAME', 'EXPECTS', 'STUBS', 'TURNS'],
            ...list.map((scenario) => [
              scenario.name,
              expects(scenario),
              Object.keys(scenario.stubs).join(',') || '—',
              String(scenario.maxTurns),
            ]),
          ],
          ctx.out,
        );
      });
    });

  scenario
    .command('remove <ws> <agent> <scenario>')
    .description('remove a test scenario (its past results stay in their runs)')
    .action((ref: string, which: string, name: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const removed = core.agentScenarios.remove(ws.id, which, name, 'cli');
      ctx.print({ removed: removed.id, name: removed.name }, () => ctx.out(`Removed scenario ${removed.name}.`));
    });

  scenario
    .command('runs <ws> <agent>')
    .description('the agent’s test runs by prompt version, with what each version broke or fixed; --run ID shows one run whole')
    .option('--run <id>', 'show this run with its transcripts and reasons (needs the vault)')
    .action(async (ref: string, which: string, flags: { run?: string }) => {
      if (flags.run !== undefined) {
        const core = await ctx.unlocked();
        const ws = core.workspaces.find(ref);
        const run = core.agentTests.openRun(ws.id, which, flags.run);
        ctx.print(run, () => printRun(ctx, run, { transcripts: true }));
        return;
      }
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const history = core.agentTests.history(ws.id, which);
      ctx.print(history, () => {
        if (history.length === 0) return ctx.out(`No test runs yet: run them with \`switchboard agent test ${ws.name} AGENT\`.`);
        for (const version of history) {
          ctx.out(`Prompt version ${version.promptVersion}${version.current ? ' (current)' : ''}`);
          if (version.broke.length > 0) ctx.out(`  ✕ broke: ${version.broke.join(', ')}`);
          if (version.fixed.length > 0) ctx.out(`  ● fixed: ${version.fixed.join(', ')}`);
          table(
            version.runs.map(runLine).map((cells) => ['', ...cells]),
            ctx.out,
          );
        }
      });
    });
}
