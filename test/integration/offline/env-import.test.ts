/**
 * A 40-line .env across 10 providers imports exactly what a person would expect, and none of its
 * secret values reach an output or a data-folder file outside the vault's ciphertext.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agencyIdentity } from '../../../electron/core/offline/identities';
import { importEnv, previewEnv } from '../../../electron/core/offline/env-import';
import { createIpcHandlers } from '../../../electron/main/ipc';
import { cliArgv, runSwitchboard } from '../../helpers/cli';
import { makeCore, tempDir } from '../../helpers/core';
import { expectNoLeakInDir } from '../../helpers/leaks';
import { ENV_FILE, ENV_SECRETS } from './env-fixture';

const SECRETS = Object.values(ENV_SECRETS);
const root = join(__dirname, '..', '..', '..');

/**
 * Runs `switchboard import env` on a pseudo-terminal (util-linux `script`), answers the
 * confirmation once it is asked, and returns what the terminal showed.
 */
function onTerminal(args: readonly string[], env: Record<string, string>, answer: string): Promise<{ code: number; screen: string }> {
  const command = [process.execPath, ...cliArgv(args)].join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: root, env: { ...process.env, ...env } });
  let screen = '';
  let answered = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      screen += d;
      if (!answered && screen.includes('[y/N]')) {
        answered = true;
        child.stdin.write(answer);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, screen });
    });
  });
}

