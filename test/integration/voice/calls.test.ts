/**
 * The calls store on a real SQLite file and vault: transcripts sealed per line, state that only
 * moves forward, one end per call, metering that reaches the usage dashboards and billing with
 * the right key owner, export, delete, and calls of one workspace invisible from another.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../../../shared/providers/types';
import type { CallMeter } from '../../../electron/core/voice/calls/calls';
import { addVoiceKeys, makeSimCore, startOnboardingSims, type OnboardingSims, type TestCore } from '../../helpers/voice';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const CANARY = 'the blue heron sings at midnight 7Q4Z';
const START = Date.parse('2026-03-10T09:00:00.000Z');

describe('calls store', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let t = START;
  const tick = (seconds: number): void => void (t += seconds * 1000);
  let acme: string;
  let beta: string;

  beforeAll(async () => {
    sims = await startOnboardingSims();
    core = await makeSimCore(sims, { now: () => new Date(t) });
    acme = core.workspaces.create({ name: 'Acme' }, 'console').id;
    beta = core.workspaces.create({ name: 'Beta' }, 'console').id;
    core.workspaces.setFallback(beta, true, 'console');
    await addVoiceKeys(core, sims, core.workspaces.agency().id);
    await addVoiceKeys(core, sims, acme);
  });
  afterAll(async () => {
    core.dispose();
    await sims.close();
  });

  const newCall = (workspaceId: string, extra: { campaignId?: string; test?: boolean } = {}) =>
    core.calls.create(
      { workspaceId, agentId: null, agentName: 'Asha', to: '+919812345678', from: '+14155550100', carrier: 'twilio', ...extra },
      'console',
    );

  /** What a three-minute call meters, on the keys resolution picks for the workspace. */
  const meterOf = (workspaceId: string): CallMeter[] => {
    const key = (capability: Capability) => {
      const d = core.resolver.describe(workspaceId, capability);
      if (!d) throw new Error(`no ${capability} key`);
      return { provider: d.provider, credentialId: d.credentialId, owner: d.owner };
    };
    return [
      { ...key('voice-carrier'), unit: 'minutes', amount: 3 },
      { ...key('stt'), unit: 'minutes', amount: 2 },
      { ...key('tts'), unit: 'characters', amount: 1200 },
      { ...key('llm'), unit: 'tokens', amount: 4000 },
      { ...key('llm'), unit: 'requests', amount: 0 },
    ];
  };

  it('keeps transcript lines only as ciphertext: the canary is in no file of the data folder', () => {
    const call = newCall(acme);
    core.calls.appendTranscript(call.id, { speaker: 'agent', text: `Hello, ${CANARY}.` });
    core.calls.appendTranscript(call.id, { speaker: 'caller', text: CANARY, interrupted: false });
    core.calls.appendTranscript(call.id, { speaker: 'agent', text: '   ' });
    const rows = core.db
      .prepare('SELECT typeof(ciphertext) AS kind, length(ciphertext) AS n FROM call_transcript WHERE call_id = ?')
      .all(call.id) as { kind: string; n: number }[];
    expect(rows).toEqual([
      { kind: 'blob', n: expect.any(Number) },
      { kind: 'blob', n: expect.any(Number) },
    ]);
    const files = filesUnder(core.dataDir);
    expect(files.some((f) => f.endsWith('switchboard.db'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(bytes.includes(Buffer.from('blue heron')), f).toBe(false);
      expect(bytes.includes(Buffer.from('blue heron', 'utf16le')), f).toBe(false);
    }
    expect(core.calls.get(acme, call.id).transcript.map((l) => [l.seq, l.speaker, l.text])).toEqual([
      [1, 'agent', `Hello, ${CANARY}.`],
      [2, 'caller', CANARY],
    ]);
  });

  it('still opens a transcript after the master key is rotated', async () => {
    const call = newCall(acme);
    core.calls.appendTranscript(call.id, { speaker: 'caller', text: 'Call me on Friday.' });
    await core.vault.rotateMasterKey({});
    core.calls.appendTranscript(call.id, { speaker: 'agent', text: 'Friday it is.' });
    expect(core.calls.get(acme, call.id).transcript.map((l) => l.text)).toEqual(['Call me on Friday.', 'Friday it is.']);
  });

  it('refuses to open transcript lines whose ciphertexts were swapped on disk', () => {
    const call = newCall(acme);
    core.calls.appendTranscript(call.id, { speaker: 'agent', text: 'Are you free on Tuesday?' });
    core.calls.appendTranscript(call.id, { speaker: 'agent', text: 'Great, I will book it.' });
    const [a, b] = core.db.prepare('SELECT seq, ciphertext FROM call_transcript WHERE call_id = ? ORDER BY seq').all(call.id) as {
      seq: number;
      ciphertext: Buffer;
    }[];
    const set = core.db.prepare('UPDATE call_transcript SET ciphertext = ? WHERE call_id = ? AND seq = ?');
    set.run(b!.ciphertext, call.id, a!.seq);
    set.run(a!.ciphertext, call.id, b!.seq);
    expect(() => core.calls.get(acme, call.id)).toThrow(
      expect.objectContaining({ code: 'TAMPERED', message: "Line 1 of this call's transcript was altered on disk and cannot be opened." }),
    );
    // Relabelling who spoke is tampering too.
    set.run(a!.ciphertext, call.id, a!.seq);
    set.run(b!.ciphertext, call.id, b!.seq);
    core.db.prepare("UPDATE call_transcript SET speaker = 'caller' WHERE call_id = ? AND seq = 2").run(call.id);
    expect(() => core.calls.get(acme, call.id)).toThrow(expect.objectContaining({ code: 'TAMPERED' }));
  });

  it('moves state only forward and ignores callbacks that arrive late', () => {
    const call = newCall(acme);
    expect(call.state).toBe('queued');
    expect(core.calls.update(call.id, { state: 'ringing', carrierCallId: 'CA-forward-1' }).state).toBe('ringing');
    expect(core.calls.update(call.id, { state: 'dialing' }).state).toBe('ringing');
    tick(5);
    const live = core.calls.update(call.id, { state: 'in-progress' });
    expect(live).toMatchObject({ state: 'in-progress', answeredAt: new Date(t).toISOString(), carrierCallId: 'CA-forward-1' });
    expect(core.calls.update(call.id, { state: 'queued', answeredAt: '2026-03-10T08:00:00Z' })).toEqual(live);
    expect(core.calls.byCarrierId('CA-forward-1')?.id).toBe(call.id);
    expect(core.calls.byCarrierId('CA-nobody')).toBeNull();
    expect(() => core.calls.update(call.id, { carrierCallId: 'CA-other' })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    const other = newCall(acme);
    expect(() => core.calls.update(other.id, { carrierCallId: 'CA-forward-1' })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => core.calls.update(other.id, { state: 'over' as 'ended' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(core.calls.get(acme, other.id).state).toBe('queued');
  });

  it('finishes a call once: the second finish returns the first result and audits nothing', () => {
    const call = newCall(acme);
    core.calls.update(call.id, { state: 'in-progress' });
    tick(42);
    const first = core.calls.finish(
      call.id,
      { outcome: 'callback', reason: 'Asked to be called after six.', durationSeconds: null },
      'system',
    );
    expect(first).toMatchObject({
      state: 'ended',
      outcome: 'callback',
      reason: 'Asked to be called after six.',
      durationSeconds: 42,
      endedAt: new Date(t).toISOString(),
    });
    tick(10);
    expect(core.calls.finish(call.id, { outcome: 'failed', reason: null, durationSeconds: 1 }, 'system')).toEqual(first);
    expect(core.calls.update(call.id, { state: 'ringing' })).toEqual(first);
    const ends = core.audit.list({ action: 'call.end' }).filter((e) => e.target === call.id);
    expect(ends.map((e) => e.detail)).toEqual([{ outcome: 'callback', durationSeconds: 42 }]);
    expect(() => core.calls.finish(call.id, { outcome: 'maybe' as 'busy', reason: null, durationSeconds: null }, 'system')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    // The carrier's billed duration, arriving after the end, replaces the estimate.
    expect(core.calls.update(call.id, { durationSeconds: 44 })).toEqual({ ...first, durationSeconds: 44 });
    expect(() => core.calls.update(call.id, { durationSeconds: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('meters a call into call_usage, the usage summary and the billing CSV, by whose key paid', () => {
    const before = { acme: core.usage.summary(acme), beta: core.usage.summary(beta) };
    const own = newCall(acme);
    const fallback = newCall(beta);
    core.calls.meter(own.id, meterOf(acme));
    core.calls.meter(fallback.id, meterOf(beta));
    core.calls.meter(fallback.id, [{ ...meterOf(beta)[0]!, amount: 1 }]);

    const view = core.calls.get(acme, own.id);
    expect(view.usage.map((u) => [u.provider, u.owner, u.unit, u.amount])).toEqual([
      ['anthropic', 'own', 'tokens', 4000],
      ['cartesia', 'own', 'characters', 1200],
      ['deepgram', 'own', 'minutes', 2],
      ['twilio', 'own', 'minutes', 3],
    ]);
    // Catalog prices: Twilio $0.014/min, Deepgram $0.0077/min, Cartesia $0.00004/char, Anthropic $0.000006/token.
    expect(view.usage.map((u) => u.costUsd)).toEqual([0.024, 0.048, 0.0154, 0.042]);
    expect(view.cost.totalUsd).toBeCloseTo(0.1294, 6);
    expect(view.cost).toEqual({ totalUsd: view.cost.totalUsd, ownUsd: view.cost.totalUsd, agencyUsd: 0 });
    const betaView = core.calls.get(beta, fallback.id);
    expect(betaView.usage.find((u) => u.provider === 'twilio')).toMatchObject({ owner: 'agency', amount: 4 });
    expect(betaView.cost.ownUsd).toBe(0);

    const twilio = (s: ReturnType<TestCore['usage']['summary']>) => s.byProvider.find((p) => p.provider === 'twilio')!;
    expect(twilio(core.usage.summary(acme)).minutes - twilio(before.acme).minutes).toBe(3);
    expect(twilio(core.usage.summary(acme)).ownCost).toBeGreaterThan(twilio(before.acme).ownCost);
    expect(twilio(core.usage.summary(beta)).minutes - twilio(before.beta).minutes).toBe(4);
    expect(twilio(core.usage.summary(beta)).agencyCost).toBe(0.056);

    const csv = core.usage.billingCsv('2026-03').split('\n');
    expect(csv[0]).toBe('month,workspace_id,workspace,provider,key_owner,requests,messages,minutes,characters,tokens,estimated_cost_usd');
    expect(csv).toContain(`2026-03,${acme},Acme,twilio,own,0,0,3,0,0,0.0420`);
    expect(csv).toContain(`2026-03,${beta},Beta,twilio,agency,0,0,4,0,0,0.0560`);
    expect(csv).toContain(`2026-03,${beta},Beta,deepgram,agency,0,0,2,0,0,0.0154`);
    expect(csv).toContain(`2026-03,${acme},Acme,anthropic,own,0,0,0,0,4000,0.0240`);
  });

  it('meters all or nothing: one bad entry records none of them', () => {
    const call = newCall(acme);
    const entries = meterOf(acme);
    const total = () => core.usage.summary(acme).byProvider.find((p) => p.provider === 'cartesia')!.characters;
    const before = total();
    // Acme's own key said to be the agency's.
    expect(() => core.calls.meter(call.id, [entries[2]!, { ...entries[0]!, owner: 'agency' }])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => core.calls.meter(call.id, [entries[2]!, { ...entries[3]!, amount: 1.5 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(total()).toBe(before);
    expect(core.calls.get(acme, call.id).usage).toEqual([]);
  });

  it('exports a call as one JSON document: call, transcript, usage and cost', () => {
    const call = newCall(acme, { campaignId: 'cmp-1', test: true });
    core.calls.update(call.id, { state: 'in-progress', carrierCallId: 'CA-export-1' });
    core.calls.appendTranscript(call.id, {
      speaker: 'agent',
      text: 'Hello, this is Asha from Acme.',
      interrupted: true,
      at: new Date(START + 1000),
    });
    core.calls.appendTranscript(call.id, { speaker: 'caller', text: 'Yes, go on.' });
    core.calls.meter(call.id, meterOf(acme).slice(0, 1));
    core.calls.finish(call.id, { outcome: 'interested', reason: 'Wants a site visit on Saturday.', durationSeconds: 61 }, 'console');
    const doc = JSON.parse(JSON.stringify(core.calls.export(acme, call.id, 'console'))) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['format', 'exportedAt', 'call', 'transcript', 'events', 'usage', 'cost', 'extraction']);
    // The agent extracts nothing: the document says so rather than leaving the field out.
    expect(doc.extraction).toBeNull();
    expect(doc).toMatchObject({
      format: 'switchboard.call/2',
      call: {
        id: call.id,
        workspaceId: acme,
        agentName: 'Asha',
        campaignId: 'cmp-1',
        test: true,
        carrier: 'twilio',
        carrierCallId: 'CA-export-1',
        outcome: 'interested',
        durationSeconds: 61,
        state: 'ended',
      },
      transcript: [
        { seq: 1, speaker: 'agent', at: new Date(START + 1000).toISOString(), text: 'Hello, this is Asha from Acme.', interrupted: true },
        { seq: 2, speaker: 'caller', text: 'Yes, go on.', interrupted: false },
      ],
      usage: [{ provider: 'twilio', owner: 'own', unit: 'minutes', amount: 3, costUsd: 0.042 }],
      cost: { totalUsd: 0.042, ownUsd: 0.042, agencyUsd: 0 },
    });
    expect(core.calls.list(acme, { campaignId: 'cmp-1' }).map((c) => c.id)).toEqual([call.id]);
    expect(core.audit.list({ action: 'call.export' })[0]).toMatchObject({ target: call.id, detail: { lines: 2 } });
  });

  it('lists newest first without transcripts', () => {
    tick(60);
    const a = newCall(beta);
    tick(1);
    const b = newCall(beta);
    const listed = core.calls.list(beta, { limit: 2 });
    expect(listed.map((c) => c.id)).toEqual([b.id, a.id]);
    expect(listed[0]).not.toHaveProperty('transcript');
    expect(() => core.calls.list(beta, { limit: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('deletes a call with its transcript and per-call usage, keeping the usage totals', () => {
    const call = newCall(acme);
    core.calls.appendTranscript(call.id, { speaker: 'caller', text: 'Please delete my number.' });
    core.calls.meter(call.id, meterOf(acme).slice(0, 1));
    const minutes = () => core.usage.summary(acme).byProvider.find((p) => p.provider === 'twilio')!.minutes;
    const before = minutes();
    core.calls.delete(acme, call.id, 'console');
    const count = (table: string) =>
      (core.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE call_id = ?`).get(call.id) as { n: number }).n;
    expect([count('call_transcript'), count('call_usage')]).toEqual([0, 0]);
    expect(core.calls.list(acme).some((c) => c.id === call.id)).toBe(false);
    expect(minutes()).toBe(before);
    expect(core.audit.list({ action: 'call.delete' })[0]).toMatchObject({ target: call.id, workspaceId: acme });
    expect(() => core.calls.get(acme, call.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it("deletes a campaign's calls together, and only that campaign's", () => {
    const [a, b] = [newCall(beta, { campaignId: 'cmp-gone' }), newCall(beta, { campaignId: 'cmp-gone' })];
    const stays = newCall(beta, { campaignId: 'cmp-stays' });
    core.calls.appendTranscript(a.id, { speaker: 'caller', text: 'Not now.' });
    expect(core.calls.deleteByCampaign(beta, 'cmp-gone', 'console')).toBe(2);
    expect(core.calls.list(beta, { campaignId: 'cmp-gone' })).toEqual([]);
    expect(core.calls.list(beta, { campaignId: 'cmp-stays' }).map((c) => c.id)).toEqual([stays.id]);
    expect(
      core.audit
        .list({ action: 'call.delete' })
        .slice(0, 2)
        .map((e) => e.target)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(core.calls.deleteByCampaign(acme, 'cmp-stays', 'console')).toBe(0);
  });

  it("answers NOT_FOUND for an unknown call and for another workspace's call, changing nothing", () => {
    const call = newCall(acme);
    core.calls.appendTranscript(call.id, { speaker: 'agent', text: 'Hello.' });
    for (const act of [
      () => core.calls.get(beta, call.id),
      () => core.calls.export(beta, call.id),
      () => core.calls.delete(beta, call.id, 'console'),
    ]) {
      expect(act).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'Beta has no call with that id.' }));
    }
    for (const act of [
      () => core.calls.update('nope', { state: 'ended' }),
      () => core.calls.appendTranscript('nope', { speaker: 'agent', text: 'x' }),
      () => core.calls.meter('nope', []),
    ]) {
      expect(act).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'There is no call with that id.' }));
    }
    expect(core.calls.get(acme, call.id).transcript).toHaveLength(1);
    expect(() =>
      core.calls.create(
        { workspaceId: acme, agentId: 'no-such-agent', agentName: 'Asha', to: '+919812345678', from: '+14155550100', carrier: 'twilio' },
        'console',
      ),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() =>
      core.calls.create(
        { workspaceId: acme, agentId: null, agentName: 'Asha', to: 'call me', from: '+14155550100', carrier: 'twilio' },
        'console',
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('keeps the agent name when the agent is deleted, and lists without the vault but opens only with it', async () => {
    const agent = core.agents.create(acme, { name: 'Ravi', systemPrompt: 'You call people who asked about flats in Pune.' }, 'console');
    const call = core.calls.create(
      { workspaceId: acme, agentId: agent.id, agentName: agent.name, to: '+919812345678', from: '+14155550100', carrier: 'exotel' },
      'console',
    );
    core.calls.appendTranscript(call.id, { speaker: 'agent', text: 'Namaste.' });
    core.agents.delete(acme, agent.id, 'console');
    core.vault.lock();
    try {
      expect(core.calls.list(acme)[0]).toMatchObject({ id: call.id, agentName: 'Ravi', carrier: 'exotel' });
      expect(() => core.calls.get(acme, call.id)).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
      expect(() => core.calls.appendTranscript(call.id, { speaker: 'caller', text: 'Hello?' })).toThrow(
        expect.objectContaining({ code: 'VAULT_LOCKED' }),
      );
    } finally {
      await core.start();
    }
    expect(core.calls.get(acme, call.id).transcript.map((l) => l.text)).toEqual(['Namaste.']);
  });
});
