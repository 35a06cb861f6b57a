/** One cold core start in a fresh process: prints JSON timings for the parent benchmark. */
import { performance } from 'node:perf_hooks';

async function main(): Promise<void> {
  const dataDir = process.argv[2] as string;
  const t0 = performance.now();
  const { createCore } = await import('../../electron/core/app');
  const tImported = performance.now();
  const core = createCore({ dataDir, actor: 'console' });
  const tOpened = performance.now();
  await core.start();
  const tUnlocked = performance.now();
  let keys = 0;
  for (const ws of core.workspaces.list()) keys += core.credentials.list(ws.id).length;
  const tListed = performance.now();
  const rss = process.memoryUsage().rss;
  core.close();
  process.stdout.write(
    JSON.stringify({
      importMs: tImported - t0,
      openMigrateMs: tOpened - tImported,
      unlockMs: tUnlocked - tOpened,
      listMs: tListed - tUnlocked,
      coreMs: tListed - tImported,
      keys,
      rssMb: rss / 2 ** 20,
    }),
  );
}

void main();
