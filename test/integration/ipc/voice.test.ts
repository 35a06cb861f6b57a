import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../electron/main/ipc';
import type { VoiceService } from '../../../electron/core/voice/runner/voice-service';
import type { Result } from '../../../shared/errors';
import type { Output } from '../../../shared/ipc/contract';
import { NO_RUNNER, type CallEventView } from '../../../shared/voice-runner';
import { addChecked, makeSimCore, startOnboardingSims, type OnboardingSims, type TestCore } from '../../helpers/voice';

describe('voice channels', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let ws: string;
  let ipc: ReturnType<typeof createIpcHandlers>;
  const events: { event: string; payload: unknown }[] = [];
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    core = await makeSimCore(sims);
    ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
    events.splice(0);
    ipc = createIpcHandlers({ core, actor: 'console', emit: (event, payload) => events.push({ event, payload }) });
  });
  afterEach(() => core.dispose());

  it('creates, edits, checks and deletes an agent through the bridge', async () => {
    const made = (await ipc['agents:create']({
      workspaceId: ws,
      agent: { name: 'Asha', systemPrompt: 'Call leads about flats.' },
    })) as Result<Output<'agents:create'>>;
    if (!made.ok) throw new Error(made.error.message);
    const id = made.value.id;
    expect(await ipc['agents:update']({ workspaceId: ws, agentId: id, patch: { greeting: 'Hi, Asha here.' } })).toMatchObject({
      ok: true,
      value: { greeting: 'Hi, Asha here.' },
    });
    expect(await ipc['agents:list']({ workspaceId: ws })).toMatchObject({ ok: true, value: [{ id, name: 'Asha' }] });
    await addChecked(core, sims, ws, 'cartesia');
    expect(await ipc['agents:checkVoice']({ workspaceId: ws, agentId: id })).toMatchObject({
      ok: true,
      value: { fellBack: false, persona: 'Customer Support Lady' },
    });
    await addChecked(core, sims, ws, 'anthropic');
    expect(await ipc['agents:draft']({ workspaceId: ws, brief: 'Remind patients of their dental check-up next week.' })).toMatchObject({
      ok: true,
      value: { systemPrompt: expect.stringContaining('dental check-up') },
    });
    expect(await ipc['agents:delete']({ workspaceId: ws, agentId: id })).toEqual({ ok: true, value: { deleted: true } });
    expect(await ipc['agents:list']({ workspaceId: ws })).toEqual({ ok: true, value: [] });
  });

  it('refuses bad payloads with one sentence and changes nothing', async () => {
    expect(await ipc['agents:create']({ workspaceId: ws, agent: { name: 'Asha', systemPrompt: 'x', model: 'gpt-4o' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(
      await ipc['agents:create']({ workspaceId: ws, agent: { name: 'Asha', systemPrompt: 'x', secret: 'sk-ant-api03-leak' } }),
    ).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'The request has a field this action does not take.' } });
    expect(await ipc['agents:list']({ workspaceId: ws })).toEqual({ ok: true, value: [] });
  });

  it('reports no runner, and refuses a test call or hang-up with one sentence, when the core has none', async () => {
    // The core's voice service is off until started: its note says how to start it.
    expect(await ipc['voice:state']({})).toEqual({
      ok: true,
      value: { ...NO_RUNNER, note: 'The voice runner is off: start it with your public URL or the ngrok tunnel.' },
    });
    const made = (await ipc['agents:create']({ workspaceId: ws, agent: { name: 'Asha', systemPrompt: 'Hello.' } })) as Result<
      Output<'agents:create'>
    >;
    if (!made.ok) throw new Error(made.error.message);
    expect(await ipc['voice:testCall']({ workspaceId: ws, agentId: made.value.id, to: '+919812345678' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Start the voice runner first') },
    });
    expect(await ipc['voice:testCall']({ workspaceId: ws, agentId: made.value.id, to: '98123' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await ipc['voice:hangup']({ callId: 'CA1' })).toMatchObject({ ok: false });
  });

  it('refuses a Talk payload that is not one, and a call that is not live, each in one sentence, starting nothing', async () => {
    const callId = '5b0d7e2a-1f3c-4e8a-9b6d-2c4f6a8e0b1d';
    // Too long for a 200 ms frame, not base64, not an id: refused by the channel's schema.
    expect(await ipc['talk:audio']({ callId, audio: 'A'.repeat(9_000) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await ipc['talk:audio']({ callId: 'not-an-id', audio: 'AAAA' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await ipc['talk:start']({ workspaceId: ws, agentId: callId, extra: true } as never)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // Well-formed, but no such call from the console is live.
    expect(await ipc['talk:audio']({ callId, audio: 'AAAA' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That call from the console is not live.' },
    });
    expect(await ipc['talk:end']({ callId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // An agent of the workspace without the keys a console call needs: one sentence, no call row.
    const agent = core.agents.create(ws, { name: 'Asha', systemPrompt: 'Hello.' }, 'console');
    const refused = await ipc['talk:start']({ workspaceId: ws, agentId: agent.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NO_CREDENTIAL' } });
    expect(core.calls.list(ws)).toEqual([]);
    expect(core.voice.talks.liveIn(ws)).toBe(0);
  });

  it('forwards a runner’s well-formed call events as event:call and drops malformed ones', async () => {
    // A stand-in for the runner: this test is about the bridge's forwarding and its schema, not about calls.
    let listener: ((e: CallEventView) => void) | undefined;
    const placed: unknown[] = [];
    const runner: Pick<VoiceService, 'state' | 'call' | 'hangup' | 'onEvent' | 'talks'> = {
      // The console's calls are the real desk's (their pushes are not what this test is about).
      talks: core.voice.talks,
      state: () => ({
        ...NO_RUNNER,
        available: true,
        note: null,
        reach: { kind: 'tunnel', url: 'https://abc.ngrok.app', up: true },
        callsNow: 1,
        ceiling: 5,
      }),
      call: (input) => {
        placed.push(input);
        return Promise.resolve({ callId: 'CA123' });
      },
      hangup: () => Promise.resolve(),
      onEvent: (fn) => {
        listener = fn;
        return () => (listener = undefined);
      },
    };
    const withRunner = createIpcHandlers({
      core: Object.assign(Object.create(core) as TestCore, { voice: runner }),
      actor: 'console',
      emit: (event, payload) => events.push({ event, payload }),
    });
    expect(await withRunner['voice:state']({})).toMatchObject({
      ok: true,
      value: { available: true, callsNow: 1, ceiling: 5, reach: { up: true } },
    });
    const agent = core.agents.create(ws, { name: 'Asha', systemPrompt: 'Hello.' }, 'console');
    expect(await withRunner['voice:testCall']({ workspaceId: ws, agentId: agent.id, to: '+919812345678' })).toEqual({
      ok: true,
      value: { callId: 'CA123' },
    });
    expect(placed).toEqual([{ workspaceId: ws, agentId: agent.id, to: '+919812345678', actor: 'console', test: true }]);
    listener?.({ type: 'transcript', callId: 'CA123', at: '2026-01-01T00:00:00Z', speaker: 'caller', text: 'Hello?', final: true });
    listener?.({ type: 'transcript', callId: 'CA123', speaker: 'caller' } as unknown as CallEventView);
    expect(events).toEqual([
      {
        event: 'event:call',
        payload: { type: 'transcript', callId: 'CA123', at: '2026-01-01T00:00:00Z', speaker: 'caller', text: 'Hello?', final: true },
      },
    ]);
  });
});
