/**
 * An agent's Tests section in the console, against the Anthropic simulator playing the agent and the
 * callers: a scenario added through its form (a bad stub refused in one sentence), the estimate shown
 * before a run, the results with their reasons and transcripts, and the runs by prompt version showing
 * which scenario a prompt change broke.
 */
import { AVA_GREETING, CHECK_SLOTS, PRICE_SHOPPER, PROMPT_PRICE_ONLY, PROMPT_WITH_DISCOUNT, SATURDAY_PARENT } from '../helpers/agent-tests';
import { expect, open, secretSightings, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';
import { shot } from './support/shot';
import { switchWorkspace } from './support/ui';

test.use({ appOptions: { providers: ['anthropic'] } });

test.describe('Agent tests', () => {
  test('adds a scenario, runs the tests after the estimate, and shows what the prompt change broke', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Bright Dental');
    await addKey(app, ws, 'anthropic');
    const agent = app.core.agents.create(
      ws,
      { name: 'Ava', systemPrompt: PROMPT_PRICE_ONLY, greeting: AVA_GREETING, outcomes: ['interested', 'not_interested', 'do_not_call'] },
      'console',
    );
    app.core.agentTools.add(ws, 'Ava', { ...CHECK_SLOTS, url: 'https://slots.bright-dental.example/next' }, null, 'console');
    app.core.agentScenarios.add(ws, 'Ava', SATURDAY_PARENT, 'console');
    // The prompt before the change passes both scenarios; then the discount line goes in.
    app.core.agentScenarios.add(ws, 'Ava', PRICE_SHOPPER, 'console');
    const before = await app.core.agentTests.run(ws, 'Ava', {}, 'console');
    expect(before).toMatchObject({ passed: 2, failed: 0 });
    app.core.agentScenarios.remove(ws, 'Ava', 'price-shopper', 'console');
    app.core.agents.update(ws, 'Ava', { systemPrompt: PROMPT_WITH_DISCOUNT }, 'console');

    await open(page, app, 'voice');
    await switchWorkspace(page, 'Bright Dental');
    await page.getByTestId('agent-Ava').getByRole('button', { name: 'Tests' }).click();
    const tests = page.getByTestId('agent-tests');
    await expect(tests.getByTestId('scenario-saturday-parent')).toContainText(
      'ends as Interested · calls check_slots · never says “discount”',
    );

    // The price shopper again, through the form; a stub that is not JSON is refused first.
    await tests.getByRole('button', { name: 'Add scenario' }).click();
    const form = page.getByRole('dialog', { name: 'New test scenario for Ava' });
    await form.getByLabel('Name').fill(PRICE_SHOPPER.name);
    await form.getByLabel('The caller').fill(PRICE_SHOPPER.persona);
    await form.getByLabel('Answer of check_slots').fill('{slot: Saturday}');
    await form.getByLabel('The call must end as').selectOption({ label: 'Not interested' });
    await form.getByLabel('Phrases the agent must never say').fill('discount');
    await form.getByLabel('Most caller turns').fill('4');
    await form.getByRole('button', { name: 'Add scenario' }).click();
    await expect(form.getByRole('alert')).toContainText(
      'The answer for check_slots is not JSON: write what the tool would answer, as JSON.',
    );
    await form.getByLabel('Answer of check_slots').fill('');
    await form.getByRole('button', { name: 'Add scenario' }).click();
    await expect(form).toBeHidden();
    await expect(tests.getByTestId('scenario-price-shopper')).toContainText('ends as Not interested · never says “discount”');

    // The estimate first; nothing runs until it is accepted.
    await tests.getByRole('button', { name: 'Run tests' }).click();
    const confirm = page.getByRole('dialog', { name: 'Run Ava’s tests?' });
    await expect(confirm.getByTestId('test-estimate')).toContainText(
      /^2 scenarios will be played on Bright Dental’s own Anthropic key: about [\d,]+ tokens/,
    );
    await confirm.getByRole('button', { name: 'Run tests' }).click();

    await expect(tests.getByTestId('test-run-summary')).toContainText('1 of 2 failed');
    const failed = tests.getByTestId('test-result-price-shopper');
    await expect(failed).toContainText('Failed');
    await expect(failed).toContainText(
      'The agent said “discount” in its line 2: “A check-up is 80 dollars, and I can give you a discount if you book today.”',
    );
    await expect(failed.getByRole('list', { name: 'Transcript of price-shopper' })).toContainText('What is the price of a check-up?');
    const passed = tests.getByTestId('test-result-saturday-parent');
    await expect(passed).toContainText('Passed');
    await expect(passed).toContainText('The agent called check_slots once.');

    const run = app.core.agentTests.history(ws, agent.id)[0];
    await expect(tests.getByTestId(`prompt-version-${run?.promptVersion ?? ''}`)).toContainText('Broke price-shopper');
    await expect(tests.getByTestId(`prompt-version-${before.promptVersion}`)).toContainText('2 of 2 passed');
    expect(await secretSightings(page, app.secrets())).toEqual([]);

    await tests.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'agent-test-results');

    // An earlier run opens with its results.
    await tests.getByTestId(`prompt-version-${before.promptVersion}`).getByRole('button', { name: 'Show' }).click();
    await expect(tests.getByTestId('test-run-summary')).toContainText('All 2 passed');
  });
});
