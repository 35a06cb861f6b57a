/**
 * Ctrl-C during a command that has no pause of its own: one line says what was and was not
 * written, the exit status is a shell's 130, and nothing partial is left behind.
 */
import { readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { inProcessCli, startSwitchboard } from '../../helpers/cli';
import { tempDir } from '../../helpers/core';

/** Resolves once the process has `file` open, i.e. it is inside the command, reading it. */
async function whenReading(pid: number, file: string): Promise<void> {
  for (;;) {
    let open: string[];
    try {
      open = readdirSync(`/proc/${pid}/fd`).map((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return '';
        }
      });
    } catch {
      throw new Error('the process ended before it opened the file');
    }
    if (open.includes(file)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe.skipIf(process.platform !== 'linux')('Ctrl-C during a command', () => {
  let dir: string;
  let cleanup: () => void;
  const cli = inProcessCli({ keyStore: noKeyStore });
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());
  const env = () => ({ SWITCHBOARD_DATA_DIR: join(dir, 'data') });

  it('during `dnc import` says no number was added, exits 130, and the list stays empty', async () => {
    expect((await cli(['workspace', 'create', 'Acme', '--country', 'US'], { env: env() })).code).toBe(0);
    const file = join(dir, 'dnc.csv');
    const numbers = Array.from({ length: 400_000 }, (_, i) => `+1415${String(2_000_000 + i).padStart(7, '0')}`);
    writeFileSync(file, `phone\n${numbers.join('\n')}\n`);
    const run = startSwitchboard(['dnc', 'import', 'Acme', file], {
      env: { ...env(), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
    });
    await whenReading(run.child.pid as number, file);
    run.child.kill('SIGINT');
    const done = await run.done;
    expect(done.code).toBe(130);
    expect(done.stderr.trim()).toBe(
      'switchboard: Interrupted: no number was added (the list is written in one step, once the whole file is read).',
    );
    const listed = await cli(['dnc', 'list', 'Acme', '--json'], { env: env() });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ total: 0 });
  });
});
