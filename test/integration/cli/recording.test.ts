import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { ManualClock } from '../../../electron/core/voice/clock';
import { CallRecorder } from '../../../electron/core/voice/recording/recorder';
import { decodeWav } from '../../../electron/core/voice/recording/wav';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { tone } from '../../sim/audio';
import { cliLines } from '../../helpers/cli';

describe('switchboard and call recordings', () => {
  let dir: string;
  let cleanup: () => void;
  const keyStore = memoryKeyStore();
  let callId = '';
  let t = Date.parse('2026-03-10T09:00:00.000Z');
  const dataDir = () => join(dir, 'data');

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    const core = createCore({ dataDir: dataDir(), actor: 'system', keyStore, autoLockMs: 0, now: () => new Date(t) });
    await core.start();
    const acme = core.workspaces.create({ name: 'Acme' }, 'cli').id;
    core.agents.create(acme, { name: 'Asha', greeting: 'Hello from Acme.', systemPrompt: 'You are Asha.' }, 'cli');
    const call = core.calls.create(
      { workspaceId: acme, agentId: null, agentName: 'Asha', to: '+919812345678', from: '+14155550100', carrier: 'twilio' },
      'system',
    );
    // Two seconds of agent tone, then a second of caller tone, through the recorder a call uses.
    const clock = new ManualClock();
    const recorder = new CallRecorder(clock, 'mulaw', 600_000);
    for (let i = 0; i < 100; i++, clock.advance(20)) recorder.said(tone(20, 'mulaw', { hz: 440, offset: i * 160 }));
    for (let i = 0; i < 50; i++, clock.advance(20)) recorder.heard(tone(20, 'mulaw', { hz: 300, offset: i * 160 }));
    core.recordings.save(acme, call.id, recorder.finish(), 'system');
    callId = call.id;
    core.close();
  });
  afterAll(() => cleanup());

  const cli = cliLines(() => ({ env: { SWITCHBOARD_DATA_DIR: dataDir() }, keyStore, now: () => new Date(t) }));

  it('turns an agent’s recording on with its consent line, and refuses a bad switch', async () => {
    const on = await cli([
      'agent',
      'edit',
      'Acme',
      'Asha',
      '--record',
      'on',
      '--consent-line',
      'This call is recorded for training.',
      '--json',
    ]);
    expect(on.code).toBe(0);
    expect(JSON.parse(on.out)).toMatchObject({ record: true, consentLine: 'This call is recorded for training.' });
    expect((await cli(['agent', 'edit', 'Acme', 'Asha', '--record', 'off'])).out).toContain('Recording: off');
    expect(await cli(['agent', 'edit', 'Acme', 'Asha', '--record', 'maybe'])).toMatchObject({
      code: 2,
      err: 'switchboard: --record takes on or off.',
    });
    expect((await cli(['agent', 'edit', 'Acme', 'Asha', '--consent-line', ' ', '--json'])).code).toBe(2);
  });

  it('sets the workspace’s retention in days, and refuses what is not a number of days', async () => {
    const set = await cli(['workspace', 'set', 'Acme', '--recording-retention', '30', '--json']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out)).toMatchObject({ name: 'Acme', recordingRetentionDays: 30 });
    expect(await cli(['workspace', 'set', 'Acme', '--recording-retention', '0'])).toMatchObject({
      code: 2,
      err: 'switchboard: --recording-retention takes a whole number of days from 1 to 3650, like 90.',
    });
    expect((await cli(['workspace', 'set', 'Acme'])).err).toBe(
      'switchboard: Say what to change: --country CC or --recording-retention DAYS.',
    );
  });

  it('shows and exports the recording: a .wav beside --out, base64 on standard output', async () => {
    const shown = JSON.parse((await cli(['calls', 'show', 'Acme', callId, '--json'])).out) as { recording: Record<string, unknown> };
    expect(shown.recording).toMatchObject({ callId, durationMs: 3000, channels: ['caller', 'agent'], truncated: false });

    const out = join(dir, 'call.json');
    const written = await cli(['calls', 'export', 'Acme', callId, '--out', out, '--json']);
    expect(JSON.parse(written.out)).toEqual({ written: out, recording: join(dir, 'call.wav') });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { recording: { file: string; wavBase64: string | null } };
    expect(doc.recording).toMatchObject({ file: 'call.wav', wavBase64: null });
    expect(statSync(join(dir, 'call.wav')).mode & 0o777).toBe(0o600);
    const wav = decodeWav(readFileSync(join(dir, 'call.wav')));
    expect(wav.channels.length).toBe(2);
    expect(wav.channels[0]?.length).toBe(24_000);

    const piped = JSON.parse((await cli(['calls', 'export', 'Acme', callId])).out) as { recording: { file: null; wavBase64: string } };
    expect(piped.recording.file).toBeNull();
    expect(Buffer.from(piped.recording.wavBase64, 'base64').equals(readFileSync(join(dir, 'call.wav')))).toBe(true);
  });

  it('removes the recording once the retention has passed, when the core starts', async () => {
    t += 29 * 86_400_000;
    expect(JSON.parse((await cli(['calls', 'show', 'Acme', callId, '--json'])).out).recording).not.toBeNull();
    t += 2 * 86_400_000;
    expect(JSON.parse((await cli(['calls', 'show', 'Acme', callId, '--json'])).out).recording).toBeNull();
    const audit = JSON.parse((await cli(['audit', 'export', '--format', 'json', '--action', 'call.recording.expire'])).out) as {
      action: string;
      target: string;
    }[];
    expect(audit.map((e) => [e.action, e.target])).toEqual([['call.recording.expire', callId]]);
    expect(existsSync(join(dir, 'call.wav'))).toBe(true);
  });
});
