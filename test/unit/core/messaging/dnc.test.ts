import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDncFile } from '../../../../electron/core/messaging/dnc-file';
import { makeCore } from '../../../helpers/core';

describe('do-not-contact lists', () => {
  let core: Awaited<ReturnType<typeof makeCore>>;
  let ws: string;
  beforeEach(async () => {
    core = await makeCore();
    ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
  });
  afterEach(() => core.dispose());

  it("applies the workspace's list, the agency's, and India's NCPR only to +91 numbers", () => {
    const dnc = core.campaigns.dnc;
    dnc.add({ kind: 'workspace', workspaceId: ws }, ['+14155550001'], 'operator', 'console');
    dnc.add({ kind: 'workspace', workspaceId: ws }, ['+14155550002'], 'opt-out', 'console');
    dnc.add({ kind: 'agency' }, ['+14155550003'], 'operator', 'console');
    dnc.add({ kind: 'ncpr' }, ['+919876543210', '+14155550004'], 'import', 'console');
    const one = dnc.exclusionFor(ws);
    const many = dnc.exclusionsFor(ws)(['+14155550001', '+14155550002', '+14155550003', '+919876543210', '+14155550004', '+14155550005']);
    expect(['+14155550001', '+14155550002', '+14155550003', '+919876543210', '+14155550004', '+14155550005'].map(one)).toEqual([
      "on the workspace's do-not-contact list",
      'opted out',
      "on the agency's do-not-contact list",
      "registered on India's NCPR (do not disturb)",
      null,
      null,
    ]);
    expect(Object.fromEntries(many)).toEqual({
      '+14155550001': "on the workspace's do-not-contact list",
      '+14155550002': 'opted out',
      '+14155550003': "on the agency's do-not-contact list",
      '+919876543210': "registered on India's NCPR (do not disturb)",
    });
    const other = core.workspaces.create({ name: 'Globex' }, 'console').id;
    expect(dnc.exclusionFor(other)('+14155550001')).toBeNull();
    expect(core.audit.list({ action: 'dnc.optOut' })).toHaveLength(1);
  });

  it('imports an NCPR file of 10-digit numbers, keeping only +91 and reporting the rest', async () => {
    const read = readDncFile(Readable.from(['9876543210\n+91 98123 45678\n+14155552671\nnonsense\n']), {
      defaultCountry: 'IN',
      onlyPrefix: '+91',
    });
    const result = await core.campaigns.dnc.importStream({ kind: 'ncpr' }, read.addresses, { replace: true, actor: 'console' });
    expect(result).toEqual({ added: 2, total: 2 });
    expect(read.report).toEqual({
      lines: 4,
      valid: 2,
      invalid: 2,
      samples: [
        { line: 3, reason: '+14155552671 is not a +91 number' },
        { line: 4, reason: '“nonsense” is not a phone number' },
      ],
    });
  });

  it('changes nothing when the file fails half-way', async () => {
    const scope = { kind: 'workspace' as const, workspaceId: ws };
    core.campaigns.dnc.add(scope, ['+14155550001'], 'operator', 'console');
    async function* broken(): AsyncGenerator<string> {
      yield '+14155550002';
      throw new Error('disk gone');
    }
    await expect(core.campaigns.dnc.importStream(scope, broken(), { replace: true, actor: 'console' })).rejects.toThrow('disk gone');
    expect(core.campaigns.dnc.list(scope).entries.map((e) => e.address)).toEqual(['+14155550001']);
  });

  it('replaces a list in one go and lists entries newest first', async () => {
    const scope = { kind: 'agency' as const };
    core.campaigns.dnc.add(scope, ['+14155550001'], 'operator', 'console');
    const read = readDncFile(Readable.from(['phone,name\n+14155550009,x\n']), { defaultCountry: 'US' });
    expect(await core.campaigns.dnc.importStream(scope, read.addresses, { replace: true, actor: 'console' })).toEqual({
      added: 1,
      total: 1,
    });
    expect(core.campaigns.dnc.list(scope)).toMatchObject({ total: 1, entries: [{ address: '+14155550009', source: 'import' }] });
  });
});
