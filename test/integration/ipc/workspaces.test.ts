/** A workspace's default country, set through the console's channel: validated, audited, and cleared with null. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../electron/main/ipc';
import { makeCore } from '../../helpers/core';

describe('workspaces:setCountry', () => {
  let core: Awaited<ReturnType<typeof makeCore>>;
  let ipc: ReturnType<typeof createIpcHandlers>;
  let ws: string;
  beforeEach(async () => {
    core = await makeCore();
    ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
    ipc = createIpcHandlers({ core, actor: 'console', emit: () => undefined });
  });
  afterEach(() => core.dispose());

  const countryEntries = () => core.audit.list({ action: 'workspace.country' });

  it('sets the country in upper case, audits the change, and clears it with null', async () => {
    expect(await ipc['workspaces:setCountry']({ id: ws, country: 'gb' })).toMatchObject({
      ok: true,
      value: { id: ws, defaultCountry: 'GB' },
    });
    expect(core.workspaces.get(ws).defaultCountry).toBe('GB');
    expect(await ipc['workspaces:setCountry']({ id: ws, country: null })).toMatchObject({ ok: true, value: { defaultCountry: null } });
    expect(countryEntries().map((e) => e.detail)).toEqual([
      { from: 'GB', to: null },
      { from: null, to: 'GB' },
    ]);
  });

  it('refuses a code libphonenumber-js does not know in one sentence, and changes nothing', async () => {
    await ipc['workspaces:setCountry']({ id: ws, country: 'IN' });
    for (const country of ['XX', 'USA', 'U', '', 'sk-live-0123']) {
      expect(await ipc['workspaces:setCountry']({ id: ws, country })).toEqual({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: 'A country is a two-letter ISO 3166 code with a phone numbering plan, such as US, GB or IN.',
        },
      });
    }
    expect(core.workspaces.get(ws).defaultCountry).toBe('IN');
    expect(countryEntries()).toHaveLength(1);
  });

  it('writes no audit entry when the country does not change, and refuses an unknown workspace', async () => {
    await ipc['workspaces:setCountry']({ id: ws, country: 'US' });
    await ipc['workspaces:setCountry']({ id: ws, country: 'us' });
    expect(countryEntries()).toHaveLength(1);
    const missing = await ipc['workspaces:setCountry']({ id: '00000000-0000-4000-8000-000000000000', country: 'US' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('validates the country a workspace is created with', () => {
    expect(core.workspaces.create({ name: 'Globex', defaultCountry: 'de' }, 'console').defaultCountry).toBe('DE');
    expect(() => core.workspaces.create({ name: 'Initech', defaultCountry: 'ZZ' }, 'console')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(core.workspaces.list().map((w) => w.name)).not.toContain('Initech');
  });
});
