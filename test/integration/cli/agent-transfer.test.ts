import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { writeFileSync } from 'node:fs';
import { cliLines } from '../../helpers/cli';

describe('switchboard agent transfer', () => {
  let dir: string;
  let cleanup: () => void;
  const keyStore = memoryKeyStore();
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterAll(() => cleanup());

  const cli = cliLines(() => ({ env: { SWITCHBOARD_DATA_DIR: join(dir, 'data') }, keyStore }));

  it('adds a warm and a cold target, lists them (table and --json), and removes one by name whatever its case', async () => {
    expect((await cli(['workspace', 'create', 'Acme'])).code).toBe(0);
    const prompt = join(dir, 'prompt.txt');
    writeFileSync(prompt, 'You answer the phone for Acme Dental.\n');
    expect((await cli(['agent', 'create', 'Acme', '--name', 'Ava', '--prompt-file', prompt])).code).toBe(0);

    const warm = await cli([
      'agent',
      'transfer',
      'add',
      'Acme',
      'Ava',
      '--name',
      'Sales desk',
      '--number',
      '+14155550123',
      '--when',
      'The caller wants a price or to book.',
      '--json',
    ]);
    expect(warm.code).toBe(0);
    const sales = JSON.parse(warm.out) as Record<string, unknown>;
    expect(sales).toMatchObject({
      name: 'Sales desk',
      number: '+14155550123',
      whenToUse: 'The caller wants a price or to book.',
      mode: 'warm',
    });
    const cold = await cli([
      'agent',
      'transfer',
      'add',
      'Acme',
      'Ava',
      '--name',
      'Support',
      '--number',
      '+14155550124',
      '--when',
      'A problem.',
      '--mode',
      'cold',
    ]);
    expect(cold.code).toBe(0);
    expect(cold.out).toBe('Added transfer target Support (+14155550124, cold (connected at once; if nobody answers, the call ends)).');

    const human = await cli(['agent', 'transfer', 'list', 'Acme', 'Ava']);
    expect(human.out).toMatch(/NAME\s+NUMBER\s+MODE\s+WHEN/);
    expect(human.out).toMatch(/Sales desk\s+\+14155550123\s+warm\s+The caller wants a price or to book\./);
    const listed = JSON.parse((await cli(['agent', 'transfer', 'list', 'Acme', 'Ava', '--json'])).out) as { name: string }[];
    expect(listed.map((t) => t.name)).toEqual(['Sales desk', 'Support']);
    expect(listed[0]).toEqual(sales);

    const removed = await cli(['agent', 'transfer', 'remove', 'Acme', 'Ava', 'sales DESK', '--json']);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.out)).toEqual({ removed: sales.id, name: 'Sales desk' });
    expect((JSON.parse((await cli(['agent', 'transfer', 'list', 'Acme', 'Ava', '--json'])).out) as unknown[]).length).toBe(1);
    const gone = await cli(['agent', 'transfer', 'remove', 'Acme', 'Ava', 'Sales desk', '--json']);
    expect(gone.code).toBe(2);
    expect(JSON.parse(gone.out)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Ava has no transfer target called Sales desk.' },
    });
  });

  it('refuses what a target may not be, in one sentence, with exit code 2, and changes nothing', async () => {
    const base = ['agent', 'transfer', 'add', 'Acme', 'Ava', '--when', 'Sometimes.'];
    const refusals: [string[], RegExp][] = [
      [[...base, '--name', 'Desk', '--number', '4155550125'], /country code/],
      [[...base, '--name', 'Desk', '--number', '+14155550125', '--mode', 'lukewarm'], /cold or warm/],
      [[...base, '--name', '<script>', '--number', '+14155550125'], /1 to 40 letters/],
      [[...base, '--name', 'support', '--number', '+14155550125'], /already has a transfer target called support/],
      [['agent', 'transfer', 'add', 'Acme', 'Ava', '--name', 'Desk', '--number', '+14155550125', '--when', ' '], /Say when to use it/],
      [[...base, '--name', 'Desk', '--number', '+14155550125'].map((a) => (a === 'Ava' ? 'Nobody' : a)), /Nobody/],
    ];
    for (const [args, sentence] of refusals) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(sentence);
      expect(r.err.split('\n').filter((l) => l.trim() !== '')).toHaveLength(1);
    }
    expect((JSON.parse((await cli(['agent', 'transfer', 'list', 'Acme', 'Ava', '--json'])).out) as unknown[]).length).toBe(1);
  });

  it('says on --help that Exotel calls cannot be transferred, why, and what to do in Exotel’s dashboard', async () => {
    const help = await cli(['agent', 'transfer', 'add', '--help']);
    const text = `${help.out}${help.err}`.replace(/\s+/g, ' ');
    expect(text).toContain('Exotel calls cannot be transferred from Switchboard');
    expect(text).toContain('Voicebot applet followed by a Connect applet');
  });
});
