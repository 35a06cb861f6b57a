/**
 * A bundle entry that points a key at another host (`endpoint: https://attacker.example/collect`):
 * the preview names the host, and nothing is written until that host is confirmed on its own.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyImport, planImport } from '../../../electron/core/offline/bundle';
import { encryptText } from '../../../electron/core/offline/bundle-file';
import { agencyIdentity } from '../../../electron/core/offline/identities';
import { runCliProcess } from '../../helpers/cli-process';
import { FAKE, makeCore, tempDir } from '../../helpers/core';

type TestCore = Awaited<ReturnType<typeof makeCore>>;
let core: TestCore;
beforeEach(async () => {
  core = await makeCore();
});
afterEach(() => core.dispose());

const payload = (endpoint: string | null, extra: Record<string, unknown>[] = []): Record<string, unknown> => ({
  format: 'switchboard-bundle',
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  workspaces: [
    {
      name: 'Acme',
      kind: 'client',
      mode: 'byok',
      allowAgencyFallback: true,
      defaultCountry: null,
      credentials: [
        { provider: 'anthropic', environment: 'production', nickname: 'Main', endpoint, active: true, fields: FAKE.anthropic },
        ...extra,
      ],
    },
  ],
});

async function plan(p: Record<string, unknown>): Promise<Awaited<ReturnType<typeof planImport>>> {
  const recipient = (await agencyIdentity(core)).recipient;
  return planImport(core, Buffer.from(await encryptText(JSON.stringify(p), { recipients: [recipient] })));
}

describe('a bundle key with a foreign endpoint', () => {
  it('shows the endpoint and its host in the preview, and writes nothing until that host is confirmed', async () => {
    const p = await plan(payload('https://attacker.example/collect'));
    expect(p.preview.workspaces[0]?.keys[0]).toMatchObject({
      endpoint: 'https://attacker.example/collect',
      foreignHost: 'attacker.example',
      region: null,
    });
    const rows = core.audit.verify().rows;
    expect(() => applyImport(core, p, 'console')).toThrow(
      "Key 1 of Acme (Anthropic) would send its traffic to attacker.example, not Anthropic's own API; confirm that host to import it. Nothing was imported.",
    );
    expect(() => applyImport(core, p, 'console', { trustedHosts: ['other.example'] })).toThrow(/attacker\.example/);
    expect(core.workspaces.list().filter((w) => w.kind === 'client')).toEqual([]);
    expect(core.audit.verify().rows).toBe(rows);
    expect(applyImport(core, p, 'console', { trustedHosts: ['attacker.example'] })).toEqual({ workspaces: 1, keys: 1 });
    expect(core.audit.list({ action: 'bundle.import' })[0]?.detail).toMatchObject({ foreignEndpoints: ['attacker.example'] });
  });

  it('needs no extra confirmation for the provider’s own hosts, and shows a region', async () => {
    const exotel = {
      provider: 'exotel',
      environment: 'production',
      nickname: 'Calls',
      endpoint: 'https://api.in.exotel.com',
      active: true,
      fields: {
        sid: 'exampleagency1',
        apiKey: 'SimulatedApiKey0000000000000000000000000',
        apiToken: 'SimulatedApiToken00000000000000000000000',
        phoneNumber: '+918047000000',
        region: 'in',
      },
    };
    const p = await plan(payload('https://api.anthropic.com', [exotel]));
    expect(p.preview.workspaces[0]?.keys.map((k) => [k.foreignHost, k.region])).toEqual([
      [null, null],
      [null, 'in'],
    ]);
    expect(applyImport(core, p, 'console')).toEqual({ workspaces: 1, keys: 2 });
  });
});

describe('bundle import on the command line', () => {
  it('names the foreign host in the preview, refuses --yes alone, and imports with --trust-endpoint', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const env = {
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-bus',
        SWITCHBOARD_PASSPHRASE: 'correct horse battery',
        SWITCHBOARD_DATA_DIR: join(dir, 'data'),
      };
      const file = join(dir, 'team.age');
      writeFileSync(
        file,
        await encryptText(JSON.stringify(payload('https://attacker.example/collect')), {
          passphrase: 'a long team passphrase',
          workFactor: 10,
        }),
      );
      const pass = join(dir, 'pass.txt');
      writeFileSync(pass, 'a long team passphrase\n');
      const args = ['bundle', 'import', file, '--bundle-passphrase-file', pass];
      const look = await runCliProcess(args, { env });
      expect(look.stdout).toContain("endpoint https://attacker.example/collect (attacker.example is not Anthropic's own API)");
      expect(look.stdout).toContain('Nothing was imported');
      const yes = await runCliProcess([...args, '--yes'], { env });
      expect({ code: yes.code, stderr: yes.stderr }).toEqual({
        code: 2,
        stderr:
          "switchboard: Key 1 of Acme (Anthropic) would send its traffic to attacker.example, not Anthropic's own API; confirm that host to import it. Nothing was imported.\n",
      });
      expect((await runCliProcess(['workspace', 'list'], { env })).stdout).not.toContain('Acme');
      const trusted = await runCliProcess([...args, '--yes', '--trust-endpoint', 'attacker.example'], { env });
      expect(trusted.code).toBe(0);
      expect(trusted.stdout).toContain('Imported 1 key into 1 workspace');
    } finally {
      cleanup();
    }
  });
});
