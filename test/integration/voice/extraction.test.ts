/**
 * Structured results from calls against the Anthropic simulator: a call's transcript (sealed in the
 * calls store) filled into its agent's schema by a forced tool with the workspace's key, checked,
 * sealed with the call and metered to the key; re-runs after a schema change; and every way a call
 * ends up "not extracted", each with its one sentence.
 */
import Anthropic from '@anthropic-ai/sdk';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { ExtractionSchemaInput } from '../../../shared/extraction-schemas';
import { ManualClock } from '../../../electron/core/voice/clock';
import { extractionRequest, EXTRACTION_TOOL } from '../../../electron/core/voice/extraction/request';
import type { AnthropicState } from '../../sim/ai';
import type { ProviderSim } from '../../sim/server';
import { addChecked, makeSimCore, startOnboardingSims, type OnboardingSims, type TestCore } from '../../helpers/voice';

const APPOINTMENT: ExtractionSchemaInput = {
  fields: [{ name: 'appointment_time', type: 'datetime', description: 'When the check-up is booked.', required: true }],
};
const WITH_INTEREST: ExtractionSchemaInput = {
  fields: [
    ...APPOINTMENT.fields,
    { name: 'interest', type: 'enum', values: ['high', 'medium', 'low'], description: 'How keen the patient sounded.' },
    { name: 'party_size', type: 'number', description: 'How many people will come.' },
    { name: 'wants_reminder', type: 'boolean', description: 'Whether they want a reminder text.' },
  ],
};
const BOOKED = [
  ['agent', 'Hi, this is Ava from Acme Dental. Do you have a minute?'],
  ['caller', 'Yes. My appointment time is 2026-12-12T10:00:00Z, my interest is high.'],
  ['agent', 'Lovely. And how many of you are coming?'],
  ['caller', 'Party size is 3, and wants reminder: yes please.'],
  ['agent', 'Booked. Goodbye!'],
] as const;

