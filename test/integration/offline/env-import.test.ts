/**
 * A 40-line .env across 10 providers imports exactly what a person would expect, and none of its
 * secret values reach an output or a data-folder file outside the vault's ciphertext.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEnv, previewEnv } from '../../../electron/core/offline/env-import';
import { runSwitchboard } from '../../helpers/cli';
import { makeCore, tempDir } from '../../helpers/core';
import { ENV_FILE, ENV_SECRETS } from './env-fixture';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('.env import', () => {
  it('groups the file into the credentials a person would expect', () => {
    const p = previewEnv(ENV_FILE);
    expect(p.lineCount).toBe(40);
    const verdicts = Object.fromEntries(p.credentials.map((c) => [c.provider, c.verdict]));
    expect(verdicts).toEqual({
      twilio: 'ready', resend: 'ready', sendgrid: 'incomplete', anthropic: 'ready', openai: 'ready',
      stripe: 'ready', github: 'ready', sentry: 'invalid', cloudinary: 'ready', 'aws-s3': 'ready',
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
      expect(stored.map((k) => k.provider).sort()).toEqual(['anthropic', 'aws-s3', 'cloudinary', 'github', 'openai', 'resend', 'stripe', 'twilio']);
      expect(stored.every((k) => k.status === 'unverified')).toBe(true);
      const byProvider = Object.fromEntries(stored.map((k) => [k.provider, core.credentials.fieldsFor(k.id)]));
      expect(byProvider.twilio).toEqual({ accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: ENV_SECRETS.twilio, phoneNumber: '+15005550006' });
      expect(byProvider['aws-s3']).toEqual({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: ENV_SECRETS.aws, region: 'us-east-1', bucket: 'acme-recordings' });
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
      expect(() => importEnv(core, { workspaceId: ws.id, text: ENV_FILE, providers: ['twilio', 'sendgrid'] }, 'console')).toThrow(/SendGrid key in the file is missing API key; nothing was imported/);
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
      const env = { SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_PASSPHRASE: 'correct horse battery', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
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
      for (const s of Object.values(ENV_SECRETS)) expect(all).not.toContain(s);
      for (const f of filesUnder(dir)) {
        const buf = readFileSync(f);
        for (const s of Object.values(ENV_SECRETS)) expect(buf.includes(Buffer.from(s)), `${f} holds a secret`).toBe(false);
      }
    } finally {
      cleanup();
      src.cleanup();
    }
  }, 60_000);
});
