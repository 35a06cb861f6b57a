import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/core';
import { leads, leadsCsv, startCampaignRig, type CampaignRig } from '../../helpers/voice-campaign';
import { runCliLines, type CliLines } from '../../helpers/cli';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('switchboard campaign … --channel voice', () => {
  let rig: CampaignRig | null = null;
  const tmp = tempDir();
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });
  afterAll(() => tmp.cleanup());

  const cli = (campaignRig: CampaignRig, args: string[]): Promise<CliLines> =>
    runCliLines(args, {
      env: { SWITCHBOARD_DATA_DIR: campaignRig.core.dataDir, ...campaignRig.sims.env },
      keyStore: campaignRig.core.keyStore,
    });
  const file = (name: string, text: string): string => {
    const path = join(tmp.dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('creates a voice campaign with its report and estimate, runs it behind a public URL, and lists each lead’s call', async () => {
    rig = await startCampaignRig({ callees: { behaviour: (to) => (to.endsWith('1002') ? 'no-answer' : 'answer') } });
    const r = rig;
    const contacts = file('leads.csv', `${leadsCsv(leads(3))}12,Nobody,America/New_York\n`);
    const created = await cli(r, [
      'campaign',
      'create',
      'Acme Dental',
      '--channel',
      'voice',
      '--agent',
      'Ava',
      '--contacts',
      contacts,
      '--window',
      '00:00-24:00',
      '--retries',
      '0',
      '--cps',
      '20',
      '--machine',
      'voicemail',
      '--name',
      'Recall',
    ]);
    expect(created.code).toBe(0);
    expect(created.out).toContain('Created voice campaign “Recall”');
    expect(created.out).toContain('Contacts: 4 rows → 3 leads · 1 rejected · 0 excluded · 0 duplicates merged.');
    expect(created.out).toMatch(/Estimate: about 3 calls, \d+ carrier minutes, \$\d+\.\d\d/);
    for (const p of ['carrier Twilio', 'stt     Deepgram', 'llm     Anthropic', 'tts     Cartesia']) expect(created.out).toContain(p);
    expect(created.out).toContain(
      "Ceiling: 5 calls at once: the client's Anthropic key is tier 1: about 5 calls at once from its rate limits; dialled at most 20 per second.",
    );
    expect(created.out).toContain('Nothing has been dialled.');
    expect(r.callees.dialled.size).toBe(0);
    const id = /\(([0-9a-f-]{36})\)/.exec(created.out)?.[1] ?? '';

    expect(await cli(r, ['campaign', 'run', id])).toMatchObject({
      code: 2,
      err: 'switchboard: Say how carriers reach this computer: --public-url URL (your own HTTPS reverse proxy) or --tunnel (ngrok, with the authtoken kept under the agency).',
    });
    const port = await freePort();
    const ran = await cli(r, ['campaign', 'run', id, '--public-url', `http://127.0.0.1:${port}`, '--port', String(port)]);
    expect(ran.code).toBe(0);
    expect(ran.out).toContain('● Completed');
    expect(ran.out).toContain('Outcomes: 2 not_interested · 1 no_answer');
    expect(r.callees.twice()).toEqual([]);

    const status = await cli(r, ['campaign', 'status', id, '--calls']);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/LEAD\s+TO\s+NAME\s+STATE\s+TRIES\s+OUTCOME\s+LENGTH\s+CALL\s+NOTE/);
    expect(status.out).toMatch(/\+14155551002\s+Lead2\s+done\s+1\s+no_answer/);
    const json = JSON.parse((await cli(r, ['campaign', 'status', id, '--calls', '--json'])).out) as {
      campaign: { outcomes: Record<string, number> };
      calls: { rows: { outcome: string }[] };
    };
    expect(json.campaign.outcomes).toMatchObject({ not_interested: 2, no_answer: 1 });
    expect(json.calls.rows).toHaveLength(3);
    expect((await cli(r, ['campaign', 'list', 'Acme Dental'])).out).toMatch(/Recall\s+voice\s+● Completed\s+3\s+3/);
  });

  it('leaves the voicemail after the beep when an answering machine picks up, from Twilio’s four-field AMD verdict, then hangs up', async () => {
    rig = await startCampaignRig({ callees: { behaviour: () => 'machine' } });
    const r = rig;
    const message = 'Ava from Acme Dental here, please call us back.';
    const contacts = file('machine.csv', leadsCsv(leads(1)));
    const created = await cli(r, [
      'campaign',
      'create',
      'Acme Dental',
      '--channel',
      'voice',
      '--agent',
      'Ava',
      '--contacts',
      contacts,
      '--window',
      '00:00-24:00',
      '--retries',
      '0',
      '--machine',
      'voicemail',
      '--voicemail-text',
      message,
      '--name',
      'Machines',
    ]);
    expect(created.code).toBe(0);
    const id = /\(([0-9a-f-]{36})\)/.exec(created.out)?.[1] ?? '';
    const port = await freePort();
    const ran = await cli(r, ['campaign', 'run', id, '--public-url', `http://127.0.0.1:${port}`, '--port', String(port)]);
    expect(ran.code).toBe(0);
    expect(ran.out).toContain('Outcomes: 1 voicemail');

    const [call] = r.sims.calls;
    expect(call).toMatchObject({ machineDetection: 'DetectMessageEnd', asyncAmd: true, answeredBy: 'machine_end_beep', hungUp: true });
    const [heard] = r.callees.machines;
    // The message plays only once the beep is over: everything after the clear that followed it.
    expect(heard?.beepEndedAt).not.toBeNull();
    expect(heard?.messageFrames).toBeGreaterThan(25);
    expect(heard?.firstMessageAt).toBeGreaterThanOrEqual(heard?.beepEndedAt ?? Infinity);

    const json = JSON.parse((await cli(r, ['campaign', 'status', id, '--calls', '--json'])).out) as {
      calls: { rows: { outcome: string; reason: string; callId: string }[] };
    };
    expect(json.calls.rows).toEqual([
      expect.objectContaining({
        outcome: 'voicemail',
        reason: 'An answering machine picked up; the voicemail message was left after the beep.',
      }),
    ]);
    const stored = r.core.calls.get(r.ws, json.calls.rows[0]?.callId ?? '');
    expect(stored).toMatchObject({ answeredBy: 'machine_end_beep', outcome: 'voicemail' });
    expect(stored.machineDetectionMs).toBeGreaterThan(0);
    expect(stored.transcript.map((l) => l.text)).toContain(message);
    // Twilio's verdict was taken, not refused (the final `completed` arrives once the call is forgotten: an unknown ref).
    expect(r.core.audit.list({ action: 'call.refused' }).map((e) => e.detail)).not.toContainEqual(
      expect.objectContaining({ reason: 'bad-status' }),
    );
    expect(r.core.audit.list({ action: 'call.machine' }).map((e) => e.detail)).toEqual([
      { answeredBy: 'machine_end_beep', detectionMs: stored.machineDetectionMs },
    ]);
  });

  it('refuses bad voice options in one sentence and creates nothing', async () => {
    rig = await startCampaignRig({ callees: { behaviour: () => 'answer' } });
    const r = rig;
    const contacts = file('few.csv', leadsCsv(leads(2)));
    const cases: [string[], string][] = [
      [[], 'switchboard: A voice campaign needs --agent: the voice agent that makes the calls.'],
      [
        ['--agent', 'Ava', '--template', contacts],
        'switchboard: A voice campaign has an agent, not a template or a rate: use --agent, and --cps for the dial rate.',
      ],
      [['--agent', 'Ava', '--machine', 'fax'], 'switchboard: --machine is hangup or voicemail.'],
      [['--agent', 'Ava', '--retries', '9'], 'switchboard: Retries are a whole number from 0 to 5.'],
      [['--agent', 'Ava', '--retries', 'two'], 'switchboard: --retries takes a whole number.'],
      [['--agent', 'Ava', '--max-concurrent', '0'], 'switchboard: The most calls at once is a whole number from 1 to 100.'],
      [['--agent', 'Ava', '--window', '25:00-26:00'], expect.stringMatching(/^switchboard: .*window/i) as unknown as string],
    ];
    for (const [extra, err] of cases)
      expect(await cli(r, ['campaign', 'create', 'Acme Dental', '--channel', 'voice', '--contacts', contacts, ...extra])).toMatchObject({
        code: 2,
        err,
      });
    expect(
      (await cli(r, ['campaign', 'create', 'Acme Dental', '--channel', 'voice', '--contacts', contacts, '--agent', 'Nobody'])).code,
    ).not.toBe(0);
    expect(
      (
        await cli(r, [
          'campaign',
          'create',
          'Acme Dental',
          '--channel',
          'sms',
          '--contacts',
          contacts,
          '--template',
          contacts,
          '--agent',
          'Ava',
        ])
      ).err,
    ).toBe(
      'switchboard: --agent, --retries, --retry-gap, --max-concurrent, --machine, --voicemail-text and --cps are for --channel voice.',
    );
    expect(r.core.voiceCampaigns.list(r.ws)).toEqual([]);
    expect(r.core.campaigns.list(r.ws)).toEqual([]);
  });
});
