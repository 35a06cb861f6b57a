import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportBundle, planImport } from '../../../electron/core/offline/bundle';
import { AppError } from '../../../shared/errors';
import { filesHolding } from '../../helpers/disk';
import {
  ALL_DAY,
  addSendingKey,
  csv,
  type MessagingSims,
  makeMessagingCore,
  smsCsv,
  startMessagingSims,
  type TestCore,
  usNumbers,
} from '../../helpers/messaging';

const NEW_TOKEN = '0123456789abcdef0123456789abcdef';
const DAY = 86_400_000;

/** The error a call throws (it must throw). */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** The error a promise rejects with (it must reject). */
async function rejected(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('key rotation', () => {
  let sims: MessagingSims;
  let core: TestCore;
  // The core's clock: a named instant that a test moves by whole days.
  let now: number;
  let oldToken: string;
  beforeAll(async () => {
    sims = await startMessagingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    now = Date.parse('2026-03-02T10:00:00Z');
    core = await makeMessagingCore(sims, { now: () => new Date(now) });
    oldToken = sims.twilio.state.authToken;
    sims.twilio.state.secondaryAuthToken = NEW_TOKEN;
  });
  afterEach(() => {
    sims.twilio.state.secondaryAuthToken = null;
    sims.twilio.setFault(null);
    core.dispose();
  });

  /** A client workspace. */
  const client = (name: string, mode: 'byok' | 'bundled' = 'byok'): string =>
    core.workspaces.create({ name, mode, defaultCountry: 'US' }, 'console').id;
  const rows = (): number => (core.db.prepare('SELECT count(*) AS n FROM credentials').get() as { n: number }).n;
  const auditRows = (): number => (core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

  describe('what depends on a key', () => {
    it("lists a client's own key with its campaigns still to send, its enabled workflow rules and its voice agents", async () => {
      const ws = client('Acme');
      const key = await addSendingKey(core, sims, ws, 'twilio');
      const ready = await core.campaigns.create(
        { workspaceId: ws, channel: 'sms', contacts: csv(smsCsv(usNumbers(3))), template: 'Hi', window: ALL_DAY, name: 'Spring offer' },
        'console',
      );
      await addSendingKey(core, sims, ws, 'resend');
      await core.campaigns.create(
        {
          workspaceId: ws,
          channel: 'email',
          contacts: csv('email,first_name,timezone\na@example.com,A,UTC'),
          template: 'Subject: Hi\nHello',
          window: ALL_DAY,
          name: 'Newsletter',
        },
        'console',
      );
      const rule = core.workflows.addRule(
        { workspaceId: ws, outcome: 'interested', channel: 'sms', template: 'Thanks {{first_name}}!' },
        'console',
      );
      const off = core.workflows.addRule(
        { workspaceId: ws, outcome: 'callback', channel: 'sms', template: 'We will call back.' },
        'console',
      );
      core.workflows.setEnabled(off.id, false, 'console');
      const agent = core.agents.create(ws, { name: 'Ava', systemPrompt: 'You call leads about dental check-ups.' }, 'console');

      const deps = core.rotation.dependents(key);
      expect(deps.workspaces).toEqual([{ workspaceId: ws, name: 'Acme', via: 'own', capabilities: ['sms', 'voice-carrier'] }]);
      // The e-mail campaign resolves to the Resend key, not this one.
      expect(deps.campaigns.map((c) => c.name)).toEqual(['Spring offer']);
      expect(deps.campaigns[0]).toMatchObject({ id: ready.campaign.id, channel: 'sms', state: 'ready' });
      expect(deps.workflows.map((w) => w.id)).toEqual([rule.id]);
      expect(deps.agents.map((a) => a.id)).toEqual([agent.id]);
      // It is what a send would resolve, too.
      expect(core.resolver.describe(ws, 'sms')?.credentialId).toBe(key);
    });

    it("lists, for the agency's key, the workspaces that fall back to it: bundled ones and BYOK ones without their own", async () => {
      const agency = core.workspaces.agency().id;
      const key = await addSendingKey(core, sims, agency, 'twilio');
      const bundled = client('Bundled Co', 'bundled');
      const without = client('No Key Co');
      const own = client('Own Key Co');
      await addSendingKey(core, sims, own, 'twilio');
      const strict = client('Strict Co');
      core.workspaces.setFallback(strict, false, 'console');
      // A bundled client's own key stays dormant: the agency's pays.
      await addSendingKey(core, sims, bundled, 'twilio');
      const agentOfBundled = core.agents.create(bundled, { name: 'Max', systemPrompt: 'You confirm appointments.' }, 'console');

      const deps = core.rotation.dependents(key);
      expect(deps.workspaces.map((w) => [w.name, w.via])).toEqual([
        [core.workspaces.agency().name, 'own'],
        ['Bundled Co', 'bundled'],
        ['No Key Co', 'fallback'],
      ]);
      expect(deps.workspaces.find((w) => w.workspaceId === without)?.capabilities).toEqual(['sms', 'voice-carrier']);
      expect(deps.agents.map((a) => a.id)).toEqual([agentOfBundled.id]);
      // Exactly the workspaces whose sends the resolver gives to the agency's key.
      for (const w of core.workspaces.list())
        expect(
          deps.workspaces.some((d) => d.workspaceId === w.id),
          w.name,
        ).toBe(core.resolver.describe(w.id, 'sms')?.credentialId === key);
    });
  });

  describe('the 90-day reminder', () => {
    it('counts whole days on the core clock and reminds from day 90, and a rotated-in key starts again at 0', async () => {
      const ws = client('Acme');
      const key = await addSendingKey(core, sims, ws, 'twilio');
      expect(core.rotation.ages(ws)).toEqual([{ credentialId: key, ageDays: 0, rotationDue: false, standby: false, replaces: null }]);
      now += 89 * DAY + 23 * 3_600_000;
      expect(core.rotation.ages(ws)[0]).toMatchObject({ ageDays: 89, rotationDue: false });
      now += 3_600_000;
      expect(core.rotation.ages(ws)[0]).toMatchObject({ ageDays: 90, rotationDue: true });

      const r = await core.rotation.rotate(key, { fields: { authToken: NEW_TOKEN } }, 'console');
      const ages = core.rotation.ages(ws);
      expect(ages.find((a) => a.credentialId === r.newCredentialId)).toMatchObject({
        ageDays: 0,
        rotationDue: false,
        standby: false,
        replaces: { credentialId: key },
      });
      // The standby key is old but not in use: no reminder for it.
      expect(ages.find((a) => a.credentialId === key)).toMatchObject({ ageDays: 90, rotationDue: false, standby: true, replaces: null });
    });
  });

  describe('a rotation', () => {
    it('switches every dependent to the new key in one step and keeps the old one on standby, unusable', async () => {
      const ws = client('Acme');
      const old = await addSendingKey(core, sims, ws, 'twilio');
      const lines: string[] = [];
      const r = await core.rotation.rotate(old, { fields: { authToken: NEW_TOKEN }, nickname: 'Main line (2026)' }, 'console', (l) =>
        lines.push(l.label),
      );
      expect(r).toMatchObject({
        switched: true,
        reason: null,
        check: { status: 'valid' },
        standby: { credentialId: old, replacedBy: r.newCredentialId },
        moved: { workspaces: 1 },
      });
      expect(lines.length).toBeGreaterThan(0);
      const fresh = core.credentials.get(r.newCredentialId ?? '');
      expect(fresh).toMatchObject({
        active: true,
        status: 'valid',
        nickname: 'Main line (2026)',
        publicFields: { accountSid: sims.twilio.state.accountSid, phoneNumber: '+15005550006' },
      });
      expect(fresh.lastTestedAt).toBe(new Date(now).toISOString());
      expect(core.credentials.get(old)).toMatchObject({ active: false });
      expect(core.resolver.describe(ws, 'sms')?.credentialId).toBe(r.newCredentialId);
      expect(core.resolver.resolve(ws, 'voice-carrier', { providers: ['twilio', 'exotel'] }).fields.authToken === NEW_TOKEN).toBe(true);
      expect(core.rotation.dependents(old).workspaces).toEqual([]);
      expect(core.rotation.standby(ws, 'twilio', 'production')).toMatchObject({ credentialId: old });

      // On standby: never put back in use, never re-keyed, never rotated again.
      expect(thrown(() => core.credentials.activate(old, 'console')).code).toBe('CONFLICT');
      expect(thrown(() => core.credentials.update(old, { fields: { ...sims.twilio.fields } }, 'console')).code).toBe('CONFLICT');
      expect((await rejected(core.rotation.rotate(old, { fields: { authToken: NEW_TOKEN } }, 'console'))).message).toMatch(
        /already on standby after a rotation: confirm it was revoked at Twilio/,
      );
      // One rotation waits at a time.
      expect(
        (
          await rejected(
            core.rotation.rotate(r.newCredentialId ?? '', { fields: { authToken: 'fedcba9876543210fedcba9876543210' } }, 'console'),
          )
        ).message,
      ).toMatch(/still on standby: confirm it was revoked at Twilio before rotating again/);
    });

    it('switches once when the same rotation is asked twice at once (a double click)', async () => {
      const ws = client('Acme');
      const old = await addSendingKey(core, sims, ws, 'twilio');
      const [a, b] = await Promise.allSettled([
        core.rotation.rotate(old, { fields: { authToken: NEW_TOKEN } }, 'console'),
        core.rotation.rotate(old, { fields: { authToken: NEW_TOKEN } }, 'console'),
      ]);
      const switched = [a, b].filter((r) => r.status === 'fulfilled' && r.value.switched);
      const refused = [a, b].filter((r) => r.status === 'rejected');
      expect(switched).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]?.status === 'rejected' && (refused[0].reason as AppError).code).toBe('CONFLICT');
      expect(core.credentials.list(ws)).toHaveLength(2);
      expect(
        core.audit
          .list({ action: 'credential.rotate' })
          .map((e) => e.action)
          .sort(),
      ).toEqual(['credential.rotate.abort', 'credential.rotate.start', 'credential.rotate.start', 'credential.rotate.switch']);
    });

    it('switches nothing when the provider refuses the new key, and says so', async () => {
      const ws = client('Acme');
      const old = await addSendingKey(core, sims, ws, 'twilio');
      const before = rows();
      const r = await core.rotation.rotate(old, { fields: { authToken: 'abcdefabcdefabcdefabcdefabcdefab' } }, 'console');
      expect(r).toMatchObject({ switched: false, newCredentialId: null, standby: null, check: { status: 'invalid' } });
      expect(r.reason).toBe('Twilio refused the new key, so nothing was switched: “Twilio production” stays in use.');
      expect(rows()).toBe(before);
      expect(core.credentials.get(old)).toMatchObject({ active: true, status: 'valid' });
      expect(core.resolver.describe(ws, 'sms')?.credentialId).toBe(old);
      expect(
        core.audit
          .list({ action: 'credential.rotate' })
          .map((e) => e.action)
          .reverse(),
      ).toEqual(['credential.rotate.start', 'credential.rotate.abort']);
    });

    it('switches nothing while the provider cannot be reached: the new key must pass a live check first', async () => {
      const ws = client('Acme');
      const old = await addSendingKey(core, sims, ws, 'twilio');
      sims.twilio.setFault({ kind: 'server-error', status: 503 });
      const r = await core.rotation.rotate(old, { fields: { authToken: NEW_TOKEN } }, 'console');
      expect(r).toMatchObject({ switched: false, check: { status: 'unreachable' } });
      expect(r.reason).toMatch(
        /^Twilio could not be reached, so nothing was switched: a new key is put in use only once a live check passes\./,
      );
      expect(core.credentials.list(ws).map((k) => k.id)).toEqual([old]);
      expect(core.rotation.standby(ws, 'twilio', 'production')).toBeNull();
    });

    it('switches nothing when the new key cannot serve what the old one did', async () => {
      const ws = client('Acme');
      const old = await addSendingKey(core, sims, ws, 'twilio');
      const before = rows();
      // A number this Twilio account does not own: the check passes with a warning that blocks SMS.
      const r = await core.rotation.rotate(old, { fields: { authToken: NEW_TOKEN, phoneNumber: '+15005550009' } }, 'console');
      expect(r).toMatchObject({ switched: false, check: { status: 'warning' } });
      expect(r.reason).toMatch(
        /^The new key cannot take over SMS for Acme, so nothing was switched: .*\+15005550009 is not a number of this Twilio account/,
      );
      expect(rows()).toBe(before);
      expect(core.credentials.get(old)).toMatchObject({ active: true });
      expect(core.audit.list({ action: 'credential.rotate.abort' })[0]?.detail).toMatchObject({ result: 'cannot-serve' });
    });

    it('refuses bad input in one sentence, before checking or writing anything', async () => {
      const ws = client('Acme');
      const old = await addSendingKey(core, sims, ws, 'twilio');
      const before = { rows: rows(), audit: auditRows() };
      const cases: [Record<string, string>, RegExp][] = [
        [{}, /^Type the new Auth Token: a rotation needs every secret of the new key\.$/],
        [{ authToken: 'short' }, /Auth Token/],
        [{ authToken: NEW_TOKEN, [NEW_TOKEN]: 'x' }, /^Twilio keys have no field by one of those names/],
        [{ authToken: oldToken }, /^That is the Twilio key already in use: paste the new one/],
      ];
      for (const [fields, message] of cases) {
        const err = await rejected(core.rotation.rotate(old, { fields }, 'console'));
        expect(err.code).toBe('INVALID_INPUT');
        expect(err.message).toMatch(message);
        expect(err.message.includes(NEW_TOKEN) || err.message.includes(oldToken)).toBe(false);
      }
      expect(
        (await rejected(core.rotation.rotate(old, { fields: { authToken: NEW_TOKEN }, nickname: 'n'.repeat(61) }, 'console'))).code,
      ).toBe('INVALID_INPUT');
      expect(
        (await rejected(core.rotation.rotate('00000000-0000-4000-8000-000000000000', { fields: { authToken: NEW_TOKEN } }, 'console')))
          .code,
      ).toBe('NOT_FOUND');
      expect(thrown(() => core.rotation.confirmRevoked(old, 'console')).message).toMatch(
        /is not a key waiting on standby after a rotation/,
      );
      expect({ rows: rows(), audit: auditRows() }).toEqual(before);
      expect(core.credentials.get(old)).toMatchObject({ active: true });
    });
  });

  describe('a key on standby and bundles', () => {
    it('is neither exported in a bundle nor replaced by an entry of its name', async () => {
      const ws = client('Acme');
      const old = await addSendingKey(core, sims, ws, 'twilio');
      const lock = { passphrase: 'a long team passphrase', workFactor: 10 };
      const before = await exportBundle(core, { workspaceIds: [ws], lock }, 'console');
      await core.rotation.rotate(old, { fields: { authToken: NEW_TOKEN }, nickname: 'New line' }, 'console');
      const after = await exportBundle(core, { workspaceIds: [ws], lock }, 'console');
      const keysOf = async (file: string) =>
        (await planImport(core, Buffer.from(file), { passphrase: lock.passphrase })).preview.workspaces.flatMap((w) =>
          w.keys.map((k) => [k.nickname, k.action]),
        );
      expect(await keysOf(after)).toEqual([['New line', 'replace']]);
      // The old bundle names the rotated-out key: importing it adds a key rather than reviving the standby one.
      expect(await keysOf(before)).toEqual([['Twilio production', 'add']]);
    });
  });

  describe('confirming the old key was revoked', () => {
    it('destroys its ciphertext with no copy left in any file, keeps a tombstone, and leaves an audit trail of every step', async () => {
      const ws = client('Acme');
      const old = await addSendingKey(core, sims, ws, 'twilio');
      const cipher = (core.db.prepare('SELECT ciphertext FROM credentials WHERE id = ?').get(old) as { ciphertext: Buffer }).ciphertext;
      const r = await core.rotation.rotate(old, { fields: { authToken: NEW_TOKEN } }, 'console');
      core.db.pragma('wal_checkpoint(PASSIVE)');
      expect(filesHolding(core.dataDir, cipher).length).toBeGreaterThan(0);

      const done = core.rotation.confirmRevoked(old, 'console');
      expect(done).toEqual({ destroyed: old, nickname: 'Twilio production', provider: 'twilio' });
      expect(
        core.db.prepare('SELECT ciphertext, hints, nickname, deleted_at IS NOT NULL AS gone FROM credentials WHERE id = ?').get(old),
      ).toEqual({ ciphertext: null, hints: '{}', nickname: 'Twilio production', gone: 1 });
      expect(filesHolding(core.dataDir, cipher)).toEqual([]);
      expect(filesHolding(core.dataDir, cipher.subarray(8, 40))).toEqual([]);
      expect(core.rotation.standby(ws, 'twilio', 'production')).toBeNull();
      expect(core.rotation.ages(ws).map((a) => a.credentialId)).toEqual([r.newCredentialId]);

      const trail = core.audit
        .list({ workspaceId: ws })
        .map((e) => e.action)
        .reverse()
        .filter((a) => a.startsWith('credential.rotate') || a === 'credential.delete');
      expect(trail).toEqual(['credential.rotate.start', 'credential.rotate.switch', 'credential.delete', 'credential.rotate.confirm']);
      expect(core.audit.verify()).toMatchObject({ ok: true });
      // A new rotation may follow.
      const again = await core.rotation.rotate(r.newCredentialId ?? '', { fields: { authToken: oldToken } }, 'console');
      expect(again.switched).toBe(true);
    });

    it('never puts a secret in a result, an error, a view or the audit log', async () => {
      const ws = client('Acme');
      const old = await addSendingKey(core, sims, ws, 'twilio');
      const failed = await core.rotation.rotate(old, { fields: { authToken: 'abcdefabcdefabcdefabcdefabcdefab' } }, 'console');
      const r = await core.rotation.rotate(old, { fields: { authToken: NEW_TOKEN } }, 'console');
      const out = JSON.stringify([
        failed,
        r,
        core.rotation.ages(ws),
        core.rotation.dependents(r.newCredentialId ?? ''),
        core.credentials.list(ws),
        core.audit.list({}),
      ]);
      for (const secret of [oldToken, NEW_TOKEN, 'abcdefabcdefabcdefabcdefabcdefab']) expect(out.includes(secret)).toBe(false);
    });
  });
});
