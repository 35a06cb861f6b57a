/**
 * The voice crash test: `switchboard campaign run` of a 200-lead voice campaign in its own process,
 * killed with SIGKILL at ten seeded random moments while it dials and restarted each time. The
 * Twilio simulator and the callees live in this process, so they count every dial the killed
 * processes made. At the end every lead was dialled exactly once, every call has an outcome, and
 * every outcome's workflow message went out once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../../electron/core/app';
import { noKeyStore } from '../../../../electron/core/vault/keychain';
import type { AnthropicState } from '../../../sim/ai';
import { CampaignCallees } from '../../../sim/campaign-callees';
import { startCartesiaTtsSim, type CartesiaTtsSim } from '../../../sim/cartesia-tts';
import { startDeepgramLiveSim, type DeepgramLiveSim } from '../../../sim/deepgram-live';
import type { ProviderSim } from '../../../sim/server';
import type { OnCall } from '../../../sim/twilio-calls';
import { type SimMessaging, serveMessages } from '../../../sim/twilio-messages';
import { cliArgv } from '../../../helpers/cli';
import { clockFrom, tempDir } from '../../../helpers/core';
import { RIG_AGENT } from '../../../helpers/voice-rig';
import { leads, leadsCsv, TIER_2 } from '../../../helpers/voice-campaign';
import { type OnboardingSims, startOnboardingSims } from '../../../helpers/voice';

const root = join(__dirname, '..', '..', '..', '..');
const PASSPHRASE = 'voice crash test passphrase, throw-away';
const KILLS = 10;
const LEADS = 200;
const OUTCOMES = ['interested', 'callback', 'not_interested', 'voicemail', 'no_answer', 'busy', 'failed', 'do_not_call'] as const;

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

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('a voice campaign process killed with SIGKILL ten times', () => {
  const numbers = leads(LEADS);
  const behaviourOf = (to: string): 'answer' | 'busy' | 'no-answer' | 'machine' => {
    const i = numbers.indexOf(to) % 10;
    return i < 6 ? 'answer' : i === 6 ? 'busy' : i === 7 ? 'no-answer' : 'machine';
  };
  let sims: OnboardingSims;
  let sms: SimMessaging;
  let deepgram: DeepgramLiveSim;
  let cartesia: CartesiaTtsSim;
  let callees: CampaignCallees;
  let dir: string;
  let cleanup: () => void;
  let campaignId: string;
  let wsId: string;
  let port: number;

  beforeAll(async () => {
    const hook: { fn?: OnCall } = {};
    sims = await startOnboardingSims({ onCall: (c) => hook.fn?.(c) });
    sms = serveMessages(sims.twilio);
    (sims.byId.anthropic as ProviderSim<AnthropicState>).state.limits = { ...TIER_2 };
    deepgram = await startDeepgramLiveSim({ apiKey: sims.byId.deepgram.fields.apiKey, attach: sims.byId.deepgram });
    cartesia = await startCartesiaTtsSim({ apiKey: sims.byId.cartesia.fields.apiKey, attach: sims.byId.cartesia });
    callees = new CampaignCallees(sims.twilio, { behaviour: behaviourOf, listenMs: 50 });
    hook.fn = callees.onCall;
    port = await freePort();
    ({ dir, cleanup } = tempDir());
    const core = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore, env: sims.env, checkTimeoutMs: 60_000, autoLockMs: 0 });
    try {
      await core.start({ passphrase: PASSPHRASE, preferPassphrase: true });
      const ws = core.workspaces.create({ name: 'Crashy Dental', defaultCountry: 'US' }, 'cli');
      wsId = ws.id;
      for (const p of ['anthropic', 'cartesia', 'deepgram', 'twilio'] as const) {
        const key = core.credentials.add({ workspaceId: ws.id, provider: p, fields: sims.byId[p].fields }, 'cli');
        expect((await core.checks.test(key.id, 'cli')).status).toBe('valid');
      }
      core.onboarding.complete(ws.id, 'cli');
      core.agents.create(ws.id, RIG_AGENT, 'cli');
      for (const outcome of OUTCOMES)
        core.workflows.addRule(
          { workspaceId: ws.id, outcome, channel: 'sms', template: `Thanks for your time, {{first_name}} (${outcome}).` },
          'cli',
        );
      const made = await core.voiceCampaigns.create(
        {
          workspaceId: ws.id,
          agent: 'Ava',
          contacts: Readable.from([Buffer.from(leadsCsv(numbers))]),
          window: '00:00-24:00',
          retries: 0,
          cps: 50,
        },
        'cli',
      );
      campaignId = made.campaign.id;
    } finally {
      core.close();
    }
  });
  afterAll(async () => {
    await callees.settle();
    cleanup();
    await Promise.all([deepgram.close(), cartesia.close()]);
    await sims.close();
  });

  const start = (): { child: ChildProcess; exited: Promise<number | null> } => {
    const env = { ...process.env, ...sims.env, SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_PASSPHRASE: PASSPHRASE };
    const args = cliArgv(['campaign', 'run', campaignId, '--public-url', `http://127.0.0.1:${port}`, '--port', String(port)]);
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited };
  };
  const dials = (): number => [...callees.dialled.values()].reduce((a, b) => a + b, 0);

  it('dials every lead exactly once, ends every call in an outcome, and sends each outcome’s workflow message once', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const began = performance.now();
    const rnd = random(seed);
    let kills = 0;
    for (let round = 0; round < KILLS; round += 1) {
      const before = dials();
      const { child, exited } = start();
      // Wait until this process dials (or has ended), then kill it a random moment later.
      const ended = await Promise.race([
        exited.then(() => true),
        (async () => {
          while (dials() === before && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
          return false;
        })(),
      ]);
      if (ended) break;
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * 400)));
      child.kill('SIGKILL');
      await exited;
      kills += 1;
    }
    const last = start();
    expect(await last.exited).toBe(0);
    await callees.settle();

    const lookups = sims.twilio.requests.filter((r) => r.method === 'GET' && /\/Calls(\/CA[0-9a-f]+)?\.json$/.test(r.path)).length;
    const missing = numbers.filter((n) => !callees.dialled.has(n));
    console.log(
      `voice crash test (seed ${seed}): ${kills} SIGKILLs, ${dials()} dials for ${LEADS} leads, ${missing.length} missing, ${callees.twice().length} dialled twice, ${lookups} Twilio lookups after restarts, carrier peak ${callees.peak} calls, ${Math.round((performance.now() - began) / 1000)} s`,
    );
    expect(kills).toBe(KILLS);
    expect(lookups).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(callees.twice()).toEqual([]);

    // The workflow messages are sent by a process that is not killed, at the hour they were due.
    const probe = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore, env: sims.env, autoLockMs: 0 });
    const due = (
      probe.db
        .prepare("SELECT max(m.not_before) AS t FROM messages m JOIN campaigns c ON c.id = m.campaign_id WHERE c.kind = 'workflow'")
        .get() as { t: number }
    ).t;
    probe.close();
    const core = createCore({
      dataDir: dir,
      actor: 'cli',
      keyStore: noKeyStore,
      env: sims.env,
      autoLockMs: 0,
      now: clockFrom(new Date(due).toISOString()),
    });
    try {
      await core.start({ passphrase: PASSPHRASE });
      const c = core.voiceCampaigns.get(campaignId);
      expect(c).toMatchObject({ state: 'completed', counts: { total: LEADS, done: LEADS } });
      const rows = core.voiceCampaigns.leads(campaignId, { limit: 1000 }).rows;
      expect(rows.filter((l) => l.outcome === null)).toEqual([]);
      const why = new Map<string, number>();
      for (const l of rows.filter((x) => x.outcome === 'failed')) why.set(l.reason ?? '', (why.get(l.reason ?? '') ?? 0) + 1);
      console.log(`failed calls by reason: ${JSON.stringify(Object.fromEntries(why))}`);
      // Every call placed has its outcome in the calls store too.
      const calls = core.calls.list(wsId, { campaignId, limit: 1000 });
      expect(calls.filter((k) => k.carrierCallId !== null && k.outcome === null)).toEqual([]);
      expect(Object.values(c.outcomes).reduce((a, b) => a + b, 0)).toBe(LEADS);
      // Sent at 100/s rather than a long code's 1/s: the pace of the workflow outbox is the messaging tests' subject, not this one's.
      core.db.prepare("UPDATE campaigns SET rate = 100 WHERE workspace_id = ? AND kind = 'workflow'").run(wsId);
      const t0 = performance.now();
      await core.workflows.run(wsId, 'cli');
      console.log(`workflow outbox sent in ${Math.round(performance.now() - t0)} ms`);
      const sent = sms.messages.filter((m) => m.direction !== 'inbound');
      const perNumber = new Map<string, number>();
      for (const m of sent) perNumber.set(m.to, (perNumber.get(m.to) ?? 0) + 1);
      const notOnce = numbers.filter((n) => perNumber.get(n) !== 1);
      console.log(`workflow messages: ${sent.length} sent for ${LEADS} outcomes; outcomes ${JSON.stringify(c.outcomes)}`);
      expect(notOnce).toEqual([]);
    } finally {
      core.close();
    }
    // Ten kills and restarts of a 200-lead campaign: minutes on a loaded machine; only a hang takes longer.
  }, 900_000);
});
