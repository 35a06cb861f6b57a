/**
 * Structured results end to end on the simulators: a voice campaign's call, through the real voice
 * runner, the carrier, Deepgram, Claude and Cartesia simulators, is extracted after it ends with the
 * call's own Anthropic key; its fields reach `calls show --json`, the campaign's CSV export, and the
 * text of the post-call workflow's SMS, which waited for them.
 */
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnthropicState } from '../../../sim/ai';
import type { ProviderSim } from '../../../sim/server';
import { agentDone, RIG_AGENT } from '../../../helpers/voice-rig';
import { leads, leadsCsv, startCampaignRig, type CampaignRig } from '../../../helpers/voice-campaign';
import { runCliLines, type CliLines } from '../../../helpers/cli';

const SAID = 'Yes please. My appointment time is 2026-12-12T15:00:00Z, my interest is high.';

/** CSV text into rows of cells (quoted cells may hold commas). */
function cells(csv: string): string[][] {
  return csv
    .trimEnd()
    .split('\n')
    .map((line) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => (m[1] ?? '').replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1),
    );
}

describe('a voice campaign call’s extracted fields', () => {
  let rig: CampaignRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('appear in calls show --json, in the campaign’s CSV and in the text of the workflow’s SMS', async () => {
    rig = await startCampaignRig({
      callees: {
        behaviour: () => 'answer',
        onHuman: async (_call, media) => {
          const frames = await agentDone(media, 0);
          await media.speak(SAID, 500);
          await agentDone(media, frames).catch(() => undefined);
          await media.closed;
        },
      },
    });
    const r = rig;
    (r.sims.byId.anthropic as ProviderSim<AnthropicState>).state.stream.replies.push({
      text: 'Lovely, see you then. Goodbye!',
      endCall: { outcome: 'interested', reason: 'Booked a check-up.' },
    });
    r.deepgram.queueTranscripts(SAID);
    r.core.agents.create(r.ws, { ...RIG_AGENT, name: 'Quick', greeting: 'Hi, Acme Dental here.' }, 'console');
    const template = 'Hi {{first_name}}, see you at {{appointment_time}} (interest: {{interest}}). {{summary}}';
    // A template may use a field only once an agent of the workspace extracts it.
    expect(() => r.core.workflows.addRule({ workspaceId: r.ws, outcome: 'interested', channel: 'sms', template }, 'console')).toThrow(
      /^The template uses \{\{appointment_time\}\}, \{\{interest\}\}; a post-call message can use /,
    );
    const schema = r.core.agentExtraction.set(
      r.ws,
      'Quick',
      {
        fields: [
          { name: 'appointment_time', type: 'datetime', description: 'When the check-up is booked.', required: true },
          { name: 'interest', type: 'enum', values: ['high', 'medium', 'low'], description: 'How keen they sounded.' },
        ],
      },
      'console',
    );
    r.core.workflows.addRule({ workspaceId: r.ws, outcome: 'interested', channel: 'sms', template }, 'console');
    const [number] = leads(1);
    const made = await r.core.voiceCampaigns.create(
      { workspaceId: r.ws, agent: 'Quick', contacts: Readable.from([leadsCsv([number ?? ''])]), retries: 0, cps: 50 },
      'console',
    );
    const done = await r.core.voiceCampaigns.run(made.campaign.id, 'console', { placer: r.placer });
    expect(done.outcomes.interested).toBe(1);
    const callId = r.core.voiceCampaigns.leads(made.campaign.id).rows[0]?.callId ?? '';

    // calls show --json, from the CLI on the same data folder.
    const cli = (args: string[]): Promise<CliLines> =>
      runCliLines(args, { env: { SWITCHBOARD_DATA_DIR: r.core.dataDir, ...r.sims.env }, keyStore: r.core.keyStore });
    const show = await cli(['calls', 'show', 'Acme Dental', callId, '--json']);
    expect(show).toMatchObject({ code: 0, err: '' });
    const shown = JSON.parse(show.out) as {
      transcript: { text: string }[];
      extraction: unknown;
      usage: { provider: string; unit: string; amount: number }[];
    };
    expect(shown.transcript.map((l) => l.text)).toContain(SAID);
    expect(shown.extraction).toMatchObject({
      state: 'extracted',
      schemaVersion: schema.version,
      values: { appointment_time: '2026-12-12T15:00:00Z', interest: 'high' },
      summary: expect.stringContaining(SAID),
    });
    // The call's key paid for the call's turns and its extraction alike (one request each).
    const forced = (r.sims.byId.anthropic as ProviderSim<AnthropicState>).state.tools.answered;
    expect(forced).toBe(1);
    expect(shown.usage.find((u) => u.provider === 'anthropic' && u.unit === 'tokens')?.amount).toBeGreaterThan(0);

    // The campaign's CSV: a column for the summary and for each field.
    const exported = await cli(['campaign', 'export', made.campaign.id, '--json']);
    expect(exported).toMatchObject({ code: 0, err: '' });
    const csv = (JSON.parse(exported.out) as { rows: number; csv: string }).csv;
    const [header, row] = cells(csv);
    const at = (column: string): string => row?.[header?.indexOf(column) ?? -1] ?? '<no column>';
    expect(header).toEqual([
      'phone',
      'name',
      'state',
      'attempts',
      'outcome',
      'reason',
      'duration_seconds',
      'dialled_at',
      'call_id',
      'summary',
      'appointment_time',
      'interest',
      'extraction',
      'extraction_reason',
      'schema_version',
    ]);
    expect([at('phone'), at('call_id'), at('appointment_time'), at('interest'), at('extraction')]).toEqual([
      // A leading + would make a spreadsheet read the cell as a formula (usage/csv.ts).
      `'${number}`,
      callId,
      '2026-12-12T15:00:00Z',
      'high',
      'extracted',
    ]);
    expect(at('summary')).toContain(SAID);
    expect(r.core.audit.list({ action: 'campaign.export' })).toHaveLength(1);

    // The workflow's SMS, queued once the extraction had finished, carries the fields.
    await r.core.workflows.run(r.ws, 'console');
    expect(r.sms.messages).toHaveLength(1);
    expect(r.sms.messages[0]?.to).toBe(number);
    expect(r.sms.messages[0]?.body).toMatch(
      /^Hi Lead0, see you at 2026-12-12T15:00:00Z \(interest: high\)\. summary: Agent: Hi, Acme Dental here\./,
    );
  });
});
