/**
 * The console's offline-preparation channels: a .env previewed (hints only) and stored as chosen;
 * the agency's recipient made once; a bundle exported, previewed and imported only as previewed;
 * a client intake with its sheet and page, listed until its file comes back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encryptText } from '../../../electron/core/offline/bundle-file';
import { createIpcHandlers } from '../../../electron/main/ipc';
import { FAKE, makeCore } from '../../helpers/core';
import { ENV_FILE, ENV_SECRETS } from '../offline/env-fixture';

type TestCore = Awaited<ReturnType<typeof makeCore>>;
type Ipc = ReturnType<typeof createIpcHandlers>;

const b64 = (text: string): string => Buffer.from(text).toString('base64');

async function value<T>(p: Promise<unknown>): Promise<T> {
  const r = (await p) as { ok: boolean; value?: T; error?: unknown };
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
}

describe('offline channels', () => {
  let core: TestCore;
  let ipc: Ipc;
  beforeEach(async () => {
    core = await makeCore();
    ipc = createIpcHandlers({ core, actor: 'console', emit: () => undefined });
  });
  afterEach(() => core.dispose());

  it('previews a .env with hints only, then stores just the providers chosen', async () => {
    const ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
    const preview = await value<{ credentials: { provider: string; verdict: string }[] }>(ipc['env:preview']({ text: ENV_FILE }));
    expect(preview.credentials.filter((c) => c.verdict === 'ready').length).toBe(8);
    for (const s of Object.values(ENV_SECRETS)) expect(JSON.stringify(preview)).not.toContain(s);
    const stored = await value<{ stored: { provider: string; status: string }[] }>(
      ipc['env:import']({ workspaceId: ws, text: ENV_FILE, providers: ['twilio', 'anthropic'] }),
    );
    expect(stored.stored.map((k) => [k.provider, k.status])).toEqual([
      ['twilio', 'unverified'],
      ['anthropic', 'unverified'],
    ]);
    for (const s of Object.values(ENV_SECRETS)) expect(JSON.stringify(stored)).not.toContain(s);
    expect(await ipc['env:import']({ workspaceId: ws, text: ENV_FILE, providers: ['sendgrid'] })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The SendGrid key in the file is missing API key; nothing was imported.' },
    });
    expect(core.credentials.list(ws).length).toBe(2);
  });

  it('makes the agency’s recipient once, and audits it', async () => {
    expect(await value(ipc['bundles:identity']({}))).toBeNull();
    const made = await value<{ recipient: string }>(ipc['bundles:createIdentity']({}));
    expect(made.recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(await value(ipc['bundles:createIdentity']({}))).toEqual(made);
    expect(await value(ipc['bundles:identity']({}))).toEqual(made);
    expect(core.audit.list({ action: 'bundle.identity' }).length).toBe(1);
  });

  it('exports with a confirmed passphrase, previews, and imports only what the preview showed', async () => {
    const acme = core.workspaces.create({ name: 'Acme' }, 'console');
    core.credentials.add({ workspaceId: acme.id, provider: 'twilio', fields: FAKE.twilio }, 'console');
    expect(
      await ipc['bundles:export']({
        workspaceIds: [acme.id],
        passphrase: 'a long team passphrase',
        confirmation: 'a long team passphrase!',
      }),
    ).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The two passphrases differ. Nothing was exported.' },
    });
    expect((await ipc['bundles:export']({ workspaceIds: [acme.id] })).ok).toBe(false);
    const out = await value<{ filename: string; content: string; keys: number }>(
      ipc['bundles:export']({ workspaceIds: [acme.id], passphrase: 'a long team passphrase', confirmation: 'a long team passphrase' }),
    );
    expect(out.filename).toMatch(/^switchboard-bundle-\d{4}-\d{2}-\d{2}\.age$/);
    expect(out.keys).toBe(1);
    expect(out.content).not.toContain(FAKE.twilio.authToken);

    const other = await makeCore();
    try {
      const ipc2 = createIpcHandlers({ core: other, actor: 'console', emit: () => undefined });
      const data = b64(out.content);
      expect(await value(ipc2['bundles:preview']({ data }))).toEqual({ needsPassphrase: true, preview: null, digest: null });
      expect(await ipc2['bundles:preview']({ data, passphrase: 'not it at all' })).toEqual({
        ok: false,
        error: { code: 'WRONG_PASSPHRASE', message: 'That passphrase does not open this bundle; nothing was imported.' },
      });
      const seen = await value<{ preview: { workspaces: { name: string; action: string }[] }; digest: string }>(
        ipc2['bundles:preview']({ data, passphrase: 'a long team passphrase' }),
      );
      expect(seen.preview.workspaces.map((w) => [w.name, w.action])).toEqual([['Acme', 'create']]);
      expect(JSON.stringify(seen)).not.toContain(FAKE.twilio.authToken);
      // The data changed between preview and import: refused, nothing written.
      other.workspaces.create({ name: 'Acme' }, 'console');
      const stale = await ipc2['bundles:import']({ data, passphrase: 'a long team passphrase', digest: seen.digest });
      expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(other.credentials.list(other.workspaces.find('Acme').id)).toEqual([]);
      const fresh = await value<{ digest: string }>(ipc2['bundles:preview']({ data, passphrase: 'a long team passphrase' }));
      expect(await value(ipc2['bundles:import']({ data, passphrase: 'a long team passphrase', digest: fresh.digest }))).toEqual({
        workspaces: 1,
        keys: 1,
        intakeClosed: false,
      });
      const twilio = other.credentials.list(other.workspaces.find('Acme').id)[0];
      expect(twilio && other.credentials.fieldsFor(twilio.id)).toEqual(FAKE.twilio);
    } finally {
      other.dispose();
    }
  });

  it('creates an intake with its sheet and page, lists it, and closes it when the client’s file lands', async () => {
    const acme = core.workspaces.create({ name: 'Acme' }, 'console').id;
    const made = await value<{ recipient: string; sheet: string; html: string; workspaceName: string }>(
      ipc['intake:create']({ workspaceId: acme, providers: ['resend'], agencyName: 'Northwind' }),
    );
    expect(made.sheet).toContain('RESEND_API_KEY=');
    expect(made.sheet).toContain('intake.html');
    expect(made.html).toContain(made.recipient);
    expect(made.html).not.toContain('AGE-SECRET-KEY');
    expect((await value<{ recipient: string }[]>(ipc['intake:list']({ workspaceId: acme }))).map((i) => i.recipient)).toEqual([
      made.recipient,
    ]);
    const file = await encryptText(`RESEND_API_KEY=${FAKE.resend.apiKey}\n`, { recipients: [made.recipient] });
    const seen = await value<{ preview: { via: string }; digest: string }>(ipc['bundles:preview']({ data: b64(file) }));
    expect(seen.preview.via).toBe('intake');
    expect(await value(ipc['bundles:import']({ data: b64(file), digest: seen.digest }))).toEqual({
      workspaces: 1,
      keys: 1,
      intakeClosed: true,
    });
    expect(await value(ipc['intake:list']({ workspaceId: acme }))).toEqual([]);
  });

  it('closes an unused intake: its file can never be opened, and closing it again is refused', async () => {
    const acme = core.workspaces.create({ name: 'Acme' }, 'console').id;
    const other = core.workspaces.create({ name: 'Other' }, 'console').id;
    const made = await value<{ id: string; recipient: string }>(ipc['intake:create']({ workspaceId: acme, providers: ['resend'] }));
    const file = await encryptText(`RESEND_API_KEY=${FAKE.resend.apiKey}\n`, { recipients: [made.recipient] });
    expect(await ipc['intake:close']({ workspaceId: other, id: made.id })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That intake is not open in this workspace; nothing was changed.' },
    });
    expect(await value(ipc['intake:close']({ workspaceId: acme, id: made.id }))).toEqual({ closed: true });
    expect(await value(ipc['intake:list']({ workspaceId: acme }))).toEqual([]);
    expect(await ipc['bundles:preview']({ data: b64(file) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ipc['intake:close']({ workspaceId: acme, id: made.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(core.audit.list({ action: 'intake.close' }).map((e) => e.target)).toEqual([made.id]);
    expect(core.credentials.list(acme)).toEqual([]);
  });
});
