import { ManualClock } from '../../electron/core/voice/clock';
import { CallRecorder } from '../../electron/core/voice/recording/recorder';
import { speech } from '../sim/carrier-voice';
import { expect, open, storeStates, test } from './harness';
import { clientWorkspace } from './support/seed';
import { shot } from './support/shot';
import { switchWorkspace } from './support/ui';

/** Feeds speech through the recorder a call uses, 20 ms at a time on a hand-driven clock. */
function feed(clock: ManualClock, audio: Buffer, into: (frame: Buffer) => void): void {
  for (let at = 0; at < audio.length; at += 160, clock.advance(20)) into(audio.subarray(at, at + 160));
}

test.describe('Call recordings in the console', () => {
  test('plays a recorded call in its record, opened only while the record is shown', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Realty');
    const agent = app.core.agents.create(
      ws,
      { name: 'Asha', systemPrompt: 'You are Asha, calling about flats in Baner.', record: true, consentLine: 'This call is recorded.' },
      'console',
    );
    const made = app.core.calls.create(
      { workspaceId: ws, agentId: agent.id, agentName: 'Asha', to: '+919812345678', from: '+14155550100', carrier: 'twilio', test: true },
      'console',
    );
    app.core.calls.update(made.id, { state: 'in-progress' });
    const said = 'This call is recorded. Hello! This is Asha from Acme Realty, about the flats in Baner.';
    const heard = 'Yes, I would like a site visit on Saturday.';
    app.core.calls.appendTranscript(made.id, { speaker: 'agent', text: said });
    app.core.calls.appendTranscript(made.id, { speaker: 'caller', text: heard });
    const clock = new ManualClock();
    const recorder = new CallRecorder(clock, 'mulaw', 600_000);
    feed(clock, speech(said, 'mulaw'), (f) => recorder.said(f));
    feed(clock, speech(heard, 'mulaw'), (f) => recorder.heard(f));
    const recording = app.core.recordings.save(ws, made.id, recorder.finish(), 'console');
    app.core.calls.finish(
      made.id,
      { outcome: 'interested', reason: 'Asked for a site visit on Saturday.', durationSeconds: 12 },
      'console',
    );

    await open(page, app, 'voice');
    await switchWorkspace(page, 'Acme Realty');
    await page.getByTestId('recent-call').getByRole('button', { name: 'Open the call by Asha to +919812345678' }).click();
    const dialog = page.getByRole('dialog', { name: 'Asha → +919812345678' });
    const player = dialog.getByTestId('call-recording');
    await expect(player).toBeVisible();
    await expect(dialog.getByRole('figure', { name: 'Recording' })).toContainText('caller on the left, agent on the right');
    // The browser read the WAV: its length is the recording's.
    await expect
      .poll(
        () =>
          player.evaluate((el: HTMLAudioElement) =>
            el.error ? `error ${el.error.code} ${el.error.message}` : Math.round(el.duration * 1000),
          ),
        { timeout: 8000 },
      )
      .toBe(recording.durationMs);
    await shot(page, 'call-recording');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await expect(dialog).toBeHidden();
    expect(Object.values(await storeStates(page)).join('\n')).not.toContain('RIFF');
  });
});
