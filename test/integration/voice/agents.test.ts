import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_OUTCOMES, DEFAULT_AGENT_MODEL, PERSONAS } from '../../../shared/voice-agents';
import type { CartesiaState } from '../../sim/ai';
import type { ProviderSim } from '../../sim/server';
import { addChecked, makeSimCore, startOnboardingSims, type OnboardingSims, type TestCore } from '../../helpers/voice';

let sims: OnboardingSims;
let core: TestCore;
let ws: string;

beforeAll(async () => {
  sims = await startOnboardingSims();
  core = await makeSimCore(sims);
  ws = core.workspaces.create({ name: 'Acme Realty' }, 'console').id;
});
afterAll(async () => {
  core.dispose();
  await sims.close();
});

const auditActions = (): string[] =>
  (core.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'agent.%' ORDER BY seq").all() as { action: string }[]).map(
    (r) => r.action,
  );

describe('voice agents', () => {
  it('creates an agent with the defaults: English, the first English persona, Haiku, the four agent outcomes', () => {
    const a = core.agents.create(ws, { name: 'Asha', systemPrompt: 'You call leads about flats in Pune.' }, 'console');
    expect(a).toMatchObject({
      name: 'Asha',
      language: 'en',
      voiceId: PERSONAS[0]?.voiceId,
      model: DEFAULT_AGENT_MODEL,
      outcomes: [...AGENT_OUTCOMES],
    });
    expect(core.agents.list(ws).map((x) => x.name)).toEqual(['Asha']);
    expect(core.agents.get(ws, 'asha').id).toBe(a.id);
  });

  it('refuses bad input with one sentence and stores nothing', () => {
    const before = core.agents.list(ws).length;
    expect(() => core.agents.create(ws, { name: 'Bad', systemPrompt: 'x', language: 'fr' as 'en' }, 'console')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', message: 'The language must be en (English) or hi (Hindi).' }),
    );
    expect(() =>
      core.agents.create(ws, { name: 'Bad', systemPrompt: 'x', outcomes: ['voicemail' as 'interested'] }, 'console'),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => core.agents.create(ws, { name: 'Bad', systemPrompt: 'x', model: 'gpt-4o' }, 'console')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('claude-haiku-4-5') }),
    );
    expect(() => core.agents.create(ws, { name: 'Bad', systemPrompt: 'x', voiceId: 'not-a-voice' }, 'console')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => core.agents.create(ws, { name: ' ', systemPrompt: 'x' }, 'console')).toThrowError(
      expect.objectContaining({ message: 'The name cannot be empty.' }),
    );
    expect(() => core.agents.create(ws, { name: 'ASHA', systemPrompt: 'x' }, 'console')).toThrowError(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(core.agents.list(ws)).toHaveLength(before);
  });

  it('edits only what changed, audits field names (never the prompt), and frees the name on delete', () => {
    const updated = core.agents.update(
      ws,
      'Asha',
      { language: 'hi', voiceId: 'ac7ee4fa-25db-420d-bfff-f590d740aeb2', outcomes: ['interested', 'do_not_call'], greeting: 'नमस्ते!' },
      'cli',
    );
    expect(updated).toMatchObject({ language: 'hi', outcomes: ['interested', 'do_not_call'], greeting: 'नमस्ते!' });
    expect(core.agents.update(ws, 'Asha', { language: 'hi' }, 'cli')).toEqual(updated);
    const detail = core.db.prepare("SELECT detail FROM audit_log WHERE action = 'agent.update'").all() as { detail: string }[];
    expect(detail).toHaveLength(1);
    expect(JSON.parse(detail[0]?.detail ?? '{}')).toEqual({ fields: ['language', 'voiceId', 'greeting', 'outcomes'] });
    core.agents.delete(ws, 'Asha', 'console');
    expect(core.agents.list(ws)).toEqual([]);
    expect(() => core.agents.get(ws, 'Asha')).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
    core.agents.create(ws, { name: 'Asha', systemPrompt: 'Second life.' }, 'console');
    expect(auditActions()).toEqual(['agent.create', 'agent.update', 'agent.delete', 'agent.create']);
  });

  it('keeps a voice the key can use, and falls back to the closest public persona for one it cannot, saying why', async () => {
    await addChecked(core, sims, ws, 'cartesia');
    const cartesia = sims.byId.cartesia as ProviderSim<CartesiaState>;
    const own = '11111111-2222-4333-8444-555555555555';
    const foreign = '99999999-2222-4333-8444-555555555555';
    cartesia.state.ownVoices.push(own);
    cartesia.state.foreignVoices.push(foreign);
    core.agents.update(ws, 'Asha', { voiceId: own }, 'console');
    expect(await core.agents.checkVoice(ws, 'Asha')).toEqual({ voiceId: own, fellBack: false, persona: null, reason: null });
    core.agents.update(ws, 'Asha', { voiceId: foreign }, 'console');
    const shared = await core.agents.checkVoice(ws, 'Asha');
    expect(shared).toMatchObject({ voiceId: PERSONAS[0]?.voiceId, fellBack: true, persona: 'Customer Support Lady' });
    expect(shared.reason).toContain('is not shared with');
    core.agents.update(ws, 'Asha', { voiceId: '00000000-0000-4000-8000-000000000000', language: 'hi' }, 'console');
    const missing = await core.agents.checkVoice(ws, 'Asha');
    expect(missing).toMatchObject({ voiceId: 'ac7ee4fa-25db-420d-bfff-f590d740aeb2', fellBack: true, persona: 'Hindi Calm Man' });
    expect(missing.reason).toBe(
      "The voice 00000000-0000-4000-8000-000000000000 does not exist for this workspace's Cartesia key, so calls use Hindi Calm Man, the closest public Hindi persona.",
    );
    expect(cartesia.requests.filter((r) => r.path.startsWith('/voices/')).map((r) => r.status)).toEqual([200, 403, 404]);
  });

  it('drafts a prompt and greeting from the brief with the authoring model', async () => {
    await addChecked(core, sims, ws, 'anthropic');
    const anthropic = sims.byId.anthropic;
    anthropic.clearRequests();
    const draft = await core.agents.draftPrompt(ws, 'Call people who asked about 2BHK flats in Baner and book a site visit.');
    expect(draft.systemPrompt).toContain('2BHK flats in Baner');
    expect(draft.greeting).toContain('book a site visit');
    const sent = JSON.parse(anthropic.requests.at(-1)?.body ?? '{}') as { model: string; tool_choice: unknown };
    expect(sent.model).toBe(draft.model);
    expect(sent.model).toMatch(/^claude-opus/);
    await expect(core.agents.draftPrompt(ws, 'short')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('says which key is missing before drafting or checking in a workspace without one', async () => {
    const other = core.workspaces.create({ name: 'No Keys Ltd' }, 'console').id;
    core.workspaces.setFallback(other, false, 'console');
    core.agents.create(other, { name: 'Ravi', systemPrompt: 'Hello.' }, 'console');
    await expect(core.agents.checkVoice(other, 'Ravi')).rejects.toMatchObject({ code: 'NO_CREDENTIAL' });
    await expect(core.agents.draftPrompt(other, 'A brief that is long enough to draft from.')).rejects.toMatchObject({
      code: 'NO_CREDENTIAL',
    });
  });
});
