/**
 * Voice: agents created, drafted from a brief (Anthropic simulator), edited, voice-checked
 * (Cartesia simulator) and deleted through the console; the runner card and a refused test call
 * without a runner; recent calls and a sealed transcript; and a test call placed from the console
 * through the real voice runner and the carrier, Deepgram, Claude and Cartesia simulators, followed
 * live from its call events, hung up, and opened on record.
 */
import { agentDone } from '../helpers/voice-rig';
import type { Result } from '../../shared/errors';
import type { RunnerState } from '../../shared/voice-runner';
import type { ProviderSim } from '../sim/server';
import { anthropicRoutes, type CartesiaState } from '../sim/ai';
import { expect, open, secretSightings, storeStates, test } from './harness';
import { holdRoute } from './support/hold';
import { E2EVoice, startE2EVoice, voiceWorkspace } from './support/voice-runner';
import { addKey, clientWorkspace } from './support/seed';
import { shot } from './support/shot';
import { switchWorkspace } from './support/ui';

const FOREIGN_VOICE = '99999999-2222-4333-8444-555555555555';

test.describe('Voice', () => {
  test('creates an agent from a drafted brief, edits it, checks its voice and deletes it', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Realty');
    await addKey(app, ws, 'anthropic');
    await addKey(app, ws, 'cartesia');
    (app.sim('cartesia') as ProviderSim<CartesiaState>).state.foreignVoices.push(FOREIGN_VOICE);
    const messages = anthropicRoutes.find((r) => r.method === 'POST' && r.path === '/v1/messages');
    if (!messages) throw new Error('the Anthropic simulator has no messages route');
    const release = holdRoute(app, 'anthropic', messages);
    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Realty');
    await expect(page.getByText('No voice agents yet')).toBeVisible();

    await page.getByRole('button', { name: 'New agent' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New voice agent' });
    await dialog.getByLabel('Name').fill('Asha');
    await expect(dialog.getByLabel('In-call model')).toHaveValue('claude-haiku-4-5');
    await dialog.getByRole('button', { name: 'Draft from a brief' }).click();
    await dialog.getByRole('textbox', { name: 'Brief' }).fill('Call people who asked about 2BHK flats in Baner and book a site visit.');
    await dialog.getByRole('button', { name: 'Write the draft' }).click();
    const drafting = dialog.getByRole('button', { name: 'Drafting…' });
    await expect(drafting).toHaveAttribute('aria-busy', 'true');
    await expect(drafting.locator('.spinner')).toBeVisible();
    release();
    await expect(dialog.getByLabel('System prompt')).toHaveValue(
      /^system_prompt: The agent speaks English\. Brief:\s+Call people who asked about 2BHK flats in Baner/,
    );
    await expect(dialog.getByLabel('Greeting')).toHaveValue(/^greeting: .*book a site visit\.$/s);
    await expect(dialog).toContainText('Claude Opus 4.6 wrote the prompt and greeting below');
    await dialog.getByLabel('Voice', { exact: true }).selectOption({ label: 'British Lady — female, British' });
    await dialog.getByRole('button', { name: 'Call back' }).click();
    await expect(dialog.getByRole('button', { name: 'Call back' })).toHaveAttribute('aria-pressed', 'false');
    await shot(page, 'voice-agent-dialog');
    await dialog.getByRole('button', { name: 'Create agent' }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByTestId('agent-Asha');
    await expect(row).toContainText('English');
    await expect(row).toContainText('British Lady');
    await expect(row).toContainText('Claude Haiku 4.5');
    await expect(row.getByTestId('agent-outcomes')).toHaveText('3 of 4');
    await expect(row.getByTestId('agent-outcomes')).toHaveAttribute('title', 'Interested, Not interested, Do not call');
    expect(app.core.agents.get(ws, 'Asha')).toMatchObject({
      voiceId: '79a125e8-cd45-4c13-8a67-188112f4dd22',
      outcomes: ['interested', 'not_interested', 'do_not_call'],
      model: 'claude-haiku-4-5',
    });

    await row.getByRole('button', { name: 'Check voice' }).click();
    await expect(row.getByTestId('voice-check')).toContainText('●Voice usable');

    await row.getByRole('button', { name: 'Edit Asha' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit “Asha”' });
    await edit.getByRole('radio', { name: 'Hindi' }).click();
    await expect(edit.getByLabel('Voice', { exact: true })).toHaveValue('ac7ee4fa-25db-420d-bfff-f590d740aeb2');
    await edit.getByLabel('Voice', { exact: true }).selectOption({ label: 'A voice of your own (paste its Cartesia id)…' });
    await edit.getByLabel('Cartesia voice id').fill('not-a-voice');
    await expect(edit.getByTestId('field-problem')).toHaveText('✕ A Cartesia voice id looks like 8-4-4-4-12 hexadecimal digits.');
    await expect(edit.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await edit.getByLabel('Cartesia voice id').fill(FOREIGN_VOICE);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText('Hindi');
    await expect(row).toContainText(`Custom voice ${FOREIGN_VOICE}`);
    // The verdict was about the old voice; it goes with it.
    await expect(row.getByTestId('voice-check')).toHaveCount(0);

    await row.getByRole('button', { name: 'Check voice' }).click();
    const verdict = row.getByTestId('voice-check');
    await expect(verdict).toContainText('▲Falls back to Hindi Calm Man');
    await expect(verdict).toContainText(
      `The voice ${FOREIGN_VOICE} is not shared with this workspace's Cartesia key, so calls use Hindi Calm Man, the closest public Hindi persona.`,
    );
    app.core.agents.create(
      ws,
      {
        name: 'Ravi',
        language: 'en',
        voiceId: 'ff1bb1a9-c582-4570-9670-5f46169d0fc8',
        systemPrompt: 'You are Ravi, calling about a dental check-up.',
        greeting: 'Hello! This is Ravi, an AI assistant from Acme Dental.',
      },
      'console',
    );
    await page.reload();
    await expect(page.getByTestId('agent-Ravi')).toContainText('Indian Customer Support Lady');
    await page.getByTestId('agent-Asha').getByRole('button', { name: 'Check voice' }).click();
    await expect(page.getByTestId('agent-Asha').getByTestId('voice-check')).toContainText('Falls back');
    await expect(page.getByTestId('runner-card')).toContainText('No runner');
    await shot(page, 'voice-agents');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'voice-agents-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await shot(page, 'voice-agents-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await secretSightings(page, app.secrets())).toEqual([]);

    await page.getByTestId('agent-Asha').getByRole('button', { name: 'Delete Asha' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete Asha?' });
    await expect(confirm).toContainText(
      'The voice agent Asha of Acme Realty goes: its voice choice, greeting, system prompt and outcomes.',
    );
    await confirm.getByRole('button', { name: 'Delete agent' }).click();
    await expect(page.getByTestId('agent-Asha')).toHaveCount(0);
    expect(app.core.agents.list(ws).map((a) => a.name)).toEqual(['Ravi']);
  });

  test('says why there is no runner, and refuses a test call with one sentence', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Realty');
    app.core.agents.create(ws, { name: 'Asha', systemPrompt: 'You are Asha, calling about flats in Baner.' }, 'console');
    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Realty');
    // The note is the core's to word; the console shows it as it comes.
    const state = (await app.handlers['voice:state']({})) as Result<RunnerState>;
    const note = state.ok && !state.value.available ? state.value.note : null;
    expect(note).toBeTruthy();
    const card = page.getByTestId('runner-card');
    await expect(card).toContainText(`No runner. ${note}`);
    await expect(card.getByTestId('runner-reach')).toContainText('○Not reachable yet');
    await expect(card.getByTestId('runner-calls')).toContainText('0 of —');

    const form = page.getByRole('region', { name: 'Test call' });
    await expect(form.getByLabel('Agent')).toHaveValue(app.core.agents.get(ws, 'Asha').id);
    await form.getByLabel('Your phone number').fill('98123');
    await expect(form.getByRole('button', { name: 'Call my phone' })).toBeDisabled();
    await form.getByLabel('Your phone number').fill('+91 98123 45678');
    await form.getByRole('button', { name: 'Call my phone' }).click();
    const banner = form.getByRole('alert');
    // One sentence about the runner, whichever words the core chooses, and no call on record.
    await expect(banner).toHaveText(/^No call placed\. [^.]*voice runner[^.]*\.$/);
    expect(app.core.calls.list(ws)).toEqual([]);
    await expect(page.getByTestId('live-call')).toHaveCount(0);
  });

  test('starts the runner behind the operator’s public URL and stops it again; a tunnel without an ngrok key is one sentence', async ({
    page,
    app,
  }) => {
    clientWorkspace(app, 'Acme Realty');
    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Realty');
    const card = page.getByTestId('runner-card');
    const start = card.getByRole('form', { name: 'Start the voice runner' });
    await start.getByRole('button', { name: 'Start the runner' }).click();
    await expect(start.getByRole('alert')).toContainText('ngrok authtoken');
    await start.getByRole('radio', { name: 'My public URL' }).click();
    await start.getByLabel('Public HTTPS address').fill('http://voice.example.com');
    await start.getByRole('button', { name: 'Start the runner' }).click();
    await expect(start.getByRole('alert')).toContainText('https');
    await start.getByLabel('Public HTTPS address').fill('http://127.0.0.1:8443');
    await start.getByRole('button', { name: 'Start the runner' }).click();
    await expect(card.getByTestId('runner-reach')).toContainText('Public URL');
    await expect(card.getByTestId('runner-reach')).toContainText('http://127.0.0.1:8443');
    expect(app.core.voice.state()).toMatchObject({
      available: true,
      reach: { kind: 'public-url', url: 'http://127.0.0.1:8443', up: true },
    });
    await shot(page, 'voice-runner-started');
    await card.getByRole('button', { name: 'Stop the runner' }).click();
    await expect(card.getByRole('form', { name: 'Start the voice runner' })).toBeVisible();
    expect(app.core.voice.state().available).toBe(false);
    expect(app.core.audit.list({ action: 'voice.start' })).toHaveLength(1);
  });

  test('lists recent calls and opens one’s sealed transcript only while it is shown', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Realty');
    const agent = app.core.agents.create(ws, { name: 'Asha', systemPrompt: 'You are Asha, calling about flats in Baner.' }, 'console');
    const made = app.core.calls.create(
      { workspaceId: ws, agentId: agent.id, agentName: 'Asha', to: '+919812345678', from: '+14155550100', carrier: 'twilio', test: true },
      'console',
    );
    app.core.calls.update(made.id, { state: 'in-progress' });
    app.core.calls.appendTranscript(made.id, {
      speaker: 'agent',
      text: 'Hello! This is Asha, an AI assistant from Acme Realty, about the flats in Baner.',
      interrupted: true,
    });
    app.core.calls.appendTranscript(made.id, { speaker: 'caller', text: 'Yes, I would like a site visit on Saturday.' });
    app.core.calls.finish(
      made.id,
      { outcome: 'interested', reason: 'The caller asked for a site visit on Saturday.', durationSeconds: 83 },
      'console',
    );
    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Realty');

    const row = page.getByTestId('recent-call');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('+919812345678Test');
    await expect(row).toContainText('● Interested');
    await expect(row).toContainText('1:23');
    await row.getByRole('button', { name: 'Open the call by Asha to +919812345678' }).click();
    const dialog = page.getByRole('dialog', { name: 'Asha → +919812345678' });
    await expect(dialog).toContainText('Test call · +14155550100 → +919812345678');
    await expect(dialog).toContainText('● Interested — The caller asked for a site visit on Saturday.');
    const lines = dialog.getByRole('list', { name: 'Transcript' }).getByRole('listitem');
    await expect(lines).toHaveText([
      'Agent · cut offHello! This is Asha, an AI assistant from Acme Realty, about the flats in Baner.',
      'CallerYes, I would like a site visit on Saturday.',
    ]);
    await shot(page, 'voice-call-record');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await expect(dialog).toBeHidden();
    // The opened transcript lived in the dialog alone: nothing of it stays in the console's state.
    expect(Object.values(await storeStates(page)).join('\n')).not.toContain('I would like a site visit');
  });
});

test.describe('Voice with the real runner', () => {
  test.use({ appOptions: { voice: startE2EVoice } });

  test('places a test call from the console and shows it live: greeting, the caller’s words as heard, the reply, hang up, then the record', async ({
    page,
    app,
  }) => {
    const voice = app.voice as E2EVoice;
    const ws = await voiceWorkspace(app, 'Acme Dental');
    app.core.agents.create(
      ws,
      {
        name: 'Ava',
        greeting: 'Hi, this is Ava from Acme Dental. Do you have a minute?',
        systemPrompt: 'You are Ava, calling patients of Acme Dental to book a check-up. Keep replies short.',
      },
      'console',
    );
    voice.anthropic.state.stream.replies.push({ text: 'Wonderful. Would Tuesday at ten in the morning suit you?' });
    voice.deepgram.queueTranscripts('Yes, I would like to book a check-up.');
    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Dental');
    const card = page.getByTestId('runner-card');
    await expect(card.getByTestId('runner-reach')).toContainText('●Public URL');
    await expect(card.getByTestId('runner-reach')).toContainText(/http:\/\/127\.0\.0\.1:\d+/);

    const form = page.getByRole('region', { name: 'Test call' });
    await form.getByLabel('Your phone number').fill('+1 415 555 0100');
    await form.getByRole('button', { name: 'Call my phone' }).click();
    const live = page.getByTestId('live-call');
    await expect(live).toContainText('Ava → +14155550100');
    const media = await voice.answer();
    const transcript = live.getByRole('log', { name: 'Transcript' });
    await expect(live).toContainText('In call');
    await expect(card.getByTestId('runner-calls')).toContainText('1 of');
    await expect(transcript.locator('.is-agent').first()).toHaveText('AgentHi, this is Ava from Acme Dental. Do you have a minute?');
    const frames = await agentDone(media, 0);

    // Deepgram's interim guesses show, lighter, while the caller is still speaking; the final words replace them.
    const interim = transcript.locator('.is-caller.is-interim').waitFor();
    await media.speak('Yes, I would like to book a check-up.', 700);
    await interim;
    await expect(transcript.locator('.is-caller')).toHaveText(['CallerYes, I would like to book a check-up.']);
    await expect(transcript.locator('.is-agent').nth(1)).toHaveText('AgentWonderful. Would Tuesday at ten in the morning suit you?');
    await agentDone(media, frames);
    await expect(transcript.locator('.is-interim')).toHaveCount(0);
    await shot(page, 'voice-live-call');

    await live.getByRole('button', { name: 'Hang up' }).click();
    await expect(live.getByRole('status')).toHaveText('✕ Failed — The operator hung up from Switchboard.');
    await expect(live.getByTestId('call-elapsed')).toHaveText(/^\d+:\d{2}$/);
    await expect(live.getByRole('button', { name: 'Hang up' })).toHaveCount(0);
    await expect(card.getByTestId('runner-calls')).toContainText('0 of');
    expect(voice.calls[0]?.hungUp).toBe(true);

    const row = page.getByTestId('recent-call');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('+14155550100Test');
    await expect(row).toContainText('✕ Failed');
    await row.getByRole('button', { name: 'Open the call by Ava to +14155550100' }).click();
    const lines = page.getByRole('dialog', { name: 'Ava → +14155550100' }).getByRole('list', { name: 'Transcript' }).getByRole('listitem');
    await expect(lines).toHaveText([
      'AgentHi, this is Ava from Acme Dental. Do you have a minute?',
      'CallerYes, I would like to book a check-up.',
      'AgentWonderful. Would Tuesday at ten in the morning suit you?',
    ]);
    expect(await secretSightings(page, app.secrets())).toEqual([]);
  });
});
