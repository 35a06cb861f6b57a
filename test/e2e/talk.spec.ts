/**
 * Talk in Chromium: a fake microphone speaks a sentence (espeak, through Chromium's
 * --use-file-for-fake-audio-capture), the page captures it at 16 kHz in its audio worklet and sends
 * it through the real IPC handlers to the core, the agent's reply comes back as audio frames the
 * page plays, each reply's time shows, and the call is in Recent calls with its transcript. The
 * workspace has no carrier key at all, and the Twilio simulator is asked for nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import config from '../../playwright.config';
import { expect, open, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';
import { shot } from './support/shot';
import { switchWorkspace } from './support/ui';
import { startE2EVoice, type E2EVoice } from './support/voice-runner';

const SAID = 'Can I come on Saturday morning?';
const REPLY = 'Saturday at ten works. Shall I book it for you?';

/**
 * The fake microphone: two seconds of quiet, the sentence, then quiet, as a 16 kHz WAV. Chromium
 * plays it in a loop from the moment the page opens the microphone, so the sentence is heard
 * whenever the call starts; only the first utterance is scripted with words.
 */
function microphoneFile(): string {
  const dir = join(tmpdir(), 'switchboard-talk-e2e');
  mkdirSync(dir, { recursive: true });
  const spoken = join(dir, 'spoken.wav');
  const file = join(dir, 'microphone.wav');
  execFileSync('espeak-ng', ['-s', '150', '-w', spoken, '--', SAID]);
  execFileSync('sox', ['-q', spoken, '-r', '16000', '-c', '1', '-b', '16', file, 'pad', '2', '9']);
  return file;
}

const launch = config.use?.launchOptions ?? {};
test.use({
  appOptions: { voice: startE2EVoice },
  launchOptions: {
    ...launch,
    args: [
      ...(launch.args ?? []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${microphoneFile()}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

test.describe('Talk: the console as the agent’s caller', () => {
  test('a fake microphone says a sentence, the agent’s reply reaches the page as audio, and the call is on record with no carrier asked', async ({
    page,
    app,
  }) => {
    const voice = app.voice as E2EVoice;
    const ws = clientWorkspace(app, 'Acme Dental');
    // No carrier key: Talk needs only the recogniser, the model and the voice.
    for (const provider of ['anthropic', 'deepgram', 'cartesia'] as const) await addKey(app, ws, provider);
    app.core.agents.create(
      ws,
      {
        name: 'Ava',
        greeting: 'Hi, this is Ava from Acme Dental.',
        systemPrompt: 'You are Ava, booking check-ups for Acme Dental. Keep replies short.',
      },
      'console',
    );
    voice.deepgram.queueTranscripts(SAID);
    voice.anthropic.state.stream.replies.push({ text: REPLY });
    const twilioRequests = app.sim('twilio').requests.length;

    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Dental');
    await page.getByRole('button', { name: 'Talk to Ava' }).click();
    const panel = page.getByRole('dialog', { name: 'Talk to Ava' });
    await expect(panel.getByTestId('talk-panel')).toHaveAttribute('data-status', 'idle');
    await panel.getByRole('button', { name: 'Start talking' }).click();
    await expect(panel.getByTestId('talk-panel')).toHaveAttribute('data-status', 'live');
    await expect(panel).toContainText('Echo cancellation on');

    // The greeting, then the reply to what the microphone said, as frames the page played.
    const transcript = panel.getByRole('log', { name: 'Transcript' });
    await expect(transcript).toContainText(SAID, { timeout: 60_000 });
    await expect(transcript).toContainText(REPLY, { timeout: 60_000 });
    await expect(panel.getByTestId('talk-turn').first()).toBeVisible();
    await expect(panel.getByTestId('talk-median')).toHaveText(/^\d[\d,]* ms$/);
    const frames = panel.getByTestId('talk-frames');
    await expect.poll(async () => Number(await frames.getAttribute('data-heard'))).toBeGreaterThan(100);
    expect(Number(await frames.getAttribute('data-sent'))).toBeGreaterThan(100);
    await shot(page, 'talk-panel');

    await panel.getByRole('button', { name: 'Hang up' }).click();
    await expect(panel.getByTestId('talk-ended')).toContainText('The call is in Recent calls');
    await expect(panel.getByTestId('talk-panel')).toHaveAttribute('data-status', 'ended');
    await panel.getByRole('button', { name: 'Close' }).first().click();

    // On record like any call: a test from the console, its transcript sealed, no carrier metered.
    await page.getByRole('button', { name: 'Open the call with Ava from the console' }).click();
    const record = page.getByRole('dialog', { name: 'Console → Ava' });
    await expect(record).toContainText('Test call · From the console');
    await expect(record).toContainText(SAID);
    await expect(record).toContainText(REPLY);
    const [call] = app.core.calls.list(ws);
    expect(call).toMatchObject({ carrier: 'console', test: true });
    const usage = app.core.calls.get(ws, call?.id ?? '').usage.map((line) => line.provider);
    expect(usage).not.toContain('twilio');
    expect(app.sim('twilio').requests.length).toBe(twilioRequests);
  });
});
