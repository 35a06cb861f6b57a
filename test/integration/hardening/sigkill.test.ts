/**
 * `kill -9` of the real CLI while it stores a key and while it rotates a passphrase-protected
 * vault, at a spread of moments: after each kill the vault opens with exactly one passphrase (the
 * one its generation says), every key stored before opens, the audit chain verifies, and the same
 * command run again succeeds. No hook in the product: the kill moments come from timing, measured
 * on this machine (a clean run's time from the database being opened to the process ending) and
 * spread over it, so they land before, during and after the commit on a fast or a loaded machine.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { dbFile } from '../../../electron/core/paths';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { type CliRun, runSwitchboard, startSwitchboard } from '../../helpers/cli';
import { FAKE, tempDir } from '../../helpers/core';

const OLD = 'correct horse battery';
const NEXT = 'tangerine lighthouse orbit';
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-bus', SWITCHBOARD_PASSPHRASE: undefined };
const KILLS = 10;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * When to kill: a delay after the database is opened; just after its -wal file grew the n-th time
 * (SQLite appends a transaction's pages there as it commits, so this lands inside or right after
 * a commit); or as soon as the command prints its result (committed, not yet closed).
 */
type KillPoint = { readonly afterMs: number } | { readonly walGrowths: number; readonly thenMs: number } | { readonly onOutput: true };

/** What one kill came to. */
interface Kill {
  readonly at: string;
  /** The process was still running when the signal was sent. */
  readonly alive: boolean;
  readonly run: CliRun;
}

const size = (f: string): number => {
  try {
    return statSync(f).size;
  } catch {
    return -1;
  }
};

/**
 * Starts the CLI, waits for it to open the database (its -wal file appears), then SIGKILLs it at
 * the kill point. `point: null` lets it finish and reports how long it ran after the open.
 */
async function runAndKill(
  dataDir: string,
  args: string[],
  o: { stdin?: string; env: Record<string, string | undefined>; point: KillPoint | null },
): Promise<Kill & { openToExitMs: number }> {
  const wal = `${dbFile(dataDir)}-wal`;
  // A leftover -wal would be taken for this process's open; every reopen below closes cleanly, which removes it.
  if (existsSync(wal)) throw new Error('a -wal file is left from before; the previous reopen did not close cleanly');
  const c = startSwitchboard(args, { stdin: o.stdin, env: o.env, timeoutMs: 240_000 });
  const exited = (): boolean => c.child.exitCode !== null || c.child.signalCode !== null;
  while (!existsSync(wal) && !exited()) await sleep(2);
  const opened = performance.now();
  const p = o.point;
  if (p === null) {
    const run = await c.done;
    return { at: 'clean', alive: false, run, openToExitMs: performance.now() - opened };
  }
  if ('afterMs' in p) await sleep(p.afterMs);
  else if ('onOutput' in p) {
    let printed = false;
    c.child.stdout?.once('data', () => void (printed = true));
    while (!printed && !exited()) await sleep(1);
  } else {
    // WAL pages are appended when a transaction commits: each growth is a write that landed. Two
    // commits can land well within a millisecond (vault rotate's re-wrap, then its audit row), so
    // this polls on every turn of the event loop rather than on a 1 ms timer, which misses one.
    let last = size(wal);
    let growths = 0;
    while (growths < p.walGrowths && !exited()) {
      const now = size(wal);
      if (now > last) growths += 1;
      last = Math.max(last, now);
      if (growths < p.walGrowths) await new Promise((r) => setImmediate(r));
    }
    if (p.thenMs > 0) await sleep(p.thenMs);
  }
  const alive = !exited();
  c.child.kill('SIGKILL');
  const run = await c.done;
  const at =
    'afterMs' in p ? `${p.afterMs} ms after open` : 'onOutput' in p ? 'on its output' : `${p.thenMs} ms after WAL growth ${p.walGrowths}`;
  return { at, alive, run, openToExitMs: performance.now() - opened };
}

/**
 * Ten kill points: seven spread over the first 70 % of the time a clean run took from open to exit
 * (a machine that speeds up as its load drops still finds the process alive), and three tied to
 * the database's own writes: inside, during and after the commit.
 */
const killPoints = (spanMs: number, onWrites: readonly KillPoint[]): KillPoint[] => {
  const timed = KILLS - onWrites.length;
  return [...Array.from({ length: timed }, (_, i) => ({ afterMs: Math.round((0.7 * spanMs * (i + 0.5)) / timed) })), ...onWrites];
};

/**
 * Runs one kill point, and once more (up to three runs) while a write-tied point finds the process
 * already gone: on a loaded machine the poll can miss a WAL growth or the output and only catch
 * the exit. `run` checks the state each run left behind (killed or finished) before the next.
 */
