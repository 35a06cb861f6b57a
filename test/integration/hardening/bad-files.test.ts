/**
 * The real CLI handed the wrong file where an operator file belongs: a binary file, a folder,
 * /dev/zero, a FIFO, files over the limit, a 200 MB CSV that is one line. Each time it exits 2
 * with one sentence, echoes nothing of the file, returns promptly (no hang, no memory blow-up),
 * and every table of the database has exactly the rows it had before.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSwitchboard } from '../../helpers/cli';
import { FAKE, tempDir } from '../../helpers/core';
import { expectRefusal, rowCounts } from '../../helpers/hardening';

const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-bus' };
const MB = 1024 * 1024;

describe.skipIf(process.platform !== 'linux')('the CLI refuses bad operator files with one sentence and changes nothing', () => {
  let dir: string;
  let cleanup: () => void;
  let data: string;
  let before: Record<string, number>;
  const secret = `sk-ant-api03-${randomBytes(24).toString('hex')}`;
  // The session's Secret Service holds the vault key: no passphrase's deliberate scrypt cost on each run.
  const env = { SWITCHBOARD_DATA_DIR: '' };
  const run = (args: string[]) => runSwitchboard(args, { env: { ...env, SWITCHBOARD_DATA_DIR: data } });
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  /** The sentence was said, and nothing of the file (the key in it, its bytes) came back out. */
  const refused = (r: Awaited<ReturnType<typeof run>>, sentence: string): void => {
    expectRefusal(r, 2, sentence);
    expect(r.stderr).not.toContain(secret.slice(13, 29));
    expect(rowCounts(data)).toEqual(before);
  };

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    data = join(dir, 'data');
    expect((await run(['workspace', 'create', 'Acme'])).code).toBe(0);
    const set = await runSwitchboard(['key', 'set', 'Acme', 'anthropic', '--offline'], {
      stdin: JSON.stringify(FAKE.anthropic),
      env: { ...env, SWITCHBOARD_DATA_DIR: data },
    });
    expect(set.code).toBe(0);
    file('sms.txt', 'Hi {{first_name}}, your parcel ships today.\n');
  });
  afterAll(() => cleanup());
  beforeEach(() => {
    before = rowCounts(data);
  });

  it('refuses a binary file given to `import env`, and stores none of the key inside it', async () => {
    const binary = file('keys.env', Buffer.concat([Buffer.from(`ANTHROPIC_API_KEY=${secret}\n`), randomBytes(4096), Buffer.alloc(64)]));
    refused(
      await run(['import', 'env', 'Acme', binary, '--yes', '--offline']),
      'That file looks like a binary file, not an .env file; nothing was read.',
    );
  });

  it('refuses a .env file that is not UTF-8 text', async () => {
    const latin = file(
      'latin1.env',
      Buffer.concat([Buffer.from(`ANTHROPIC_API_KEY=${secret}\nNOTE=caf`), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    refused(
      await run(['import', 'env', 'Acme', latin, '--yes', '--offline']),
      'That .env file is not UTF-8 text; save it as UTF-8 and try again.',
    );
  });

  it('refuses a folder given as a .env file', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    refused(await run(['import', 'env', 'Acme', folder, '--yes', '--offline']), 'That path is a folder, not an .env file.');
  });

  it('refuses /dev/zero as a .env file at once instead of reading forever', async () => {
    refused(
      await run(['import', 'env', 'Acme', '/dev/zero', '--yes', '--offline']),
      'That path is a device or a pipe, not an .env file; give the path of a regular file.',
    );
  });

  it('refuses a FIFO as a .env file without waiting for a writer', async () => {
    const fifo = join(dir, 'keys.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    refused(
      await run(['import', 'env', 'Acme', fifo, '--yes', '--offline']),
      'That path is a device or a pipe, not an .env file; give the path of a regular file.',
    );
  });

  it('refuses a .env file over 256 KB, though every line of it is a valid key', async () => {
    const line = `ANTHROPIC_API_KEY=${secret}\n`;
    const big = file('big.env', line.repeat(Math.ceil((256 * 1024 + 1) / line.length)));
    refused(
      await run(['import', 'env', 'Acme', big, '--yes', '--offline']),
      'That file is larger than 256 KB, the most an .env file may be; nothing was read.',
    );
  });

  it('refuses /dev/zero as the passphrase file before anything runs', async () => {
    const r = await runSwitchboard(['--passphrase-file', '/dev/zero', 'workspace', 'create', 'Globex'], {
      env: { ...NO_KEYCHAIN, SWITCHBOARD_DATA_DIR: data, SWITCHBOARD_PASSPHRASE: undefined },
    });
    refused(r, 'That path is a device or a pipe, not a passphrase file; give the path of a regular file.');
  });

  it('refuses a 200 MB contact CSV that is a single line, reading only its first rows’ worth', async () => {
    const csv = join(dir, 'one-line.csv');
    // 200 × 1 MB of “phone,”: a header that never ends. Written in chunks, deleted after.
    const fd = openSync(csv, 'w');
    const chunk = Buffer.alloc(MB, 'phone,');
    for (let i = 0; i < 200; i += 1) writeSync(fd, chunk);
    closeSync(fd);
    try {
      refused(
        await run(['campaign', 'create', 'Acme', '--channel', 'sms', '--contacts', csv, '--template', join(dir, 'sms.txt')]),
        'A row of the contacts file is too long to be a contact (line 1).',
      );
    } finally {
      rmSync(csv);
    }
  });

  it('refuses a contact CSV over 512 MB before reading any of it', async () => {
    const csv = file('huge.csv', 'phone,first_name\n');
    // Sparse: the size is real to fstat, the disk holds nothing.
    truncateSync(csv, 512 * MB + 1);
    try {
      refused(
        await run(['campaign', 'create', 'Acme', '--channel', 'sms', '--contacts', csv, '--template', join(dir, 'sms.txt')]),
        'That file is larger than 512 MB, the most a contacts file may be; nothing was read.',
      );
    } finally {
      rmSync(csv);
    }
  });

  it('refuses /dev/zero as the contact CSV', async () => {
    refused(
      await run(['campaign', 'create', 'Acme', '--channel', 'sms', '--contacts', '/dev/zero', '--template', join(dir, 'sms.txt')]),
      'That path is a device or a pipe, not a contacts file; give the path of a regular file.',
    );
  });

  it('refuses /dev/zero as the template of `workflow add`', async () => {
    refused(
      await run(['workflow', 'add', 'Acme', '--outcome', 'interested', '--channel', 'sms', '--template', '/dev/zero']),
      'That path is a device or a pipe, not a template file; give the path of a regular file.',
    );
  });

  it('refuses a bundle over 16 MB', async () => {
    const bundle = file('big.age', 'age-encryption.org/v1\n');
    truncateSync(bundle, 16 * MB + 1);
    refused(
      await run(['bundle', 'import', bundle, '--yes']),
      'That file is larger than 16 MB, the most a bundle may be; nothing was read.',
    );
  });

  it('names a missing file without echoing the path back', async () => {
    refused(
      await run(['import', 'env', 'Acme', join(dir, `${secret}.env`), '--yes']),
      'There is no .env file at that path; check it and try again.',
    );
  });
});
