/**
 * The CLI as a shell runs it: a reader that closes the pipe early, and a prompt file from /proc.
 * Separate processes (runCliProcess), since the point is the real stdout pipe.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../helpers/cli-process';
import { tempDir } from '../../helpers/core';

const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-bus', SWITCHBOARD_PASSPHRASE: 'correct horse battery' };

describe('the CLI in a pipeline', () => {
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    env = { ...NO_KEYCHAIN, SWITCHBOARD_DATA_DIR: join(dir, 'data') };
  });
  afterAll(() => cleanup());

  it('ends quietly when the reader has gone (`switchboard providers | true`)', async () => {
    const r = await runCliProcess(['providers'], { env, closeStdoutAfter: 0 });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('finishes `campaign create … | head -1` without a stack trace, the campaign created once', async () => {
    expect((await runCliProcess(['workspace', 'create', 'Acme', '--country', 'US'], { env })).code).toBe(0);
    const contacts = join(dir, 'contacts.csv');
    writeFileSync(contacts, 'phone,first_name\n+14152000001,Ann\n+14152000002,Bob\n');
    const template = join(dir, 'template.txt');
    writeFileSync(template, 'Hi {{first_name}}.\n');
    const r = await runCliProcess(
      [
        'campaign',
        'create',
        'Acme',
        '--channel',
        'sms',
        '--contacts',
        contacts,
        '--template',
        template,
        '--name',
        'Spring',
        '--country',
        'US',
      ],
      { env, closeStdoutAfter: 0 },
    );
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const list = await runCliProcess(['campaign', 'list', 'Acme', '--json'], { env });
    expect((JSON.parse(list.stdout) as { name: string }[]).filter((c) => c.name === 'Spring')).toHaveLength(1);
  });

  it.runIf(process.platform === 'linux')('refuses /proc/self/environ as a prompt file in one sentence, creating nothing', async () => {
    const r = await runCliProcess(['agent', 'create', 'Acme', '--name', 'Ava', '--prompt-file', '/proc/self/environ'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('switchboard: That file looks like a binary file, not a prompt file; nothing was read.\n');
    expect((await runCliProcess(['agent', 'list', 'Acme'], { env })).stdout).toMatch(/has no voice agents yet/);
  });
});
