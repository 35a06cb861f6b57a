/**
 * A canary secret goes in through the CLI and through the IPC handlers, is checked against the
 * simulators, listed, audited and exported — and must appear in plaintext in no file of the data
 * folder and in no output except an explicit reveal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { createIpcHandlers } from '../../../electron/main/ipc';
import { startAnthropicSim } from '../../sim/ai';
import { startTwilioSim } from '../../sim/twilio';
import type { ProviderSim } from '../../sim';
import { runSwitchboard } from '../../helpers/cli';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { expectNoLeakInDir } from '../../helpers/leaks';

const CANARY_ANTHROPIC = 'sk-ant-api03-CanaryCanary_7f3a9c2e1b4d6f8a0c2e4b6d8f1a3c5e';
const CANARY_TWILIO = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const CANARIES = [CANARY_ANTHROPIC, CANARY_TWILIO];

describe('canary secrets', () => {
  let anthropic: ProviderSim<unknown>;
  let twilio: ProviderSim<unknown>;
  beforeAll(async () => {
    anthropic = await startAnthropicSim({ apiKey: CANARY_ANTHROPIC });
    twilio = await startTwilioSim({ authToken: CANARY_TWILIO });
  });
  afterAll(async () => {
    await anthropic.close();
    await twilio.close();
  });

  it('entered through the CLI, never reach a file or an output', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const env = { SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_ANTHROPIC_URL: anthropic.url, SWITCHBOARD_TWILIO_URL: twilio.url };
      const outputs: string[] = [];
      const run = async (args: string[], stdin?: string) => {
        const r = await runSwitchboard(args, { stdin, env });
        outputs.push(r.stdout, r.stderr);
        return r;
      };
      expect((await run(['workspace', 'create', 'Acme'])).code).toBe(0);
      expect((await run(['key', 'set', 'Acme', 'anthropic'], JSON.stringify({ apiKey: CANARY_ANTHROPIC }))).code).toBe(0);
      expect(
        (await run(['key', 'set', 'Acme', 'twilio', '--json'], JSON.stringify({ ...twilio.fields, authToken: CANARY_TWILIO }))).code,
      ).toBe(0);
      await run(['key', 'set', 'Acme', 'anthropic'], JSON.stringify({ apiKey: `${CANARY_ANTHROPIC}x y` }));
      expect((await run(['key', 'list', 'Acme'])).code).toBe(0);
      expect((await run(['key', 'list', 'Acme', '--json'])).code).toBe(0);
      expect((await run(['key', 'test', 'Acme', '--json'])).code).toBe(0);
      expect((await run(['key', 'test', 'Acme'])).code).toBe(0);
      expect((await run(['audit', 'export', '--format', 'json'])).code).toBe(0);
      expect((await run(['audit', 'export', '--format', 'csv'])).code).toBe(0);
      expect((await run(['key', 'delete', 'Acme', 'anthropic'])).code).toBe(0);
      const all = outputs.join('\n');
      expect(all).toContain('sk-ant-…');
      for (const c of CANARIES) expect(all).not.toContain(c);
      expectNoLeakInDir(dir, CANARIES);
    } finally {
      cleanup();
    }
  });

  it('pasted in the wrong place on the command line, are never repeated back', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const env = { SWITCHBOARD_DATA_DIR: dir };
      const outputs: string[] = [];
      const run = async (args: string[], stdin?: string) => {
        const r = await runSwitchboard(args, { stdin, env });
        outputs.push(r.stdout, r.stderr);
        return r.code;
      };
      expect(await run(['workspace', 'create', 'Acme'])).toBe(0);
      // As an option, a command, an argument, and a JSON field name (with a text or a number value).
      expect(await run(['key', 'set', 'Acme', 'anthropic', `--api-key=${CANARY_ANTHROPIC}`])).toBe(2);
      expect(await run([CANARY_ANTHROPIC])).toBe(2);
      expect(await run(['key', 'set', 'Acme', CANARY_TWILIO], '{}')).toBe(2);
      expect(
        await run(['key', 'set', 'Acme', 'anthropic', '--json'], JSON.stringify({ [CANARY_ANTHROPIC]: 'x', [CANARY_TWILIO]: 1 })),
      ).toBe(2);
      expect(
        await run(
          ['key', 'set', 'Acme', 'twilio'],
          JSON.stringify({ accountSid: `AC${'a1'.repeat(16)}`, authToken: 'f'.repeat(32), [CANARY_TWILIO]: 'x' }),
        ),
      ).toBe(2);
      const all = outputs.join('\n');
      expect(all).toMatch(/unknown option/);
      for (const c of CANARIES) expect(all).not.toContain(c);
      expectNoLeakInDir(dir, CANARIES);
    } finally {
      cleanup();
    }
  });

  it('entered through the IPC handlers, reach only the reveal', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const core = createCore({
        dataDir: dir,
        actor: 'console',
        keyStore: memoryKeyStore(),
        env: { SWITCHBOARD_ANTHROPIC_URL: anthropic.url, SWITCHBOARD_TWILIO_URL: twilio.url },
      });
      await core.start();
      const events: unknown[] = [];
      const h = createIpcHandlers({ core, actor: 'console', emit: (e, p) => events.push([e, p]) });
      const outputs: unknown[] = [];
      const call = async (channel: keyof typeof h, input: unknown) => {
        const r = await h[channel](input);
        outputs.push(r);
        return r;
      };
      const ws = (await call('workspaces:create', { name: 'Acme' })) as { ok: true; value: { id: string } };
      const a = (await call('credentials:add', {
        workspaceId: ws.value.id,
        provider: 'anthropic',
        fields: { apiKey: CANARY_ANTHROPIC },
      })) as { ok: true; value: { id: string } };
      const t = (await call('credentials:add', {
        workspaceId: ws.value.id,
        provider: 'twilio',
        fields: { ...twilio.fields, authToken: CANARY_TWILIO },
      })) as { ok: true; value: { id: string } };
      await call('credentials:add', {
        workspaceId: ws.value.id,
        provider: 'anthropic',
        fields: { apiKey: `${CANARY_ANTHROPIC} ` },
        nickname: CANARY_ANTHROPIC.slice(0, 10),
      });
      await call('credentials:add', {
        workspaceId: ws.value.id,
        provider: 'anthropic',
        fields: { apiKey: 'sk-ant-' + CANARY_TWILIO + '\n' },
      });
      expect(
        await call('credentials:add', { workspaceId: ws.value.id, provider: 'anthropic', fields: { [CANARY_ANTHROPIC]: 'x' } }),
      ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await call('credentials:test', { id: a.value.id })).toMatchObject({ ok: true, value: { status: 'valid' } });
      expect(await call('credentials:testAll', { workspaceId: ws.value.id })).toMatchObject({ ok: true });
      await call('credentials:list', { workspaceId: ws.value.id });
      await call('credentials:history', { id: t.value.id });
      await call('credentials:update', { id: t.value.id, fields: { ...twilio.fields, authToken: CANARY_TWILIO } });
      await call('audit:list', {});
      await call('audit:export', { format: 'csv' });
      await call('audit:export', { format: 'json' });
      const visible = JSON.stringify([outputs, events]);
      for (const c of CANARIES) expect(visible).not.toContain(c);

      const revealed = await h['credentials:reveal']({ id: a.value.id });
      expect(revealed).toEqual({ ok: true, value: { apiKey: CANARY_ANTHROPIC } });
      await call('credentials:delete', { id: t.value.id });
      expectNoLeakInDir(dir, CANARIES);
      core.close();
      expectNoLeakInDir(dir, CANARIES);
    } finally {
      cleanup();
    }
  });
});