describe('.env import', () => {
  it('groups the file into the credentials a person would expect', () => {
    const p = previewEnv(ENV_FILE);
    expect(p.lineCount).toBe(40);
    const verdicts = Object.fromEntries(p.credentials.map((c) => [c.provider, c.verdict]));
    expect(verdicts).toEqual({
      twilio: 'ready',
      resend: 'ready',
      sendgrid: 'incomplete',
      anthropic: 'ready',
      openai: 'ready',
      stripe: 'ready',
      github: 'ready',
      sentry: 'invalid',
      cloudinary: 'ready',
      'aws-s3': 'ready',
    });
    expect(p.credentials.find((c) => c.provider === 'sendgrid')?.missing).toEqual(['API key']);
    expect(p.credentials.find((c) => c.provider === 'stripe')?.environment).toBe('test');
    const openai = p.credentials.find((c) => c.provider === 'openai');
    expect(openai?.fields[0]?.public).toBe(true);
    expect(openai?.warnings[0]).toMatch(/NEXT_PUBLIC_OPENAI_API_KEY uses a public prefix/);
    // The later TWILIO_AUTH_TOKEN wins; the first is listed as a duplicate.
    expect(p.credentials.find((c) => c.provider === 'twilio')?.fields.find((f) => f.field === 'authToken')?.line).toBe(38);
    const skipped = p.skipped.map((s) => [s.line, s.reason, s.name]);
    expect(skipped).toEqual([
      [4, 'duplicate', 'TWILIO_AUTH_TOKEN'],
      [18, 'not-used', 'STRIPE_PUBLISHABLE_KEY'],
      [29, 'unknown', 'DATABASE_URL'],
      [30, 'unknown', 'NODE_ENV'],
      [31, 'unknown', 'PORT'],
      [32, 'unknown', 'JWT_SECRET'],
      [33, 'not-a-variable', null],
      [34, 'not-a-variable', null],
      [36, 'unknown', 'FEATURE_FLAGS'],
    ]);
    const shown = JSON.stringify(p);
    for (const s of Object.values(ENV_SECRETS)) expect(shown).not.toContain(s);
  });

  it('stores only the ready credentials, unverified, with their fields', async () => {
    const core = await makeCore();
    try {
      const ws = core.workspaces.create({ name: 'Acme' }, 'console');
      const { stored } = importEnv(core, { workspaceId: ws.id, text: ENV_FILE }, 'console');
      expect(stored.map((k) => k.provider).sort()).toEqual([
        'anthropic',
        'aws-s3',
        'cloudinary',
        'github',
        'openai',
        'resend',
        'stripe',
        'twilio',
      ]);
      expect(stored.every((k) => k.status === 'unverified')).toBe(true);
      const byProvider = Object.fromEntries(stored.map((k) => [k.provider, core.credentials.fieldsFor(k.id)]));
      expect(byProvider.twilio).toEqual({
        accountSid: 'AC0123456789abcdef0123456789abcdef',
        authToken: ENV_SECRETS.twilio,
        phoneNumber: '+15005550006',
      });
      expect(byProvider['aws-s3']).toEqual({
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: ENV_SECRETS.aws,
        region: 'us-east-1',
        bucket: 'acme-recordings',
      });
      expect(byProvider.cloudinary).toEqual({ cloudName: 'acme-media', apiKey: '123456789012345', apiSecret: ENV_SECRETS.cloudinary });
      expect(byProvider.resend).toEqual({ apiKey: ENV_SECRETS.resend, fromEmail: 'hello@acme.example' });
      expect(stored.find((k) => k.provider === 'stripe')?.environment).toBe('test');
      expect(core.audit.list({ action: 'import.env' }).length).toBe(1);
    } finally {
      core.dispose();
    }
  });

  it('refuses a provider that is not ready and stores nothing', async () => {
    const core = await makeCore();
    try {
      const ws = core.workspaces.create({ name: 'Acme' }, 'console');
      expect(() => importEnv(core, { workspaceId: ws.id, text: ENV_FILE, providers: ['twilio', 'sendgrid'] }, 'console')).toThrow(
        /SendGrid key in the file is missing API key; nothing was imported/,
      );
      expect(core.credentials.list(ws.id)).toEqual([]);
    } finally {
      core.dispose();
    }
  });

  it('through the CLI, shows a preview, stores on --yes, and leaks no value', async () => {
    const { dir, cleanup } = tempDir();
    const src = tempDir();
    try {
      const file = join(src.dir, '.env');
      writeFileSync(file, ENV_FILE);
      const env = { SWITCHBOARD_DATA_DIR: dir };
      const outputs: string[] = [];
      const run = async (args: string[]) => {
        const r = await runSwitchboard(args, { env });
        outputs.push(r.stdout, r.stderr);
        return r;
      };
      expect((await run(['workspace', 'create', 'Acme'])).code).toBe(0);
      const preview = await run(['import', 'env', 'Acme', file]);
      expect(preview.code).toBe(0);
      expect(preview.stdout).toContain('SendGrid (production): ▲ incomplete');
      expect(preview.stdout).toContain('Nothing was stored');
      const stored = await run(['import', 'env', 'Acme', file, '--yes', '--offline']);
      expect(stored.code).toBe(0);
      expect(stored.stdout).toContain('Stored 8 keys in Acme, unverified (offline).');
      expect((await run(['key', 'list', 'Acme', '--json'])).code).toBe(0);
      expect((await run(['audit', 'export', '--format', 'json'])).code).toBe(0);
      const all = outputs.join('\n');
      for (const s of SECRETS) expect(all).not.toContain(s);
      expectNoLeakInDir(dir, SECRETS);
    } finally {
      cleanup();
      src.cleanup();
    }
  });

  it('on a terminal, shows the preview and asks before storing: no stores nothing, yes stores the ready keys', async () => {
    const { dir, cleanup } = tempDir();
    const src = tempDir();
    try {
      const file = join(src.dir, 'acme.env');
      writeFileSync(file, ENV_FILE);
      const env = { SWITCHBOARD_DATA_DIR: dir };
      expect((await runSwitchboard(['workspace', 'create', 'Acme'], { env })).code).toBe(0);
      const no = await onTerminal(['import', 'env', 'Acme', file, '--offline'], env, 'n\n');
      expect(no.code).toBe(0);
      expect(no.screen).toContain('SendGrid (production): ▲ incomplete');
      expect(no.screen).toContain('Store 8 keys (Twilio, Resend, Anthropic, OpenAI, Stripe, GitHub, Cloudinary, AWS S3) in Acme? [y/N]');
      expect(no.screen).toContain('Nothing was stored');
      const yes = await onTerminal(['import', 'env', 'Acme', file, '--offline'], env, 'y\n');
      expect(yes.code).toBe(0);
      expect(yes.screen).toContain('Stored 8 keys in Acme, unverified (offline).');
      for (const s of SECRETS) expect(no.screen + yes.screen).not.toContain(s);
      const listed = await runSwitchboard(['key', 'list', 'Acme', '--json'], { env });
      expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(8);
      expectNoLeakInDir(dir, SECRETS);
    } finally {
      cleanup();
      src.cleanup();
    }
  });

  it('through the console’s channels and a bundle round trip, leaks no value to an answer or a data-folder file', async () => {
    const core = await makeCore();
    try {
      const ipc = createIpcHandlers({ core, actor: 'console', emit: () => undefined });
      const ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
      const answers: unknown[] = [];
      const ask = async (r: Promise<unknown>) => {
        const got = (await r) as { ok: boolean; value?: unknown };
        answers.push(got);
        expect(got.ok).toBe(true);
        return got.value as Record<string, unknown>;
      };
      await ask(ipc['env:preview']({ text: ENV_FILE }));
      await ask(
        ipc['env:import']({
          workspaceId: ws,
          text: ENV_FILE,
          providers: ['twilio', 'anthropic', 'aws-s3', 'cloudinary', 'github', 'stripe', 'openai', 'resend'],
        }),
      );
      await ask(ipc['credentials:list']({ workspaceId: ws }));
      const recipient = (await agencyIdentity(core, 'console')).recipient;
      const out = await ask(ipc['bundles:export']({ workspaceIds: [ws], recipients: [recipient] }));
      const data = Buffer.from(String(out.content)).toString('base64');
      const seen = await ask(ipc['bundles:preview']({ data }));
      await ask(ipc['bundles:import']({ data, digest: String(seen.digest) }));
      await ask(ipc['audit:export']({ format: 'json' }));
      const all = JSON.stringify(answers);
      for (const s of SECRETS) expect(all).not.toContain(s);
      expect(core.credentials.list(ws).length).toBe(8);
      expectNoLeakInDir(core.dataDir, SECRETS);
    } finally {
      core.dispose();
    }
  });
});
