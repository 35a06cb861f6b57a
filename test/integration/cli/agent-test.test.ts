/**
 * `switchboard agent scenario …` and `agent test` against the Anthropic simulator playing both the
 * agent and the callers: bad input refused in one sentence with exit code 2, a run with one failing
 * scenario exits 1 with the reason, the fixed prompt exits 0, and the history shows what the change
 * fixed. The CI runs are real processes of the built CLI, as an agency's pipeline would start them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PromptVersionRuns, TestEstimate, TestRunView } from '../../../shared/agent-scenarios';
import { originEnvName } from '../../../electron/core/providers/origin';
import { AVA_GREETING, CHECK_SLOTS, PROMPT_PRICE_ONLY, PROMPT_WITH_DISCOUNT } from '../../helpers/agent-tests';
import { inProcessCli, runSwitchboard } from '../../helpers/cli';
import { tempDir } from '../../helpers/core';
import { type AnthropicState, startAnthropicSim } from '../../sim/ai';
import type { ProviderSim } from '../../sim/server';

/** What `agent test --json` prints. */
interface TestOutput {
  readonly estimate: TestEstimate;
  readonly run: TestRunView;
  readonly broke: string[];
  readonly fixed: string[];
}

describe('switchboard agent scenario and agent test', () => {
  let dir: string;
  let cleanup: () => void;
  let sim: ProviderSim<AnthropicState>;
  let env: Record<string, string>;
  const cli = inProcessCli();
  const run = (args: string[], stdin = ''): ReturnType<typeof cli> => cli(args, { env, stdin });
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    sim = await startAnthropicSim();
    env = { SWITCHBOARD_DATA_DIR: join(dir, 'data'), [originEnvName('anthropic')]: sim.url };
    expect((await run(['workspace', 'create', 'Bright Dental'])).code).toBe(0);
    expect((await run(['key', 'set', 'Bright Dental', 'anthropic'], JSON.stringify(sim.fields))).code).toBe(0);
    const created = await run([
      'agent',
      'create',
      'Bright Dental',
      '--name',
      'Ava',
      '--greeting',
      AVA_GREETING,
      '--prompt-file',
      file('v1.txt', PROMPT_WITH_DISCOUNT),
      '--outcomes',
      'interested,not_interested,do_not_call',
    ]);
    expect(created.code).toBe(0);
    const tool = await run([
      'agent',
      'tool',
      'add',
      'Bright Dental',
      'Ava',
      '--name',
      CHECK_SLOTS.name,
      '--description',
      CHECK_SLOTS.description,
      '--url',
      'https://slots.bright-dental.example/next',
      '--parameters-file',
      file('slots-schema.json', JSON.stringify(CHECK_SLOTS.parameters)),
    ]);
    expect(tool.code).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
    cleanup();
  });

  it('adds scenarios from flags, lists and removes them', async () => {
    const added = await run([
      'agent',
      'scenario',
      'add',
      'Bright Dental',
      'Ava',
      '--name',
      'saturday-parent',
      '--persona',
      'A busy parent who can only come on a Saturday. Asks “Do you have anything on Saturday?” and then says “Great, book it.”',
      '--stub',
      `check_slots=${file('slot.json', '{"slot": "Saturday 10:00"}')}`,
      '--outcome',
      'interested',
      '--tool',
      'check_slots',
      '--never-say',
      'discount',
      '--max-turns',
      '4',
      '--json',
    ]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      name: 'saturday-parent',
      stubs: { check_slots: { slot: 'Saturday 10:00' } },
      expectations: { outcome: 'interested', toolsCalled: ['check_slots'], neverSay: ['discount'], fields: [] },
      maxTurns: 4,
    });
    const persona = file(
      'shopper.txt',
      'Someone comparing dentists on price. Asks “What is the price of a check-up?” and then says “I am not interested, thanks.”',
    );
    const shopper = ['agent', 'scenario', 'add', 'Bright Dental', 'Ava', '--name', 'price-shopper', '--persona-file', persona];
    expect((await run([...shopper, '--outcome', 'not_interested', '--never-say', 'discount', '--max-turns', '4'])).code).toBe(0);
    expect(
      (
        await run([
          'agent',
          'scenario',
          'add',
          'Bright Dental',
          'Ava',
          '--name',
          'spare',
          '--persona-file',
          persona,
          '--field',
          'day=Saturday',
        ])
      ).code,
    ).toBe(0);

    const listed = await run(['agent', 'scenario', 'list', 'Bright Dental', 'Ava']);
    expect(listed.stdout).toMatch(/price-shopper\s+outcome not_interested, never “discount”\s+—\s+4/);
    expect(listed.stdout).toMatch(/saturday-parent\s+outcome interested, calls check_slots, never “discount”\s+check_slots\s+4/);
    const removed = await run(['agent', 'scenario', 'remove', 'Bright Dental', 'Ava', 'spare']);
    expect(removed).toMatchObject({ code: 0, stdout: 'Removed scenario spare.\n' });
    expect((JSON.parse((await run(['agent', 'scenario', 'list', 'Bright Dental', 'Ava', '--json'])).stdout) as unknown[]).length).toBe(2);
  });

  it('refuses bad input in one sentence with exit code 2, and changes nothing', async () => {
    const add = ['agent', 'scenario', 'add', 'Bright Dental', 'Ava', '--name', 'x', '--persona', 'A caller who wants a Sunday slot.'];
    const refusals: [string[], string][] = [
      [[...add, '--outcome', 'callback'], 'Ava does not end calls as callback: its outcomes are interested, not_interested, do_not_call.'],
      [[...add, '--outcome', 'maybe'], 'An outcome is one of interested, callback, not_interested, do_not_call.'],
      [[...add, '--tool', 'book_slot'], 'Ava has no tool called book_slot: its tools are check_slots.'],
      [
        [...add, '--stub', `check_slots=${file('bad.json', 'not json')}`],
        'The stub file of check_slots is not JSON: write the answer the tool would give, as JSON.',
      ],
      [[...add, '--outcome', 'interested', '--max-turns', 'many'], 'The turn limit is a whole number.'],
      [[...add], 'Say what must happen: an outcome, a tool the agent must call, a phrase it must never say, or a field it must yield.'],
      [['agent', 'test', 'Bright Dental', 'Ava', '--scenario', 'nobody', '--yes'], 'Ava has no test scenario called nobody.'],
      [['agent', 'test', 'Bright Dental', 'Nobody', '--yes'], 'Bright Dental has no voice agent called Nobody.'],
    ];
    for (const [args, sentence] of refusals) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toBe(`switchboard: ${sentence}\n`);
    }
    // No terminal to ask and no --yes: the estimate, and nothing run.
    const unasked = await run(['agent', 'test', 'Bright Dental', 'Ava']);
    expect(unasked.code).toBe(2);
    expect(unasked.stdout).toMatch(
      /^Testing Ava \(prompt version [0-9a-f]{12}, claude-haiku-4-5\): 2 scenarios on Bright Dental's own Anthropic key: about [\d,]+ tokens/,
    );
    expect(unasked.stderr).toMatch(
      /^switchboard: Nothing was run: the tests cost tokens \(2 scenarios on .*\), so run again with --yes\.\n$/,
    );
    expect(JSON.parse((await run(['agent', 'scenario', 'runs', 'Bright Dental', 'Ava', '--json'])).stdout)).toEqual([]);
    expect((JSON.parse((await run(['agent', 'scenario', 'list', 'Bright Dental', 'Ava', '--json'])).stdout) as unknown[]).length).toBe(2);
  });

  it('exits 1 with the reason when a scenario fails, and 0 once the prompt is fixed; the history shows the fix', async () => {
    const failing = await runSwitchboard(['agent', 'test', 'Bright Dental', 'Ava', '--yes', '--json'], { env });
    expect(failing.stderr).toBe('');
    expect(failing.code).toBe(1);
    const first = JSON.parse(failing.stdout) as TestOutput;
    expect(first.run).toMatchObject({ planned: 2, passed: 1, failed: 1 });
    expect(first.estimate.promptVersion).toBe(first.run.promptVersion);
    const shopper = first.run.results.find((r) => r.name === 'price-shopper');
    expect(shopper?.passed).toBe(false);
    expect(shopper?.verdicts.filter((v) => !v.passed).map((v) => v.reason)).toEqual([
      'The agent said “discount” in its line 2: “A check-up is 80 dollars, and I can give you a discount if you book today.”',
    ]);
    expect(first.run.results.find((r) => r.name === 'saturday-parent')?.passed).toBe(true);

    // The same failure read by a person: the reason and the transcript of the failed scenario.
    const human = await run(['agent', 'test', 'Bright Dental', 'Ava', '--scenario', 'price-shopper', '--yes']);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('✕ fail  price-shopper  (the agent ended it as not_interested,');
    expect(human.stdout).toContain('    ✕ The agent said “discount” in its line 2:');
    expect(human.stdout).toContain('      Caller: What is the price of a check-up?');
    expect(human.stdout).toMatch(/✕ 0 passed, 1 failed · [\d,]+ tokens, about \$0\.\d{4}\./);

    expect((await run(['agent', 'edit', 'Bright Dental', 'Ava', '--prompt-file', file('v2.txt', PROMPT_PRICE_ONLY)])).code).toBe(0);
    const passing = await runSwitchboard(['agent', 'test', 'Bright Dental', 'Ava', '--yes', '--json'], { env });
    expect(passing.code).toBe(0);
    const second = JSON.parse(passing.stdout) as TestOutput;
    expect(second.run).toMatchObject({ planned: 2, passed: 2, failed: 0 });
    expect(second.run.promptVersion).not.toBe(first.run.promptVersion);
    expect(second.fixed).toEqual(['price-shopper']);
    expect(second.broke).toEqual([]);

    const history = JSON.parse((await run(['agent', 'scenario', 'runs', 'Bright Dental', 'Ava', '--json'])).stdout) as PromptVersionRuns[];
    expect(history.map((v) => [v.promptVersion, v.current, v.runs.map((r) => `${r.passed}/${r.planned}`), v.fixed])).toEqual([
      [second.run.promptVersion, true, ['2/2'], ['price-shopper']],
      [first.run.promptVersion, false, ['0/1', '1/2'], []],
    ]);
    const table = await run(['agent', 'scenario', 'runs', 'Bright Dental', 'Ava']);
    expect(table.stdout).toContain(`Prompt version ${second.run.promptVersion} (current)\n  ● fixed: price-shopper\n`);

    const whole = await run(['agent', 'scenario', 'runs', 'Bright Dental', 'Ava', '--run', second.run.id]);
    expect(whole.code).toBe(0);
    expect(whole.stdout).toContain('      [tool check_slots {"day":"saturday"} → {"slot":"Saturday 10:00"}]');
    expect(whole.stdout).toContain('      Agent: A check-up is 80 dollars, with the cleaning included.');
  });
});