async function killLive<K extends Kill>(point: KillPoint, run: (attempt: number) => Promise<K>): Promise<K> {
  const writeTied = !('afterMs' in point);
  let k = await run(0);
  for (let attempt = 1; writeTied && !k.alive && attempt < 3; attempt += 1) k = await run(attempt);
  return k;
}

/** The kills came to something: every write-tied kill met a live process, and most timed ones did. */
function expectLiveKills(kills: readonly Kill[]): void {
  expect(kills.slice(-3).map((k) => [k.at, k.alive])).toEqual(kills.slice(-3).map((k) => [k.at, true]));
  expect(kills.slice(0, -3).filter((k) => k.alive).length).toBeGreaterThanOrEqual(4);
}

/** `key set` writes the WAL header, then the key's pages with its audit row in one commit, then prints. */
const KEY_SET_COMMIT: readonly KillPoint[] = [{ walGrowths: 1, thenMs: 0 }, { walGrowths: 2, thenMs: 0 }, { onOutput: true }];
/** `vault rotate` writes at unlock (growths 1–2), then the re-wrapped keys (3), then its audit row (4), then prints. */
const ROTATE_COMMITS: readonly KillPoint[] = [{ walGrowths: 3, thenMs: 0 }, { walGrowths: 4, thenMs: 0 }, { onOutput: true }];

/** Which of the passphrases opens the vault (each tried), its generation, and the state behind it. */
async function reopen(
  dataDir: string,
  passphrases: readonly string[],
): Promise<{ opens: string[]; generation: number; audit: { ok: boolean }; secrets: Map<string, Record<string, string>> }> {
  const opens: string[] = [];
  let generation = 0;
  let audit: { ok: boolean } = { ok: false };
  const secrets = new Map<string, Record<string, string>>();
  for (const p of passphrases) {
    const core = createCore({ dataDir, actor: 'cli', keyStore: noKeyStore, autoLockMs: 0 });
    try {
      generation = core.vault.status().generation;
      try {
        await core.start({ passphrase: p });
      } catch (e) {
        if ((e as { code?: string }).code !== 'WRONG_PASSPHRASE') throw e;
        continue;
      }
      opens.push(p);
      audit = core.audit.verify();
      for (const ws of core.workspaces.list())
        for (const k of core.credentials.list(ws.id)) secrets.set(k.nickname, core.credentials.reveal(k.id, 'cli'));
    } finally {
      core.close();
    }
  }
  return { opens, generation, audit, secrets };
}

