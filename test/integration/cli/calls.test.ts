import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { cliLines } from '../../helpers/cli';

describe('switchboard calls', () => {
  let dir: string;
  let cleanup: () => void;
  const keyStore = memoryKeyStore();
  const ids: { first: string; second: string; other: string } = { first: '', second: '', other: '' };
  const dataDir = () => join(dir, 'data');

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    let t = Date.parse('2026-03-10T09:00:00.000Z');
    // The runner writes calls through the core; the CLI reads them from the same data folder.
    const core = createCore({ dataDir: dataDir(), actor: 'system', keyStore, autoLockMs: 0, now: () => new Date(t) });
    await core.start();
    const acme = core.workspaces.create({ name: 'Acme' }, 'cli').id;
    const beta = core.workspaces.create({ name: 'Beta' }, 'cli').id;
    const call = (workspaceId: string) =>
      core.calls.create(
        { workspaceId, agentId: null, agentName: 'Asha', to: '+919812345678', from: '+14155550100', carrier: 'twilio' },
        'system',
      );
    const first = call(acme);
    core.calls.update(first.id, { state: 'in-progress', carrierCallId: 'CA-cli-1' });
    core.calls.appendTranscript(first.id, {
      speaker: 'agent',
      text: 'Hello, this is Asha from Acme. Do you have a minute?',
      interrupted: true,
    });
    core.calls.appendTranscript(first.id, { speaker: 'caller', text: 'Yes, tell me about the flat.' });
    core.calls.recordEvent(first.id, {
      kind: 'tool',
      name: 'flat_details',
      ok: true,
      durationMs: 412,
      detail: { input: { flat: 'B-12' }, answer: '{"rooms":2}' },
    });
    core.calls.recordEvent(first.id, {
      kind: 'transfer',
      name: 'Sales desk',
      ok: true,
      durationMs: 18_250,
      detail: { mode: 'warm', result: 'connected', summary: 'Wants a site visit.', legSeconds: 70 },
    });
    t += 75_000;
    core.calls.finish(first.id, { outcome: 'interested', reason: 'Wants a site visit on Saturday.', durationSeconds: null }, 'system');
    t += 60_000;
    const second = call(acme);
    const other = call(beta);
    Object.assign(ids, { first: first.id, second: second.id, other: other.id });
    core.close();
  });
  afterAll(() => cleanup());

  const cli = cliLines(() => ({ env: { SWITCHBOARD_DATA_DIR: dataDir() }, keyStore }));

  it('lists a workspace’s calls newest first, as a table or JSON', async () => {
    const listed = await cli(['calls', 'list', 'Acme']);
    expect(listed.code).toBe(0);
    const lines = listed.out.split('\n');
    expect(lines[0]).toMatch(/^PLACED\s+ID\s+AGENT\s+TO\s+STATE\s+OUTCOME\s+DURATION$/);
    expect(lines[1]).toMatch(new RegExp(`^2026-03-10 09:02 UTC\\s+${ids.second}\\s+Asha\\s+\\+919812345678\\s+queued\\s+—\\s+—$`));
    expect(lines[2]).toMatch(
      new RegExp(`^2026-03-10 09:00 UTC\\s+${ids.first}\\s+Asha\\s+\\+919812345678\\s+ended\\s+interested\\s+1m 15s$`),
    );
    expect(lines).toHaveLength(3);
    const json = JSON.parse((await cli(['calls', 'list', 'Acme', '--json'])).out) as { id: string; transcript?: unknown }[];
    expect(json.map((c) => c.id)).toEqual([ids.second, ids.first]);
    expect(json[1]).not.toHaveProperty('transcript');
    expect((await cli(['calls', 'list', 'Beta', '--limit', '1', '--json'])).out).toContain(ids.other);
    expect(await cli(['calls', 'list', 'Acme', '--limit', 'lots'])).toMatchObject({
      code: 2,
      err: 'switchboard: The limit is a whole number of calls, like 50.',
    });
  });

  it('shows a call with its transcript as agent and caller lines', async () => {
    const shown = await cli(['calls', 'show', 'Acme', ids.first]);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('  Outcome: interested — Wants a site visit on Saturday.');
    expect(shown.out).toContain('Duration: 1m 15s');
    expect(shown.out).toContain(
      'agent: Hello, this is Asha from Acme. Do you have a minute? [cut off]\ncaller: Yes, tell me about the flat.',
    );
    expect(shown.out).toContain('What the agent did:');
    expect(shown.out).toMatch(/1\s+tool\s+flat_details\s+✓ ok\s+412 ms/);
    expect(shown.out).toMatch(/2\s+transfer\s+Sales desk\s+✓ warm connected\s+18250 ms/);
    const json = JSON.parse((await cli(['calls', 'show', 'Acme', ids.first, '--json'])).out) as {
      transcript: { speaker: string; text: string }[];
      events: unknown[];
    };
    expect(json.events).toEqual([
      {
        seq: 1,
        at: '2026-03-10T09:00:00.000Z',
        kind: 'tool',
        name: 'flat_details',
        ok: true,
        durationMs: 412,
        detail: { input: { flat: 'B-12' }, answer: '{"rooms":2}' },
      },
      {
        seq: 2,
        at: '2026-03-10T09:00:00.000Z',
        kind: 'transfer',
        name: 'Sales desk',
        ok: true,
        durationMs: 18250,
        detail: { mode: 'warm', result: 'connected', summary: 'Wants a site visit.', legSeconds: 70 },
      },
    ]);
    expect(json.transcript.map((l) => `${l.speaker}: ${l.text}`)).toEqual([
      'agent: Hello, this is Asha from Acme. Do you have a minute?',
      'caller: Yes, tell me about the flat.',
    ]);
    expect(await cli(['calls', 'show', 'Beta', ids.first])).toMatchObject({ code: 2, err: 'switchboard: Beta has no call with that id.' });
  });

  it('exports a call to an owner-only file', async () => {
    const file = join(dir, 'call.json');
    expect((await cli(['calls', 'export', 'Acme', ids.first, '--out', file])).code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      format: string;
      call: { id: string };
      transcript: unknown[];
      events: unknown[];
    };
    expect(doc).toMatchObject({ format: 'switchboard.call/2', call: { id: ids.first } });
    expect(doc.transcript).toHaveLength(2);
    expect(doc.events).toHaveLength(2);
    expect(doc.call).not.toHaveProperty('events');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await cli(['calls', 'export', 'Acme', ids.first, '--out', join(dir, 'missing', 'call.json')])).toMatchObject({
      code: 2,
      err: 'switchboard: The export file could not be written; check that its folder exists and is writable.',
    });
  });

  it('deletes a call only with --yes', async () => {
    expect(await cli(['calls', 'delete', 'Acme', ids.second])).toMatchObject({
      code: 2,
      err: expect.stringContaining('run again with --yes'),
    });
    expect((await cli(['calls', 'list', 'Acme', '--json'])).out).toContain(ids.second);
    expect(await cli(['calls', 'delete', 'Acme', 'no-such-call', '--yes'])).toMatchObject({
      code: 2,
      err: 'switchboard: Acme has no call with that id.',
    });
    expect(await cli(['calls', 'delete', 'Acme', ids.second, '--yes'])).toMatchObject({
      code: 0,
      out: `Deleted call ${ids.second} and its transcript.`,
    });
    expect((await cli(['calls', 'list', 'Acme', '--json'])).out).not.toContain(ids.second);
  });
});
