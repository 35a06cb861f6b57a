/**
 * Results from each call in the console: an agent's fields set in its editor (a bad name shown as
 * the operator types, the agent saved with its fields), a call's record with the fields and summary
 * Claude extracted (Anthropic simulator), extracted again after the fields changed, and a call the
 * model could not fill shown as not extracted, with its reason.
 */
import { expect, open, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';
import { shot } from './support/shot';
import { switchWorkspace } from './support/ui';

test.describe('Results from each call', () => {
  test('sets an agent’s fields in its editor, shows a call’s extracted fields on record and extracts again after a change', async ({
    page,
    app,
  }) => {
    const ws = clientWorkspace(app, 'Acme Realty');
    await addKey(app, ws, 'anthropic');
    app.core.agents.create(ws, { name: 'Asha', systemPrompt: 'You are Asha, calling about flats in Baner.' }, 'console');
    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Realty');

    await page.getByTestId('agent-Asha').getByRole('button', { name: 'Edit Asha' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit “Asha”' });
    await edit.getByRole('switch', { name: 'Results from each call' }).click();
    await edit.getByLabel('Field 1 name').fill('Visit Time');
    await expect(edit.getByRole('alert')).toContainText('✕ A field name is snake_case');
    await expect(edit.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await edit.getByLabel('Field 1 name').fill('visit_time');
    await edit.getByLabel('Field 1 type').selectOption({ label: 'Date and time' });
    await edit.getByLabel('Field 1 description').fill('When the site visit is booked.');
    await edit.getByRole('checkbox', { name: 'Required' }).check();
    await edit.getByRole('button', { name: 'Add field' }).click();
    await edit.getByLabel('Field 2 name').fill('interest');
    await edit.getByLabel('Field 2 type').selectOption({ label: 'One of…' });
    await edit.getByLabel('Field 2 description').fill('How keen they sounded.');
    await edit.getByLabel('Field 2 values').fill('high|medium|low');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(edit).toBeHidden();
    expect(app.core.agentExtraction.show(ws, 'Asha')).toMatchObject({
      version: 1,
      fields: [
        { name: 'visit_time', type: 'datetime', required: true, description: 'When the site visit is booked.' },
        { name: 'interest', type: 'enum', required: false, values: ['high', 'medium', 'low'] },
      ],
    });

    // A call as the runner leaves it, extracted once it ended (with the workspace's Anthropic key).
    const agent = app.core.agents.get(ws, 'Asha');
    const call = (lines: readonly (readonly ['agent' | 'caller', string])[]): string => {
      const made = app.core.calls.create(
        { workspaceId: ws, agentId: agent.id, agentName: 'Asha', to: '+919812345678', from: '+14155550100', carrier: 'twilio' },
        'console',
      );
      app.core.calls.update(made.id, { state: 'in-progress' });
      for (const [speaker, text] of lines) app.core.calls.appendTranscript(made.id, { speaker, text });
      app.core.calls.finish(made.id, { outcome: 'interested', reason: 'Booked a site visit.', durationSeconds: 64 }, 'console');
      return made.id;
    };
    const booked = call([
      ['agent', 'Hello! This is Asha, an AI assistant from Acme Realty, about the flats in Baner.'],
      ['caller', 'Yes. Visit time is 2026-12-12T10:00:00+05:30, my interest is high, budget is 85 lakh.'],
      ['agent', 'Wonderful, you are booked for Saturday at ten. Goodbye!'],
    ]);
    await app.core.extractor.rerun(ws, booked, 'console');
    await page.reload();
    await switchWorkspace(page, 'Acme Realty');
    await page.getByTestId('recent-call').first().getByRole('button', { name: 'Open the call by Asha to +919812345678' }).click();
    const dialog = page.getByRole('dialog', { name: 'Asha → +919812345678' });
    const results = dialog.getByRole('region', { name: 'Results' });
    await expect(results.getByTestId('extraction-state')).toHaveText('● Extracted');
    await expect(results).toContainText('schema version 1');
    await expect(results.getByTestId('extraction-fields')).toHaveText(['Visit time2026-12-12T10:00:00+05:30', 'Interesthigh'].join(''));
    await expect(results.getByTestId('extraction-summary')).toContainText('Visit time is 2026-12-12T10:00:00+05:30');
    await shot(page, 'call-extracted-fields');

    // The fields change; the record extracts again with the new ones and says which version it used.
    app.core.agentExtraction.set(
      ws,
      'Asha',
      {
        fields: [
          { name: 'visit_time', type: 'datetime', description: 'When the site visit is booked.', required: true },
          { name: 'budget', type: 'number', description: 'Their budget in lakh rupees.' },
        ],
      },
      'console',
    );
    await results.getByRole('button', { name: 'Extract again' }).click();
    await expect(results).toContainText('schema version 2');
    await expect(results.getByTestId('extraction-fields')).toHaveText('Visit time2026-12-12T10:00:00+05:30Budget85');
    expect(app.core.calls.get(ws, booked).extraction).toMatchObject({ schemaVersion: 2, values: { budget: 85 } });
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    // A call that does not settle the required field is on record as not extracted, with why.
    const vague = call([['caller', 'Call me later, I am driving.']]);
    await app.core.extractor.rerun(ws, vague, 'console');
    await page.reload();
    await switchWorkspace(page, 'Acme Realty');
    await page.getByTestId('recent-call').first().getByRole('button', { name: 'Open the call by Asha to +919812345678' }).click();
    const second = page.getByRole('dialog', { name: 'Asha → +919812345678' }).getByRole('region', { name: 'Results' });
    await expect(second.getByTestId('extraction-state')).toHaveText('▲ Not extracted');
    await expect(second.getByTestId('extraction-reason')).toHaveText(
      'Claude left the required field visit_time empty: the call did not settle it.',
    );
  });
});