describe.skipIf(process.platform !== 'linux')('SIGKILL of the CLI mid-write, passphrase vault', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('after kills at ten moments of `key set`, the vault opens, earlier keys open, the audit log verifies, and key set works again', async () => {
    const dataDir = join(dir, 'keys');
    const env = (p = OLD) => ({ ...NO_KEYCHAIN, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_PASSPHRASE: p });
    expect((await runSwitchboard(['workspace', 'create', 'Acme'], { env: env() })).code).toBe(0);
    const stored = new Map<string, Record<string, string>>([
      ['Base', { ...FAKE.anthropic }],
      ['Phones', { ...FAKE.twilio }],
    ]);
    expect(
      (
        await runSwitchboard(['key', 'set', 'Acme', 'anthropic', '--offline', '--nickname', 'Base'], {
          stdin: JSON.stringify(FAKE.anthropic),
          env: env(),
        })
      ).code,
    ).toBe(0);
    const clean = await runAndKill(dataDir, ['key', 'set', 'Acme', 'twilio', '--offline', '--nickname', 'Phones'], {
      stdin: JSON.stringify(FAKE.twilio),
      env: env(),
      point: null,
    });
    expect(clean.run.code).toBe(0);

    const kills: Kill[] = [];
    let lastNickname = '';
    for (const [i, point] of killPoints(clean.openToExitMs, KEY_SET_COMMIT).entries()) {
      const k = await killLive(point, async (attempt) => {
        const nickname = `Mail ${i}${attempt > 0 ? `.${attempt}` : ''}`;
        const k = await runAndKill(dataDir, ['key', 'set', 'Acme', 'resend', '--offline', '--nickname', nickname], {
          stdin: JSON.stringify(FAKE.resend),
          env: env(),
          point,
        });
        const after = await reopen(dataDir, [OLD, NEXT]);
        expect(after.opens, `kill ${i}, ${k.at}`).toEqual([OLD]);
        expect(after.audit).toMatchObject({ ok: true });
        // Every key stored before the kill opens, unchanged; the killed one is either whole or absent.
        for (const [name, fields] of stored) expect(after.secrets.get(name)).toEqual(fields);
        const killed = after.secrets.get(nickname);
        if (killed) {
          expect(killed).toEqual(FAKE.resend);
          stored.set(nickname, { ...FAKE.resend });
        }
        expect([...after.secrets.keys()].sort()).toEqual([...stored.keys()].sort());
        lastNickname = nickname;
        return k;
      });
      kills.push(k);
    }
    // Kills of a process that had already finished would prove nothing.
    expectLiveKills(kills);
    // A key whose success was printed is there, though the process died before it closed the database.
    expect(stored.has(lastNickname)).toBe(true);

    const again = await runSwitchboard(['key', 'set', 'Acme', 'resend', '--offline', '--nickname', 'Mail again'], {
      stdin: JSON.stringify(FAKE.resend),
      env: env(),
    });
    expect(again).toMatchObject({ code: 0, stderr: '' });
    const last = await reopen(dataDir, [OLD]);
    expect(last.secrets.get('Mail again')).toEqual(FAKE.resend);
    expect(last.audit).toMatchObject({ ok: true });
  }, 900_000);

  it('after kills at ten moments of `vault rotate`, exactly one passphrase opens the vault, the one its generation says, and rotate works again', async () => {
    const dataDir = join(dir, 'rotate');
    const env = (p: string) => ({ ...NO_KEYCHAIN, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_PASSPHRASE: p });
    const file = (p: string): string => {
      const f = join(dir, `${p === OLD ? 'old' : 'next'}.txt`);
      writeFileSync(f, `${p}\n`, { mode: 0o600 });
      return f;
    };
    expect((await runSwitchboard(['workspace', 'create', 'Acme'], { env: env(OLD) })).code).toBe(0);
    expect((await runSwitchboard(['workspace', 'create', 'Beta'], { env: env(OLD) })).code).toBe(0);
    const stored = new Map<string, Record<string, string>>([
      ['Base', { ...FAKE.anthropic }],
      ['Phones', { ...FAKE.twilio }],
    ]);
    expect(
      (
        await runSwitchboard(['key', 'set', 'Acme', 'anthropic', '--offline', '--nickname', 'Base'], {
          stdin: JSON.stringify(FAKE.anthropic),
          env: env(OLD),
        })
      ).code,
    ).toBe(0);
    expect(
      (
        await runSwitchboard(['key', 'set', 'Beta', 'twilio', '--offline', '--nickname', 'Phones'], {
          stdin: JSON.stringify(FAKE.twilio),
          env: env(OLD),
        })
      ).code,
    ).toBe(0);

    // One clean rotation measures the span, and the next rotation goes back: OLD → NEXT → OLD …
    let current = OLD;
    const rotate = (from: string) => ['vault', 'rotate', '--new-passphrase-file', file(from === OLD ? NEXT : OLD)];
    const clean = await runAndKill(dataDir, rotate(current), { env: env(current), point: null });
    expect(clean.run).toMatchObject({ code: 0, stderr: '' });
    current = NEXT;
    let generation = 2;

    const kills: (Kill & { committed: boolean })[] = [];
    for (const [i, point] of killPoints(clean.openToExitMs, ROTATE_COMMITS).entries()) {
      const k = await killLive(point, async () => {
        const k = await runAndKill(dataDir, rotate(current), { env: env(current), point });
        const after = await reopen(dataDir, [OLD, NEXT]);
        const label = `kill ${i}, ${k.at} (alive ${k.alive})`;
        expect(after.opens, label).toHaveLength(1);
        const committed = after.opens[0] !== current;
        // The generation and the passphrase agree: a rotation either happened whole or not at all.
        expect(after.generation, label).toBe(committed ? generation + 1 : generation);
        expect(after.audit, label).toMatchObject({ ok: true });
        for (const [name, fields] of stored) expect(after.secrets.get(name), label).toEqual(fields);
        expect(after.secrets.size).toBe(stored.size);
        if (committed) {
          current = after.opens[0] as string;
          generation += 1;
        }
        return { ...k, committed };
      });
      kills.push(k);
    }
    expectLiveKills(kills);
    // A rotation whose success was printed holds, though the process died before it closed the database.
    expect(kills.at(-1)?.committed).toBe(true);

    const again = await runSwitchboard(rotate(current), { env: env(current) });
    expect(again).toMatchObject({ code: 0, stderr: '' });
    const next = current === OLD ? NEXT : OLD;
    const last = await reopen(dataDir, [OLD, NEXT]);
    expect(last).toMatchObject({ opens: [next], generation: generation + 1, audit: { ok: true } });
    for (const [name, fields] of stored) expect(last.secrets.get(name)).toEqual(fields);
    const set = await runSwitchboard(['key', 'set', 'Acme', 'resend', '--offline', '--nickname', 'After'], {
      stdin: JSON.stringify(FAKE.resend),
      env: env(next),
    });
    expect(set).toMatchObject({ code: 0, stderr: '' });
  }, 900_000);
});
