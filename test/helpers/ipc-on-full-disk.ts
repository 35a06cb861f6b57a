/**
 * Run as a child process inside a test's mount namespace: opens the core on SWITCHBOARD_DATA_DIR
 * as the desktop app does, fills the disk holding it (FILLER names the file to grow), calls
 * the IPC handlers that write, empties the disk again and lists what is there. Prints one JSON
 * object: every handler's Result, in order.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { createCore } from '../../electron/core/app';
import { noKeyStore } from '../../electron/core/vault/keychain';
import { createIpcHandlers } from '../../electron/main/ipc';

/** Writes zeros to path until the disk refuses (ENOSPC). */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

async function main(): Promise<void> {
  const dataDir = process.env.SWITCHBOARD_DATA_DIR ?? '';
  const filler = process.env.FILLER ?? '';
  const core = createCore({ dataDir, actor: 'console', keyStore: noKeyStore, autoLockMs: 0 });
  await core.start({ passphrase: process.env.SWITCHBOARD_PASSPHRASE });
  const ipc = createIpcHandlers({ core, actor: 'console', emit: () => undefined });
  const acme = core.workspaces.list().find((w) => w.name === 'Acme')?.id ?? '';
  fill(filler);
  const full = {
    create: await ipc['workspaces:create']({ name: 'Initech' }),
    add: await ipc['credentials:add']({
      workspaceId: acme,
      provider: 'anthropic',
      fields: { apiKey: 'sk-ant-api03-THIRDthirdTHIRDthird-5zRc' },
      nickname: 'Third',
    }),
    campaign: await ipc['campaigns:create']({
      workspaceId: acme,
      channel: 'sms',
      csv: `phone,first_name,timezone\n${Array.from({ length: 2000 }, (_, i) => `+1415${3_000_000 + i},P${i},America/New_York`).join('\n')}`,
      template: 'Hi {{first_name}}',
    }),
  };
  rmSync(filler);
  const after = { workspaces: await ipc['workspaces:list']({}), keys: await ipc['credentials:list']({ workspaceId: acme }) };
  core.close();
  process.stdout.write(JSON.stringify({ full, after }));
}

void main();
