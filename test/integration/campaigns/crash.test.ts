/**
 * The crash test: `switchboard campaign run` in its own process, killed with SIGKILL at 20
 * random moments of a 1,000-message campaign against the Twilio simulator and restarted each
 * time. At the end every contact got exactly one message and none is missing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app';
import { noKeyStore } from '../../../electron/core/vault/keychain';
import { cliArgv } from '../../helpers/cli';
import { tempDir } from '../../helpers/core';
import { ALL_DAY, csv, type MessagingSims, smsCsv, startMessagingSims, usNumbers } from '../../helpers/messaging';

const root = join(__dirname, '..', '..', '..');
const PASSPHRASE = 'crash test passphrase, throw-away';
const KILLS = 20;
const MESSAGES = 1000;

/** A small seeded generator, so a failing run can be replayed with CRASH_SEED. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a campaign process killed with SIGKILL twenty times', () => {
  let sims: MessagingSims;
  let dir: string;
  let cleanup: () => void;
  let campaignId: string;
  const numbers = usNumbers(MESSAGES, 5000);

  beforeAll(async () => {
    sims = await startMessagingSims();
    ({ dir, cleanup } = tempDir());
    const core = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore, env: sims.env, checkTimeoutMs: 60_000, autoLockMs: 0 });
    try {
      await core.start({ passphrase: PASSPHRASE, preferPassphrase: true });
      const ws = core.workspaces.create({ name: 'Crashy', defaultCountry: 'US' }, 'cli');
      const key = core.credentials.add({ workspaceId: ws.id, provider: 'twilio', fields: sims.twilio.fields }, 'cli');
      expect((await core.checks.test(key.id, 'cli')).status).toBe('valid');
      const made = await core.campaigns.create(
        {
          workspaceId: ws.id,
          channel: 'sms',
          contacts: csv(smsCsv(numbers)),
          template: 'Hi {{first_name}}, your order shipped.',
          window: ALL_DAY,
          rate: 200,
        },
        'cli',
      );
      campaignId = made.campaign.id;
    } finally {
      core.close();
    }
  });
  afterAll(async () => {
    cleanup();
    await sims.close();
  });

  const start = (): { child: ChildProcess; exited: Promise<number | null> } => {
    const env = { ...process.env, ...sims.env, SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_PASSPHRASE: PASSPHRASE };
    const child = spawn(process.execPath, cliArgv(['campaign', 'run', campaignId]), { cwd: root, env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited };
  };

  it('delivers exactly one message to every contact', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const rnd = random(seed);
    let kills = 0;
    for (let round = 0; round < KILLS; round += 1) {
      const before = sims.sms.stats.requests;
      const { child, exited } = start();
      // Wait until this process is sending (or has ended), then kill it a random moment later.
      const ended = await Promise.race([
        exited.then(() => true),
        (async () => {
          while (sims.sms.stats.requests === before && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
          return false;
        })(),
      ]);
      if (ended) break;
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * 250)));
      child.kill('SIGKILL');
      await exited;
      kills += 1;
    }
    const last = start();
    expect(await last.exited).toBe(0);

    const delivered = sims.sms.stats.perRecipient;
    const missing = numbers.filter((n) => !delivered.has(n));
    const twice = sims.sms.stats.duplicates();
    const lookups = sims.twilio.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json') && r.query.From).length;
    console.log(
      `crash test (seed ${seed}): ${kills} SIGKILLs, ${sims.sms.messages.length} messages accepted for ${numbers.length} contacts, ${missing.length} missing, ${twice.length} duplicated, ${lookups} in-doubt lookups`,
    );
    expect(kills).toBe(KILLS);
    // Kills landed with requests in flight: the restarts had messages in doubt to ask Twilio about.
    expect(lookups).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
    expect(delivered.size).toBe(MESSAGES);

    const core = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore, env: sims.env, autoLockMs: 0 });
    try {
      const c = core.campaigns.get(campaignId);
      expect(c).toMatchObject({ state: 'completed', counts: { total: MESSAGES, sent: MESSAGES } });
      const ids = new Set(core.campaigns.messages(campaignId, { limit: 1000 }).rows.map((m) => m.providerId));
      expect(ids).toEqual(new Set(sims.sms.messages.map((m) => m.sid)));
    } finally {
      core.close();
    }
  }, 240_000);
});
