import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyImport, planImport } from '../../../electron/core/offline/bundle';
import { encryptText } from '../../../electron/core/offline/bundle-file';
import { agencyIdentity } from '../../../electron/core/offline/identities';
import { normalName } from '../../../shared/names';
import { FAKE, makeCore } from '../../helpers/core';

type TestCore = Awaited<ReturnType<typeof makeCore>>;
let core: TestCore;
beforeEach(async () => {
  core = await makeCore();
});
afterEach(() => core.dispose());

const LOOKALIKES = ['Acme\u200b', '\u2066Acme\u2069', 'Acme\u202e', '\ufeffAcme', 'Ac\u200dme', ' Acme  '];

describe('look-alike names', () => {
  it('normalises to NFC and drops bidi controls and zero-width characters', () => {
    expect(LOOKALIKES.map(normalName)).toEqual(LOOKALIKES.map(() => 'Acme'));
    expect(normalName('Cafe\u0301')).toBe('Caf\u00e9');
  });

  it('refuses a second workspace that only looks different, and finds the first by any of them', () => {
    const acme = core.workspaces.create({ name: 'Acme' }, 'console');
    for (const name of LOOKALIKES)
      expect(() => core.workspaces.create({ name }, 'console'), JSON.stringify(name)).toThrow(
        expect.objectContaining({ code: 'CONFLICT' }) as Error,
      );
    expect(core.workspaces.find('Acme\u202e').id).toBe(acme.id);
    core.workspaces.create({ name: 'Cafe\u0301' }, 'console');
    expect(() => core.workspaces.create({ name: 'Caf\u00e9' }, 'console')).toThrow(expect.objectContaining({ code: 'CONFLICT' }) as Error);
  });

  it('refuses a second voice agent that only looks different, and stores key nicknames without invisible characters', () => {
    const ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
    const ava = core.agents.create(ws, { name: '\u202eAva', systemPrompt: 'You are Ava.' }, 'console');
    expect(ava.name).toBe('Ava');
    expect(() => core.agents.create(ws, { name: 'Ava\u200b', systemPrompt: 'You are Ava.' }, 'console')).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }) as Error,
    );
    const key = core.credentials.add(
      { workspaceId: ws, provider: 'anthropic', fields: FAKE.anthropic, nickname: 'Main\u2067 key\u200c' },
      'console',
    );
    expect(key.nickname).toBe('Main key');
  });

  it('imports a bundle’s look-alike workspace into the one it imitates, its nicknames normalised', async () => {
    const acme = core.workspaces.create({ name: 'Acme' }, 'console');
    const recipient = (await agencyIdentity(core)).recipient;
    const payload = {
      format: 'switchboard-bundle',
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      workspaces: [
        {
          name: 'Acme\u200b',
          kind: 'client',
          mode: 'byok',
          allowAgencyFallback: true,
          defaultCountry: null,
          credentials: [
            { provider: 'resend', environment: 'production', nickname: 'Mail\u202e', endpoint: null, active: true, fields: FAKE.resend },
          ],
        },
      ],
    };
    const plan = await planImport(core, Buffer.from(await encryptText(JSON.stringify(payload), { recipients: [recipient] })));
    applyImport(core, plan, 'console');
    expect(
      core.workspaces
        .list()
        .filter((w) => w.kind === 'client')
        .map((w) => w.name),
    ).toEqual(['Acme']);
    expect(core.credentials.list(acme.id).map((k) => k.nickname)).toEqual(['Mail']);
  });
});
