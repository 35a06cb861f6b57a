/**
 * Sending throughput against the simulators, which count requests per one-second window:
 * 10,000 SMS at a configured 50/s must achieve ≥ 95 % of that rate with no request over the
 * limit; 10,000 e-mails through Resend must take ≤ 101 requests (batches of 100 at 2/s).
 * The SMS campaign is sent by `switchboard campaign run` in its own process, as an operator
 * would, so the simulator's clock (this process) is not the sender's event loop.
 * Baseline, same run: the same simulator answering an unthrottled burst of plain requests,
 * so the figures show the limiter — not the simulator — sets the pace.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createCore } from '../../electron/core/app';
import { noKeyStore } from '../../electron/core/vault/keychain';
import { tempDir } from '../helpers/core';
import { addSendingKey, ALL_DAY, startMessagingSims } from '../helpers/messaging';
import { usNumber } from './messaging-data';

const PASSPHRASE = 'benchmark passphrase, throw-away';

const SMS = 10_000;
const SMS_RATE = 50;
const EMAILS = 10_000;

/** Plain POSTs at the simulator, 8 at a time: what it can take when nothing holds requests back. */
async function burst(url: string, auth: string, n: number): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        const i = (next += 1);
        await fetch(url, {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ To: usNumber(900_000 + i), From: '+15005550006', Body: 'baseline' }).toString(),
        }).then((r) => r.text());
      }
    }),
  );
  return n / ((performance.now() - t) / 1000);
}

/** Runs the sending benchmarks and prints their figures. */
export async function run(): Promise<void> {
  console.log('\n## Messaging: sending rate against the simulators');
  const sims = await startMessagingSims({ smsLimitPerSecond: SMS_RATE });
  const { dir, cleanup } = tempDir('switchboard-bench-');
  const core = createCore({ dataDir: dir, actor: 'cli', keyStore: noKeyStore, env: sims.env, checkTimeoutMs: 5_000, autoLockMs: 0 });
  try {
    await core.start({ passphrase: PASSPHRASE, preferPassphrase: true });
    const ws = core.workspaces.create({ name: 'Bench', defaultCountry: 'US' }, 'cli').id;
    await addSendingKey(core, sims, ws, 'twilio');
    await addSendingKey(core, sims, ws, 'resend');

    const f = sims.twilio.fields;
    const baseline = await burst(
      `${sims.twilio.url}/2010-04-01/Accounts/${f.accountSid}/Messages.json`,
      `Basic ${Buffer.from(`${f.accountSid}:${f.authToken}`).toString('base64')}`,
      2_000,
    );
    sims.sms.stats.reset();
    sims.sms.messages.splice(0);
    sims.twilio.clearRequests();

    const csv = ['phone,first_name,timezone', ...Array.from({ length: SMS }, (_, i) => `${usNumber(i)},Contact${i},America/New_York`)].join(
      '\n',
    );
    const sms = await core.campaigns.create(
      {
        workspaceId: ws,
        channel: 'sms',
        contacts: Readable.from([csv]),
        template: 'Hi {{first_name}}, your appointment is tomorrow at 10.',
        window: ALL_DAY,
        rate: SMS_RATE,
      },
      'cli',
    );
    let t = performance.now();
    const env = { ...process.env, ...sims.env, SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_PASSPHRASE: PASSPHRASE };
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', '..', 'electron', 'cli', 'index.ts'), 'campaign', 'run', sms.campaign.id],
      { env, stdio: 'ignore' },
    );
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`campaign run exited with ${code}`);
    const smsSeconds = (performance.now() - t) / 1000;
    const smsDone = core.campaigns.get(sms.campaign.id);
    const posts = sims.twilio.requests.filter((r) => r.method === 'POST');
    const span = ((posts.at(-1)?.at ?? 0) - (posts[0]?.at ?? 0)) / 1000;
    const achieved = (posts.length - 1) / span;
    console.log(`simulator baseline: ${Math.round(baseline)} plain requests/s unthrottled`);
    console.log(
      `${smsDone.counts.sent.toLocaleString('en')} SMS at a configured ${SMS_RATE}/s by \`campaign run\`: ${smsSeconds.toFixed(1)} s with start-up, ${achieved.toFixed(2)}/s between first and last request = ${((achieved / SMS_RATE) * 100).toFixed(1)} % of the rate (target ≥ 95 %), ${(achieved / baseline).toFixed(3)}× the simulator's capacity`,
    );
    // When each request left, as the outbox recorded it just before the send: the sender's own view.
    const left = (core.db.prepare('SELECT inflight_at FROM messages WHERE campaign_id = ?').pluck().all(sms.campaign.id) as number[]).map(
      (t) => Math.floor(t / 1000),
    );
    const perWindow = new Map<number, number>();
    for (const w of left) perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    console.log(
      `  busiest one-second window at the simulator: ${sims.sms.stats.maxPerWindow()} requests; requests over the limit: ${sims.sms.stats.overLimit} (target 0); duplicates: ${sims.sms.stats.duplicates().length}`,
    );
    console.log(`  busiest one-second window as sent (outbox in-flight times): ${Math.max(...perWindow.values())} requests`);

    const emails = ['email,first_name,country', ...Array.from({ length: EMAILS }, (_, i) => `reader${i}@example.org,Reader${i},US`)].join(
      '\n',
    );
    const mail = await core.campaigns.create(
      {
        workspaceId: ws,
        channel: 'email',
        contacts: Readable.from([emails]),
        template: 'Subject: Your statement, {{first_name}}\n\nHello {{first_name}}, your statement is ready.',
        window: ALL_DAY,
      },
      'cli',
    );
    sims.resend.clearRequests();
    t = performance.now();
    const mailDone = await core.campaigns.run(mail.campaign.id, 'cli');
    const mailSeconds = (performance.now() - t) / 1000;
    const batches = sims.resend.requests.filter((r) => r.path === '/emails/batch');
    const minimum = Math.ceil(EMAILS / 100);
    console.log(
      `${mailDone.counts.sent.toLocaleString('en')} e-mails through Resend: ${batches.length} requests (minimum ${minimum}, target ≤ 101) in ${mailSeconds.toFixed(1)} s (${minimum} requests at 2/s take ${((minimum - 1) / 2).toFixed(1)} s); 429 answers: ${batches.filter((r) => r.status === 429).length}; duplicates: ${sims.emails.stats.duplicates().length}`,
    );
  } finally {
    core.close();
    cleanup();
    await sims.close();
  }
}

if (require.main === module) void run();
