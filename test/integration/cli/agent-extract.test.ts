/**
 * `switchboard agent extract set|show|clear` and `calls extract`, against the Anthropic simulator: a
 * schema set from --field flags or a file, refused in one line when it is not valid (exit 2, nothing
 * changed), shown as a table or JSON, and calls extracted again after it changed — one call, or every
 * answered call of the agent — with `calls show --json` carrying the result and its schema version.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { originEnvName } from '../../../electron/core/providers/origin';
import { startAnthropicSim } from '../../sim/ai';
import type { ProviderSim } from '../../sim/server';
import type { AnthropicState } from '../../sim/ai';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { cliLines } from '../../helpers/cli';

describe('switchboard agent extract and calls extract', () => {
  let dir: string;
  let cleanup: () => void;
  let anthropic: ProviderSim<AnthropicState>;
  const keyStore = memoryKeyStore();
  const calls = { booked: '', vague: '', unanswered: '' };
  const dataDir = () => join(dir, 'data');
  const env = () => ({ SWITCHBOARD_DATA_DIR: dataDir(), [originEnvName('anthropic')]: anthropic.url });

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    anthropic = await startAnthropicSim();
    // The runner writes calls through the core; the CLI reads them from the same data folder.
    const core = createCore({ dataDir: dataDir(), actor: 'system', keyStore, autoLockMs: 0, env: env() });
    await core.start();
    const ws = core.workspaces.create({ name: 'Acme' }, 'cli').id;
    const key = core.credentials.add({ workspaceId: ws, provider: 'anthropic', fields: { apiKey: anthropic.state.apiKey } }, 'cli');
    await core.checks.test(key.id, 'cli');
    const agent = core.agents.create(ws, { name: 'Asha', systemPrompt: 'You book site visits for Acme Realty.' }, 'cli');
    const call = (lines: readonly (readonly ['agent' | 'caller', string])[], answered = true): string => {
      const c = core.calls.create(
        { workspaceId: ws, agentId: agent.id, agentName: agent.name, to: '+919812345678', from: '+14155550100', carrier: 'twilio' },
        'system',
      );
      if (answered) core.calls.update(c.id, { state: 'in-progress' });
      for (const [speaker, text] of lines) core.calls.appendTranscript(c.id, { speaker, text });
      core.calls.finish(c.id, { outcome: answered ? 'interested' : 'no_answer', reason: null, durationSeconds: null }, 'system');
      return c.id;
    };
    calls.booked = call([
      ['agent', 'Hello, this is Asha from Acme Realty. Do you have a minute?'],
      ['caller', 'Yes. Visit time is 2026-12-12T10:00:00+05:30, and budget is 85 lakh.'],
    ]);
    calls.vague = call([['caller', 'Call me later, I am busy.']]);
    calls.unanswered = call([], false);
    core.close();
  });
  afterAll(async () => {
    await anthropic.close();
    cleanup();
  });

  const cli = cliLines(() => ({ env: env(), keyStore }));

  it('refuses a bad schema with one line and exit 2, and changes nothing', async () => {
    const refused = async (args: string[], sentence: string | RegExp): Promise<void> => {
      const r = await cli(['agent', 'extract', 'set', 'Acme', 'Asha', ...args]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(typeof sentence === 'string' ? `switchboard: ${sentence}` : sentence);
    };
    await refused(
      ['--field', 'visit_time'],
      'Write each --field as name:type:description, like appointment_time:datetime:When the visit is booked.',
    );
    await refused(['--field', 'Visit Time:datetime:When.'], /^switchboard: Field 1 \(Visit Time\): A field name is snake_case/);
    await refused(['--field', 'level:enum(hot):How keen.'], 'Field 1 (level): An enum field lists at least two values.');
    await refused(['--field', 'visit_time:date:When.'], /^switchboard: Field 1 \(visit_time\): A field’s type is one of /);
    await refused(['--field', 'visit_time:datetime:When.', '--required', 'budget'], '--required names budget, which no --field defines.');
    await refused([], /^switchboard: Give the fields with --field/);
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"fields": [');
    await refused(['--file', file], /^switchboard: The schema file is not JSON/);
    const show = await cli(['agent', 'extract', 'show', 'Acme', 'Asha', '--json']);
    expect(show).toMatchObject({ code: 0, out: 'null' });
  });

  it('sets, shows and clears a schema from --field flags or a file', async () => {
    const set = await cli([
      'agent',
      'extract',
      'set',
      'Acme',
      'Asha',
      '--field',
      'visit_time:datetime:When the site visit is booked: the date and time.',
      '--field',
      'budget:number:Their budget in lakh rupees.',
      '--required',
      'visit_time',
    ]);
    expect(set.code).toBe(0);
    expect(set.out.split('\n')[0]).toBe('Asha extracts a summary and 2 fields (schema version 1).');
    expect(set.out).toMatch(/visit_time\s+datetime\s+yes\s+When the site visit is booked: the date and time\./);
    const shown = JSON.parse((await cli(['agent', 'extract', 'show', 'Acme', 'Asha', '--json'])).out) as {
      version: number;
      fields: unknown[];
    };
    expect(shown).toMatchObject({
      version: 1,
      fields: [
        { name: 'visit_time', type: 'datetime', required: true, description: 'When the site visit is booked: the date and time.' },
        { name: 'budget', type: 'number', required: false },
      ],
    });
    expect((await cli(['agent', 'extract', 'clear', 'Acme', 'Asha'])).out).toBe('Asha no longer extracts fields from its calls.');
    expect((await cli(['agent', 'extract', 'show', 'Acme', 'Asha'])).out).toMatch(/^Asha extracts nothing from its calls/);
    const file = join(dir, 'schema.json');
    writeFileSync(
      file,
      JSON.stringify({
        fields: [
          { name: 'visit_time', type: 'datetime', description: 'When the site visit is booked.', required: true },
          { name: 'budget', type: 'number', description: 'Their budget in lakh rupees.' },
        ],
      }),
    );
    const fromFile = await cli(['agent', 'extract', 'set', 'Acme', 'Asha', '--file', file, '--json']);
    // Cleared then set again: the version counts on, so results of version 1 are never mistaken for these.
    expect(JSON.parse(fromFile.out)).toMatchObject({ version: 2, fields: [{ name: 'visit_time' }, { name: 'budget' }] });
  });

  it('extracts one call again, shows it in calls show --json, and re-runs every answered call of the agent after a change', async () => {
    const one = await cli(['calls', 'extract', 'Acme', calls.booked]);
    expect(one).toMatchObject({ code: 0, out: `Call ${calls.booked}: extracted (schema version 2).` });
    const shown = JSON.parse((await cli(['calls', 'show', 'Acme', calls.booked, '--json'])).out) as { extraction: unknown };
    expect(shown.extraction).toMatchObject({
      state: 'extracted',
      schemaVersion: 2,
      values: { visit_time: '2026-12-12T10:00:00+05:30', budget: 85 },
      summary: expect.stringMatching(/^summary: /),
    });
    const human = (await cli(['calls', 'show', 'Acme', calls.booked])).out;
    expect(human).toContain('  Extracted (schema version 2, claude-haiku-4-5):');
    expect(human).toContain('    visit_time: 2026-12-12T10:00:00+05:30');

    await cli(['agent', 'extract', 'set', 'Acme', 'Asha', '--field', 'budget:number:Their budget in lakh rupees.', '--required', 'budget']);
    const all = await cli(['calls', 'extract', 'Acme', '--agent', 'Asha', '--json']);
    expect(all.code).toBe(0);
    const lines = JSON.parse(all.out) as { callId: string; extraction: { state: string; schemaVersion: number; reason?: string } }[];
    // The unanswered call is not one of them.
    expect(lines.map((l) => l.callId)).toEqual([calls.booked, calls.vague]);
    expect(lines[0]?.extraction).toMatchObject({ state: 'extracted', schemaVersion: 3, values: { budget: 85 } });
    expect(lines[1]?.extraction).toEqual(
      expect.objectContaining({
        state: 'not_extracted',
        schemaVersion: 3,
        reason: 'Claude left the required field budget empty: the call did not settle it.',
      }),
    );
    const text = (await cli(['calls', 'show', 'Acme', calls.vague])).out;
    expect(text).toContain('  Not extracted (schema version 3): Claude left the required field budget empty: the call did not settle it.');
  });

  it('refuses a re-run of an unanswered call, and a command that names both a call and an agent', async () => {
    expect(await cli(['calls', 'extract', 'Acme', calls.unanswered])).toMatchObject({
      code: 2,
      err: 'switchboard: This call was not answered, so there is nothing to extract.',
    });
    expect(await cli(['calls', 'extract', 'Acme', calls.booked, '--agent', 'Asha'])).toMatchObject({
      code: 2,
      err: 'switchboard: Name one call to extract, or pass --agent to extract every answered call of an agent.',
    });
  });
});
