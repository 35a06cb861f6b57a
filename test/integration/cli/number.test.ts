import { afterEach, describe, expect, it } from 'vitest';
import type { InboundNumberView } from '../../../shared/voice-numbers';
import { startVoiceRig, type VoiceRig } from '../../helpers/voice-rig';
import { defaultVoiceConfig } from '../../sim/twilio';
import { serveNumbers } from '../../sim/twilio-numbers';
import { runCliLines, type CliLines } from '../../helpers/cli';

describe('switchboard number attach|list|detach', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  const cli = (voiceRig: VoiceRig, args: string[]): Promise<CliLines> =>
    runCliLines(args, { env: { SWITCHBOARD_DATA_DIR: voiceRig.core.dataDir, ...voiceRig.sims.env }, keyStore: voiceRig.core.keyStore });

  it('attaches a number (pointed at the away message while no runner answers), lists it, and detaches it back to its setup', async () => {
    rig = await startVoiceRig();
    const r = rig;
    serveNumbers(r.sims.twilio);
    const number = r.sims.twilio.state.numbers[0];
    if (!number) throw new Error('no number');

    const attached = await cli(r, [
      'number',
      'attach',
      'Acme Dental',
      '(500) 555-0006',
      '--agent',
      'Ava',
      '--forward-to',
      '+14155550199',
      '--json',
    ]);
    expect(attached.err).toBe('');
    expect(attached.code).toBe(0);
    const view = JSON.parse(attached.out) as InboundNumberView;
    expect(view).toMatchObject({ number: '+15005550006', agentName: 'Ava', forwardTo: '+14155550199' });
    expect(number.voice?.voice_url).toMatch(/^https:\/\/twimlets\.com\/echo\?Twiml=/);

    const human = await cli(r, ['number', 'list', 'Acme Dental']);
    expect(human.out).toMatch(/\+15005550006\s+Ava\s+message, then \+14155550199/);
    const listed = JSON.parse((await cli(r, ['number', 'list', 'Acme Dental', '--json'])).out) as InboundNumberView[];
    expect(listed.map((n) => n.number)).toEqual(['+15005550006']);

    const detached = await cli(r, ['number', 'detach', 'Acme Dental', '+15005550006', '--json']);
    expect(detached.code).toBe(0);
    expect(JSON.parse(detached.out)).toEqual({ detached: '+15005550006', restored: true });
    expect(number.voice).toEqual(defaultVoiceConfig());
    expect((await cli(r, ['number', 'list', 'Acme Dental'])).out).toContain('has no attached numbers');
  });

  it('refuses bad input in one sentence with a non-zero exit, changing nothing', async () => {
    rig = await startVoiceRig();
    const r = rig;
    const updates = serveNumbers(r.sims.twilio);
    const noAgent = await cli(r, ['number', 'attach', 'Acme Dental', '+15005550006']);
    expect(noAgent.code).not.toBe(0);
    const badForward = await cli(r, ['number', 'attach', 'Acme Dental', '+15005550006', '--agent', 'Ava', '--forward-to', '555']);
    expect(badForward.code).not.toBe(0);
    expect(badForward.err).toMatch(/international form/);
    const notAttached = await cli(r, ['number', 'detach', 'Acme Dental', '+15005550006']);
    expect(notAttached.code).not.toBe(0);
    expect(notAttached.err).toMatch(/has no attached number \+15005550006\./);
    expect(updates.updates).toEqual([]);
  });
});
