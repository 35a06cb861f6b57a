/**
 * Inbound numbers on the Voice page: one of the workspace's Twilio numbers attached to an agent
 * through the console (the Twilio simulator's number pointed at the away message while no runner
 * answers here, the note saying what callers hear), listed, and detached back to its exact setup.
 */
import type { ProviderSim } from '../sim/server';
import { defaultVoiceConfig, type TwilioState } from '../sim/twilio';
import { serveNumbers } from '../sim/twilio-numbers';
import { expect, open, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';
import { shot } from './support/shot';
import { switchWorkspace } from './support/ui';

test.describe('Inbound numbers', () => {
  test('attaches a Twilio number to an agent, says what callers hear when this computer is off, and detaches it back', async ({
    page,
    app,
  }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    await addKey(app, ws, 'twilio');
    app.core.agents.create(
      ws,
      { name: 'Ava', greeting: 'Acme Dental, this is Ava. How can I help?', systemPrompt: 'You are Ava, the receptionist of Acme Dental.' },
      'console',
    );
    app.core.agents.create(ws, { name: 'Ravi', greeting: 'Hello, Ravi here.', systemPrompt: 'You book site visits.' }, 'console');
    const twilio = app.sim('twilio') as ProviderSim<TwilioState>;
    const updates = serveNumbers(twilio);
    const number = twilio.state.numbers[0];
    if (!number) throw new Error('the Twilio simulator has no number');

    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Dental');
    await expect(page.getByText('No numbers answered here yet.')).toBeVisible();
    await page.getByRole('button', { name: 'Attach a number' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attach a number' });
    await dialog.getByLabel('Twilio number').fill(number.phoneNumber);
    await dialog.getByLabel('Answered by').selectOption({ label: 'Ava' });
    await dialog.getByLabel('Put callers through to').fill('+1 415 555 0199');
    await dialog
      .getByLabel('Message when nobody can answer')
      .fill('Acme Dental is closed right now; we will put you through to the on-call dentist.');
    await expect(dialog.getByTestId('away-note')).toContainText(
      'When this computer is not running, callers hear “Acme Dental is closed right now; we will put you through to the on-call dentist.” and are put through to +14155550199.',
    );
    await shot(page, 'voice-attach-number');
    await dialog.getByRole('button', { name: 'Attach' }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByTestId('inbound-number');
    await expect(row).toContainText(number.phoneNumber);
    await expect(row).toContainText('Ava');
    await expect(row).toContainText('Message, then put through to +14155550199');
    expect(number.voice?.voice_url).toMatch(/^https:\/\/twimlets\.com\/echo\?Twiml=/);
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, 'voice-numbers');

    await row.getByRole('button', { name: 'Detach' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Detach' }).click();
    await expect(page.getByText('No numbers answered here yet.')).toBeVisible();
    expect(number.voice).toEqual(defaultVoiceConfig());
    expect(updates.updates).toHaveLength(2);
  });
});
