import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { startOnboardingSims, type OnboardingSims } from '../../helpers/voice';
import { cliLines } from '../../helpers/cli';

describe('switchboard agent', () => {
  let sims: OnboardingSims;
  let dir: string;
  let cleanup: () => void;
  const keyStore = memoryKeyStore();
  beforeAll(async () => {
    sims = await startOnboardingSims();
    ({ dir, cleanup } = tempDir());
  });
  afterAll(async () => {
    cleanup();
    await sims.close();
  });

  const cli = cliLines(() => ({ env: { SWITCHBOARD_DATA_DIR: join(dir, 'data'), ...sims.env }, keyStore }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('creates, lists and edits agents, with personas by name and one-sentence refusals', async () => {
    expect((await cli(['workspace', 'create', 'Acme'])).code).toBe(0);
    const prompt = file('prompt.txt', 'You call people who asked about flats in Pune.\n');
    const created = await cli([
      'agent',
      'create',
      'Acme',
      '--name',
      'Asha',
      '--voice',
      'british lady',
      '--prompt-file',
      prompt,
      '--greeting',
      'Hello, this is Asha from Acme.',
    ]);
    expect(created.code).toBe(0);
    expect(created.out).toContain('Created voice agent Asha in Acme.');
    expect(created.out).toContain('Language: English · Voice: British Lady · Model: claude-haiku-4-5');
    expect(
      (
        await cli([
          'agent',
          'create',
          'Acme',
          '--name',
          'Ravi',
          '--language',
          'hi',
          '--prompt-file',
          prompt,
          '--outcomes',
          'interested,callback',
        ])
      ).code,
    ).toBe(0);

    const listed = await cli(['agent', 'list', 'Acme']);
    expect(listed.out.split('\n')[0]).toMatch(/^NAME\s+LANGUAGE\s+VOICE\s+MODEL\s+OUTCOMES\s+SMS TOOL$/);
    expect(listed.out).toMatch(/Asha\s+English\s+British Lady\s+claude-haiku-4-5\s+interested,callback,not_interested,do_not_call\s+○ off/);
    expect(listed.out).toMatch(/Ravi\s+Hindi\s+Hindi Calm Man\s+claude-haiku-4-5\s+interested,callback/);

    const edited = await cli([
      'agent',
      'edit',
      'Acme',
      'asha',
      '--model',
      'claude-sonnet-4-6',
      '--voice',
      '11111111-2222-4333-8444-555555555555',
      '--json',
    ]);
    expect(edited.code).toBe(0);
    expect(JSON.parse(edited.out)).toMatchObject({
      name: 'Asha',
      model: 'claude-sonnet-4-6',
      voiceId: '11111111-2222-4333-8444-555555555555',
    });
    const json = JSON.parse((await cli(['agent', 'list', 'Acme', '--json'])).out) as { name: string; model: string }[];
    expect(json.map((a) => [a.name, a.model])).toEqual([
      ['Asha', 'claude-sonnet-4-6'],
      ['Ravi', 'claude-haiku-4-5'],
    ]);

    expect(await cli(['agent', 'edit', 'Acme', 'Asha', '--outcomes', 'interested,voicemail'])).toMatchObject({
      code: 2,
      err: 'switchboard: An agent classifies calls only into interested, callback, not_interested, do_not_call.',
    });
    expect(await cli(['agent', 'create', 'Acme', '--name', 'asha', '--prompt-file', prompt])).toMatchObject({
      code: 2,
      err: 'switchboard: Acme already has a voice agent called asha.',
    });
    expect(await cli(['agent', 'create', 'Acme', '--name', 'NoPrompt'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--prompt-file'),
    });
    expect(await cli(['agent', 'edit', 'Acme', 'Nobody', '--greeting', 'Hi'])).toMatchObject({
      code: 2,
      err: 'switchboard: Acme has no voice agent called Nobody.',
    });
    expect((await cli(['agent', 'list', 'Acme', '--json'])).out).not.toContain('voicemail');

    const turns = await cli(['agent', 'edit', 'Acme', 'Asha', '--end-of-turn', '0.8', '--early-reply', 'off', '--json']);
    expect(turns.code).toBe(0);
    expect(JSON.parse(turns.out)).toMatchObject({ eotThreshold: 0.8, eagerEotThreshold: null });
    expect((await cli(['agent', 'edit', 'Acme', 'Asha', '--early-reply', '0.6'])).out).toContain(
      'Turn-taking: answers at 0.8 end-of-turn confidence; prepares early at 0.6',
    );
    expect(await cli(['agent', 'edit', 'Acme', 'Asha', '--end-of-turn', 'soon'])).toMatchObject({
      code: 2,
      err: 'switchboard: --end-of-turn takes a number like 0.7.',
    });
  });

  it('switches the agent’s SMS tool on and off (off by default), with --json, and refuses anything but on or off', async () => {
    const before = JSON.parse((await cli(['agent', 'list', 'Acme', '--json'])).out) as { name: string; smsTool: boolean }[];
    expect(before.map((a) => [a.name, a.smsTool])).toEqual([
      ['Asha', false],
      ['Ravi', false],
    ]);
    const on = await cli(['agent', 'edit', 'Acme', 'Ravi', '--sms-tool', 'on', '--json']);
    expect(on.code).toBe(0);
    expect(JSON.parse(on.out)).toMatchObject({ name: 'Ravi', smsTool: true });
    const shown = await cli(['agent', 'edit', 'Acme', 'Ravi', '--greeting', 'Namaste!']);
    expect(shown.out).toContain('SMS tool: ✓ on (texts only the number on the line)');
    expect((await cli(['agent', 'list', 'Acme'])).out).toMatch(/Ravi\s+Hindi.*✓ on$/m);
    expect(await cli(['agent', 'edit', 'Acme', 'Ravi', '--sms-tool', 'maybe'])).toMatchObject({
      code: 2,
      err: 'switchboard: --sms-tool takes on or off.',
    });
    const off = await cli(['agent', 'edit', 'Acme', 'Ravi', '--sms-tool', 'off', '--json']);
    expect(JSON.parse(off.out)).toMatchObject({ smsTool: false });
    const exported = await cli(['audit', 'export', '--format', 'json', '--action', 'agent.update']);
    const rows = JSON.parse(exported.out) as { detail: { fields?: string[] } | string }[];
    const fields = rows.map(
      (e) => (typeof e.detail === 'string' ? (JSON.parse(e.detail) as { fields?: string[] }) : e.detail).fields ?? [],
    );
    expect(fields.filter((f) => f.includes('smsTool'))).toHaveLength(2);
  });

  it('drafts a prompt from a brief file with the workspace’s Anthropic key', async () => {
    expect((await cli(['key', 'set', 'Acme', 'anthropic'], JSON.stringify(sims.byId.anthropic.fields))).code).toBe(0);
    const brief = file('brief.txt', 'Call leads who asked about 2BHK flats in Baner and book a site visit.');
    const draft = await cli(['agent', 'draft', 'Acme', '--brief-file', brief, '--json']);
    expect(draft.code).toBe(0);
    const parsed = JSON.parse(draft.out) as { systemPrompt: string; greeting: string; model: string };
    expect(parsed.systemPrompt).toContain('2BHK flats in Baner');
    expect(parsed.model).toMatch(/^claude-opus/);
    expect(draft.out).not.toContain(sims.byId.anthropic.secrets[0] ?? 'never');
  });
});
