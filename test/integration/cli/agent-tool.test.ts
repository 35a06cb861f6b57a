import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { filesUnder } from '../../helpers/leaks';
import { cliLines } from '../../helpers/cli';

const SECRET = 'Bearer cli-tool-secret-94b1e0';

describe('switchboard agent tool', () => {
  let dir: string;
  let cleanup: () => void;
  const keyStore = memoryKeyStore();
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterAll(() => cleanup());

  const cli = cliLines(() => ({ env: { SWITCHBOARD_DATA_DIR: join(dir, 'data') }, keyStore }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('adds a tool with its secret header from stdin, lists it without the secret, and removes it with its ciphertext', async () => {
    expect((await cli(['workspace', 'create', 'Acme'])).code).toBe(0);
    const prompt = file('prompt.txt', 'You call customers about their orders.\n');
    expect((await cli(['agent', 'create', 'Acme', '--name', 'Asha', '--prompt-file', prompt])).code).toBe(0);
    const schema = file('order.json', JSON.stringify({ type: 'object', properties: { order: { type: 'string' } }, required: ['order'] }));

    const added = await cli(
      [
        'agent',
        'tool',
        'add',
        'Acme',
        'Asha',
        '--name',
        'order_status',
        '--description',
        'Look up an order.',
        '--url',
        'https://api.acme.example/orders',
        '--parameters-file',
        schema,
        '--secret-header',
        'Authorization',
        '--timeout',
        '3000',
        '--json',
      ],
      `${SECRET}\n`,
    );
    expect(added.code).toBe(0);
    const view = JSON.parse(added.out) as Record<string, unknown>;
    expect(view).toMatchObject({
      name: 'order_status',
      url: 'https://api.acme.example/orders',
      secretHeader: 'Authorization',
      timeoutMs: 3000,
      parameters: { required: ['order'] },
    });
    expect(added.out + added.err).not.toContain(SECRET);

    const human = await cli(['agent', 'tool', 'list', 'Acme', 'Asha']);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/order_status\s+api\.acme\.example\/orders\s+Authorization\s+3000 ms/);
    const listed = await cli(['agent', 'tool', 'list', 'Acme', 'Asha', '--json']);
    expect(JSON.parse(listed.out)).toEqual([view]);
    expect(listed.out).not.toContain(SECRET);
    // Sealed: the value is in no file of the data folder.
    for (const f of filesUnder(join(dir, 'data'))) expect(readFileSync(f).includes('cli-tool-secret-94b1e0')).toBe(false);

    const removed = await cli(['agent', 'tool', 'remove', 'Acme', 'Asha', 'order_status', '--json']);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.out)).toEqual({ removed: view.id, name: 'order_status' });
    expect(JSON.parse((await cli(['agent', 'tool', 'list', 'Acme', 'Asha', '--json'])).out)).toEqual([]);
    expect((await cli(['agent', 'tool', 'remove', 'Acme', 'Asha', 'order_status'])).code).toBe(2);
  });

  it('refuses what a tool may not be, in one sentence, with exit code 2', async () => {
    const base = ['agent', 'tool', 'add', 'Acme', 'Asha', '--description', 'Look up.'];
    const refusals: [string[], RegExp][] = [
      [[...base, '--name', 'lookup', '--url', 'http://api.acme.example/x'], /must be https/],
      [[...base, '--name', 'end_call', '--url', 'https://api.acme.example/x'], /end_call is the agent’s own/],
      [[...base, '--name', 'bad name', '--url', 'https://api.acme.example/x'], /letters, digits, underscores or hyphens/],
      [[...base, '--name', 'lookup', '--url', 'https://user:pw@api.acme.example/x'], /not in the URL/],
      [
        [...base, '--name', 'lookup', '--url', 'https://api.acme.example/x', '--parameters-file', file('array.json', '{"type":"array"}')],
        /type "object"/,
      ],
      [[...base, '--name', 'lookup', '--url', 'https://api.acme.example/x', '--timeout', '60000'], /at most 10000 ms/],
      [[...base, '--name', 'lookup', '--url', 'https://api.acme.example/x', '--secret-header', 'X-Api-Key'], /empty/],
    ];
    for (const [args, sentence] of refusals) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(sentence);
    }
    expect(JSON.parse((await cli(['agent', 'tool', 'list', 'Acme', 'Asha', '--json'])).out)).toEqual([]);
  });

  it('deletes an agent’s tools, sealed headers and all, with the agent', async () => {
    const prompt = file('prompt-b.txt', 'You call customers about deliveries.\n');
    expect((await cli(['agent', 'create', 'Acme', '--name', 'Bela', '--prompt-file', prompt])).code).toBe(0);
    expect(
      (
        await cli(
          [
            'agent',
            'tool',
            'add',
            'Acme',
            'Bela',
            '--name',
            'track',
            '--description',
            'Track a parcel.',
            '--url',
            'https://api.acme.example/track',
            '--secret-header',
            'X-Api-Key',
          ],
          'bela-secret-1\n',
        )
      ).code,
    ).toBe(0);
    const rows = (): number => {
      const db = new Database(join(dir, 'data', 'switchboard.db'), { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM agent_tools').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    expect(rows()).toBe(1);
    expect((await cli(['agent', 'delete', 'Acme', 'Bela'])).code).toBe(0);
    expect(rows()).toBe(0);
  });
});
