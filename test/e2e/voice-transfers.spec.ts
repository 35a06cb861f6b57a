/**
 * An agent's tools and transfer targets in the console: added through the agent's "Tools &
 * transfers" page (a secret header's value typed once and never shown back), listed, removed; and a
 * call's record showing what the agent did — a tool run and a transfer — beside its transcript.
 */
import { expect, open, secretSightings, storeStates, test } from './harness';
import { clientWorkspace } from './support/seed';
import { shot } from './support/shot';
import { switchWorkspace } from './support/ui';

const TOOL_SECRET = 'Bearer e2e-tool-secret-8d41c7';

test.describe('Voice: tools and transfers', () => {
  test('adds transfer targets and an HTTP tool on the agent’s page, never showing the sealed header back', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    const agent = app.core.agents.create(
      ws,
      { name: 'Ava', systemPrompt: 'You answer the phone for Acme Dental.', greeting: 'Hi, this is Ava from Acme Dental. How can I help?' },
      'console',
    );
    app.core.transferTargets.add(
      ws,
      agent.id,
      { name: 'Front desk', number: '+14155550124', whenToUse: 'The caller has a problem with a visit or a bill.', mode: 'cold' },
      'console',
    );
    app.core.agentTools.add(
      ws,
      agent.id,
      {
        name: 'next_slots',
        description: 'The next free check-up slots. Call it when the caller wants to book.',
        parameters: { type: 'object', properties: { days: { type: 'integer' } } },
        url: 'https://booking.acmedental.example/v1/slots',
        timeoutMs: 4000,
      },
      null,
      'console',
    );
    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Dental');
    await page.getByTestId('agent-Ava').getByRole('button', { name: 'Tools & transfers of Ava' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ava: tools and transfers' });
    await expect(dialog.getByTestId('target-Front desk')).toContainText('+14155550124');
    await expect(dialog.getByTestId('tool-next_slots')).toContainText('booking.acmedental.example/v1/slots');

    // A warm target through the form.
    const targets = dialog.getByRole('region', { name: 'Transfer targets' });
    await targets.getByLabel('Name').fill('Sales desk');
    await targets.getByLabel('Number').fill('+14155550123');
    await targets.getByLabel('When to use it').fill('The caller wants a price for a treatment, or is ready to book one.');
    await expect(targets.getByRole('radio', { name: 'Warm' })).toHaveAttribute('aria-checked', 'true');
    await targets.getByRole('button', { name: 'Add target' }).click();
    await expect(targets.getByTestId('target-Sales desk')).toContainText('Warm');
    await expect(targets.getByLabel('Name')).toHaveValue('');
    // A number without its country code is refused in one sentence, and nothing is added.
    await targets.getByLabel('Name').fill('Billing');
    await targets.getByLabel('Number').fill('4155550125');
    await targets.getByLabel('When to use it').fill('Questions about a bill.');
    await targets.getByRole('button', { name: 'Add target' }).click();
    await expect(targets).toContainText('Write the number with its country code, like +14155550100.');
    await expect(targets.getByTestId('target-Billing')).toHaveCount(0);
    await targets.getByRole('button', { name: 'Dismiss' }).click();
    await targets.getByLabel('Name').fill('');
    await targets.getByLabel('Number').fill('');
    await targets.getByLabel('When to use it').fill('');

    // An HTTP tool with a sealed secret header.
    const tools = dialog.getByRole('region', { name: 'HTTP tools' });
    await tools.getByLabel('Name').fill('order_status');
    await tools.getByLabel('URL').fill('https://api.acmedental.example/orders');
    await tools.getByLabel('Description').fill('Look up a lab order (crowns, aligners). Call it when the caller gives an order number.');
    await tools
      .getByLabel('Parameters (JSON schema)')
      .fill('{"type":"object","properties":{"order":{"type":"string"}},"required":["order"],"additionalProperties":false}');
    await tools.getByLabel('Secret header').fill('X-Api-Key');
    await tools.getByLabel('Its value').fill(TOOL_SECRET);
    await tools.getByRole('button', { name: 'Add tool' }).click();
    await expect(tools.getByTestId('tool-order_status')).toContainText('X-Api-Key sealed');
    await expect(tools.getByLabel('Its value')).toHaveValue('');
    expect(app.core.agentTools.list(ws, agent.id).map((t) => [t.name, t.secretHeader])).toEqual([
      ['next_slots', null],
      ['order_status', 'X-Api-Key'],
    ]);
    expect(app.core.transferTargets.list(ws, agent.id).map((t) => [t.name, t.mode])).toEqual([
      ['Front desk', 'cold'],
      ['Sales desk', 'warm'],
    ]);
    expect(await secretSightings(page, [TOOL_SECRET])).toEqual([]);
    // The dialog's overlay covers the toasts' dismiss buttons: they are let to go by themselves.
    await expect(page.getByTestId('toast')).toHaveCount(0, { timeout: 15_000 });
    await shot(page, 'agent-tools-transfers');

    await tools.getByRole('button', { name: 'Remove next_slots' }).click();
    await expect(tools.getByTestId('tool-next_slots')).toHaveCount(0);
    expect(app.core.agentTools.list(ws, agent.id).map((t) => t.name)).toEqual(['order_status']);
    expect(Object.values(await storeStates(page)).join('\n')).not.toContain('e2e-tool-secret');
  });

  test('shows a call’s record with the tool the agent ran and the transfer it made', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    const agent = app.core.agents.create(ws, { name: 'Ava', systemPrompt: 'You answer the phone for Acme Dental.' }, 'console');
    const made = app.core.calls.create(
      { workspaceId: ws, agentId: agent.id, agentName: 'Ava', to: '+14155550100', from: '+14155550199', carrier: 'twilio' },
      'console',
    );
    app.core.calls.update(made.id, { state: 'in-progress', carrierCallId: `CA${'7'.repeat(32)}` });
    const say = (speaker: 'agent' | 'caller', text: string): void => app.core.calls.appendTranscript(made.id, { speaker, text });
    say('agent', 'Hi, this is Ava from Acme Dental. How can I help?');
    say('caller', 'Hi, is my aligner order A-1001 ready? And how much would whitening be?');
    app.core.calls.recordEvent(made.id, {
      kind: 'tool',
      name: 'order_status',
      ok: true,
      durationMs: 412,
      detail: { input: { order: 'A-1001' }, answer: '{"order":"A-1001","status":"ready","pickup":"Thursday"}' },
    });
    say(
      'agent',
      'Let me check. Your aligners are ready: you can pick them up on Thursday. For whitening prices, let me get our sales desk.',
    );
    app.core.calls.recordEvent(made.id, {
      kind: 'transfer',
      name: 'Sales desk',
      ok: false,
      durationMs: 27_400,
      detail: { mode: 'warm', result: 'no-answer', summary: 'Sam wants a price for whitening.' },
    });
    say('agent', 'Sorry, nobody at the sales desk picked up. Shall I try our front desk instead?');
    say('caller', 'Yes, please.');
    app.core.calls.recordEvent(made.id, {
      kind: 'transfer',
      name: 'Front desk',
      ok: true,
      durationMs: 18_900,
      detail: { mode: 'warm', result: 'connected', summary: 'Sam wants a price for whitening; aligners are ready.', legSeconds: 214 },
    });
    say('agent', 'Connecting you now.');
    app.core.calls.finish(
      made.id,
      { outcome: 'transferred', reason: 'The agent briefed Front desk and transferred the caller (warm).', durationSeconds: 312 },
      'console',
    );
    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Dental');
    const row = page.getByTestId('recent-call');
    await expect(row).toContainText('● Transferred');
    await row.getByRole('button', { name: 'Open the call by Ava to +14155550100' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ava → +14155550100' });
    await expect(dialog).toContainText('● Transferred — The agent briefed Front desk and transferred the caller (warm).');
    const events = dialog.getByRole('list', { name: 'What the agent did' }).getByRole('listitem');
    await expect(events).toHaveCount(3);
    await expect(events.nth(0)).toContainText('Tool order_status — answered');
    await expect(events.nth(1)).toContainText('Transfer to Sales desk — warm · nobody answered');
    await expect(events.nth(2)).toContainText('Transfer to Front desk — warm · connected · 3:34 on the line');
    await expect(events.nth(2)).toContainText('“Sam wants a price for whitening; aligners are ready.”');
    await shot(page, 'call-record-transfer');
  });
});