describe('extracting a call’s fields with Claude', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let ws: string;
  let anthropic: ProviderSim<AnthropicState>;
  const clock = new ManualClock();

  beforeAll(async () => {
    sims = await startOnboardingSims();
    anthropic = sims.byId.anthropic as ProviderSim<AnthropicState>;
    core = await makeSimCore(sims, { extraction: { clock } });
    ws = core.workspaces.create({ name: 'Acme Dental', defaultCountry: 'US' }, 'console').id;
    await addChecked(core, sims, ws, 'anthropic');
    core.agents.create(ws, { name: 'Ava', systemPrompt: 'You book dental check-ups.' }, 'console');
  });
  afterAll(async () => {
    core.dispose();
    await sims.close();
  });
  beforeEach(() => {
    anthropic.clearRequests();
    anthropic.setFault(null);
  });

  /** A finished, answered call of an agent with these lines in its sealed transcript. */
  function call(lines: readonly (readonly ['agent' | 'caller', string])[], workspaceId = ws, agent = 'Ava'): string {
    const a = core.agents.get(workspaceId, agent);
    const c = core.calls.create(
      { workspaceId, agentId: a.id, agentName: a.name, to: '+14155550100', from: '+15005550006', carrier: 'twilio' },
      'console',
    );
    core.calls.update(c.id, { state: 'in-progress' });
    for (const [speaker, text] of lines) core.calls.appendTranscript(c.id, { speaker, text });
    core.calls.finish(c.id, { outcome: 'interested', reason: 'Booked.', durationSeconds: 40 }, 'console');
    return c.id;
  }

  it('fills the schema from the transcript, seals it with the call and meters the tokens to the key that paid', async () => {
    const schema = core.agentExtraction.set(ws, 'Ava', WITH_INTEREST, 'console');
    const id = call(BOOKED);
    const result = await core.extractor.rerun(ws, id, 'console');
    expect(result).toMatchObject({
      state: 'extracted',
      schemaVersion: schema.version,
      model: 'claude-haiku-4-5',
      values: { appointment_time: '2026-12-12T10:00:00Z', interest: 'high', party_size: 3, wants_reminder: true },
    });
    // The simulator's stand-in for the model's own prose (anthropic-tools.ts, rule 2).
    expect(result.state === 'extracted' && result.summary).toMatch(/^summary: Agent: Hi, this is Ava from Acme Dental\./);

    // One forced tool, its input schema the agent's fields with the summary, the agent's model.
    const sent = JSON.parse(anthropic.requests.at(-1)?.body ?? '{}') as {
      model: string;
      tool_choice: unknown;
      tools: { name: string; input_schema: { required: string[]; properties: Record<string, unknown> } }[];
    };
    expect(sent.model).toBe('claude-haiku-4-5');
    expect(sent.tool_choice).toEqual({ type: 'tool', name: 'record_call_results', disable_parallel_tool_use: true });
    expect(sent.tools[0]?.input_schema.required).toEqual(['summary', 'appointment_time']);
    expect(sent.tools[0]?.input_schema.properties.interest).toMatchObject({ type: 'string', enum: ['high', 'medium', 'low'] });
    expect(anthropic.state.stream.refused).toEqual([]);

    const view = core.calls.get(ws, id);
    expect(view.extraction).toEqual(result);
    const tokens = view.usage.find((u) => u.provider === 'anthropic' && u.unit === 'tokens');
    expect(tokens).toMatchObject({ owner: 'own' });
    expect(tokens?.amount).toBeGreaterThan(0);
    expect(core.calls.export(ws, id).extraction).toEqual(result);

    // Sealed: neither the summary nor a value is on disk as text, and the audit row names no value.
    const db = new Database(join(core.dataDir, 'switchboard.db'), { readonly: true });
    const raw = db.prepare('SELECT ciphertext FROM call_extractions WHERE call_id = ?').get(id) as { ciphertext: Buffer };
    db.close();
    expect(raw.ciphertext.toString('latin1')).not.toMatch(/2026-12-12|Acme Dental|high/);
    const audit = core.audit.list({ workspaceId: ws }).find((e) => e.action === 'call.extract');
    expect(audit?.detail).toEqual({ state: 'extracted', schemaVersion: schema.version });
  });

  it('re-runs past calls with the new schema after it changes, and says which version each result used', async () => {
    core.agentExtraction.set(ws, 'Ava', APPOINTMENT, 'console');
    const id = call(BOOKED);
    const first = await core.extractor.rerun(ws, id, 'console');
    const v1 = core.agentExtraction.show(ws, 'Ava')?.version ?? 0;
    expect(first).toMatchObject({ state: 'extracted', schemaVersion: v1, values: { appointment_time: '2026-12-12T10:00:00Z' } });
    expect(first.state === 'extracted' && Object.keys(first.values)).toEqual(['appointment_time']);

    const v2 = core.agentExtraction.set(ws, 'Ava', WITH_INTEREST, 'console').version;
    expect(v2).toBe(v1 + 1);
    // An unchanged schema keeps its version.
    expect(core.agentExtraction.set(ws, 'Ava', WITH_INTEREST, 'console').version).toBe(v2);
    const again = await core.extractor.rerun(ws, id, 'console');
    expect(again).toMatchObject({ state: 'extracted', schemaVersion: v2, values: { interest: 'high', party_size: 3 } });

    const lines = await core.extractor.rerunAgent(ws, 'Ava', '2000-01-01T00:00:00Z', 'console');
    expect(lines.map((l) => l.extraction.schemaVersion)).toEqual(lines.map(() => v2));
    expect(lines.map((l) => l.callId)).toContain(id);
  });

  it('records "not extracted" with its reason when the transcript does not settle a required field', async () => {
    core.agentExtraction.set(ws, 'Ava', APPOINTMENT, 'console');
    const id = call([
      ['agent', 'Hi, this is Ava from Acme Dental. Do you have a minute?'],
      ['caller', 'Not really, I am driving. Maybe another time.'],
    ]);
    const result = await core.extractor.rerun(ws, id, 'console');
    expect(result).toMatchObject({
      state: 'not_extracted',
      reason: 'Claude left the required field appointment_time empty: the call did not settle it.',
    });
    expect(core.calls.get(ws, id).extraction).toEqual(result);
    // The request was made and paid for.
    expect(core.calls.get(ws, id).usage.some((u) => u.unit === 'tokens' && u.amount > 0)).toBe(true);
  });

  it('asks nothing of Claude when the caller said nothing', async () => {
    core.agentExtraction.set(ws, 'Ava', APPOINTMENT, 'console');
    const id = call([['agent', 'Hi, this is Ava from Acme Dental. Do you have a minute?']]);
    const result = await core.extractor.rerun(ws, id, 'console');
    expect(result).toMatchObject({ state: 'not_extracted', reason: 'The caller said nothing, so there was nothing to extract.' });
    expect(anthropic.requests.filter((r) => r.path === '/v1/messages')).toEqual([]);
  });

  it('says so when Claude declines, Anthropic fails, or no key can pay', async () => {
    core.agentExtraction.set(ws, 'Ava', APPOINTMENT, 'console');
    const id = call(BOOKED);
    anthropic.state.tools.declineNext = 1;
    expect(await core.extractor.rerun(ws, id, 'console')).toMatchObject({
      state: 'not_extracted',
      reason: 'Claude declined to fill the fields for this call (a refusal), so nothing was extracted.',
    });
    anthropic.setFault({ kind: 'server-error', status: 500 }, { times: 1 });
    expect(await core.extractor.rerun(ws, id, 'console')).toMatchObject({
      state: 'not_extracted',
      reason: 'Anthropic answered HTTP 500, so nothing was extracted.',
    });
    anthropic.setFault({ kind: 'unauthorized' }, { times: 1 });
    expect(await core.extractor.rerun(ws, id, 'console')).toMatchObject({
      reason: 'Anthropic rejected the key that paid for this call: it is wrong or was revoked.',
    });

    const other = core.workspaces.create({ name: 'No Keys Ltd' }, 'console').id;
    core.workspaces.setFallback(other, false, 'console');
    core.agents.create(other, { name: 'Ravi', systemPrompt: 'Hello.' }, 'console');
    core.agentExtraction.set(other, 'Ravi', APPOINTMENT, 'console');
    const keyless = call(BOOKED, other, 'Ravi');
    const result = await core.extractor.rerun(other, keyless, 'console');
    expect(result).toMatchObject({ state: 'not_extracted', model: null });
    expect(result.state === 'not_extracted' && result.reason).toMatch(/^No Anthropic key could pay for the extraction: /);
  });

  it('refuses a bad schema with one sentence and keeps the one it had', () => {
    core.agentExtraction.set(ws, 'Ava', APPOINTMENT, 'console');
    const before = core.agentExtraction.show(ws, 'Ava');
    const bad = (fields: unknown): unknown => {
      try {
        core.agentExtraction.set(ws, 'Ava', { fields } as ExtractionSchemaInput, 'console');
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(bad([{ name: 'Appointment Time', type: 'string', description: 'When.' }])).toBe(
      'Field 1 (Appointment Time): A field name is snake_case: a lowercase letter, then up to 39 lowercase letters, digits or underscores.',
    );
    expect(bad([{ name: 'interest', type: 'enum', description: 'How keen.' }])).toBe(
      'Field 1 (interest): An enum field lists its values, like high|medium|low.',
    );
    expect(bad([{ name: 'phone', type: 'string', description: 'Their number.' }])).toMatch(
      /^Field 1 \(phone\): A field may not be called /,
    );
    expect(bad([{ name: 'when', type: 'date', description: 'When.' }])).toBe(
      'Field 1 (when): A field’s type is one of string, number, boolean, enum, datetime.',
    );
    expect(
      bad([
        { name: 'when', type: 'string', description: 'When.' },
        { name: 'when', type: 'string', description: 'Again.' },
      ]),
    ).toBe('Two fields have the same name.');
    expect(bad([{ name: 'when', type: 'string', description: ' ' }])).toBe(
      'Field 1 (when): Each field needs a description: the model reads it to know what to look for.',
    );
    expect(core.agentExtraction.show(ws, 'Ava')).toEqual(before);
  });

  it('extracts nothing for an agent without a schema, and refuses a re-run of it with the way to set one', async () => {
    core.agents.create(ws, { name: 'Plain', systemPrompt: 'Hello.' }, 'console');
    const id = call(BOOKED, ws, 'Plain');
    const agent = core.agents.get(ws, 'Plain');
    const key = core.resolver.resolve(ws, 'llm', { providers: ['anthropic'] });
    expect(await core.extractor.afterCall({ workspaceId: ws, callId: id, agentId: agent.id, key })).toBeNull();
    expect(core.calls.get(ws, id).extraction).toBeNull();
    await expect(core.extractor.rerun(ws, id, 'console')).rejects.toThrow(/^Plain has no extraction schema: set one with/);
  });

  it('answers the same request streamed, through the SDK’s stream, with the same tool input', async () => {
    const fields = core.agentExtraction.set(ws, 'Ava', WITH_INTEREST, 'console').fields;
    const lines = BOOKED.map(([speaker, text], i) => ({ seq: i + 1, speaker, text, at: '2026-12-04T18:00:00Z', interrupted: false }));
    const request = extractionRequest('claude-haiku-4-5', fields, lines, { agentName: 'Ava', startedAt: '2026-12-04T18:00:00Z' });
    const client = new Anthropic({ apiKey: sims.byId.anthropic.fields.apiKey, baseURL: anthropic.url, maxRetries: 0 });
    const streamed = await client.messages.stream(request).finalMessage();
    const plain = await client.messages.create(request);
    expect(streamed.stop_reason).toBe('tool_use');
    const input = (m: Anthropic.Message): unknown => m.content.find((b) => b.type === 'tool_use' && b.name === EXTRACTION_TOOL);
    expect(streamed.content).toHaveLength(1);
    expect((input(streamed) as { input: unknown }).input).toEqual((input(plain) as { input: unknown }).input);
    expect((input(plain) as { input: Record<string, unknown> }).input).toMatchObject({ interest: 'high', party_size: 3 });
    // A tool_choice naming a tool the request does not give is refused, streamed or not.
    const wrong = { ...request, tool_choice: { type: 'tool' as const, name: 'save_everything' } };
    await expect(client.messages.create(wrong)).rejects.toMatchObject({ status: 400 });
    await expect(client.messages.stream(wrong).finalMessage()).rejects.toMatchObject({ status: 400 });
  });

  it('refuses a sealed result moved to another call', async () => {
    core.agentExtraction.set(ws, 'Ava', APPOINTMENT, 'console');
    const a = call(BOOKED);
    const b = call(BOOKED);
    await core.extractor.rerun(ws, a, 'console');
    await core.extractor.rerun(ws, b, 'console');
    core.db
      .prepare('UPDATE call_extractions SET ciphertext = (SELECT ciphertext FROM call_extractions WHERE call_id = ?) WHERE call_id = ?')
      .run(a, b);
    expect(() => core.calls.get(ws, b)).toThrow('This call’s extracted fields were altered on disk and cannot be opened.');
    expect(core.calls.get(ws, a).extraction?.state).toBe('extracted');
  });
  // Last: the held route it adds stays in front of the simulator's own.
  it('gives up when Claude has not answered within the bound on the injected clock', async () => {
    core.agentExtraction.set(ws, 'Ava', APPOINTMENT, 'console');
    const id = call(BOOKED);
    let arrived = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    anthropic.addRoute({
      method: 'POST',
      path: '/v1/messages',
      handle: async () => {
        arrived = true;
        await gate;
        return { status: 500, json: { type: 'error', error: { type: 'api_error', message: 'late' } } };
      },
    });
    try {
      const running = core.extractor.rerun(ws, id, 'console');
      while (!arrived) await new Promise((r) => setTimeout(r, 5));
      clock.advance(30_000);
      expect(await running).toMatchObject({
        state: 'not_extracted',
        reason: 'Claude did not answer within 30 seconds, so nothing was extracted; re-run it later.',
      });
    } finally {
      release();
    }
  });
});
