/**
 * A provider reached over TLS, as Cartesia's streaming socket always is: the Cartesia simulator
 * serves HTTPS with a certificate made for this run, and the real CLI, in its own process,
 * trusts it only through NODE_EXTRA_CA_CERTS — no switch in Switchboard turns certificate
 * checks off. Without that CA the same check is unreachable, never invalid.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originEnvName } from '../../../electron/core/providers/origin';
import { tempDir } from '../../helpers/core';
import { runSwitchboard } from '../../helpers/cli';
import { startCartesiaSim } from '../../sim/ai';
import type { ProviderSim } from '../../sim/server';
import type { CartesiaState } from '../../sim/ai';

describe('a provider over TLS', () => {
  let sim: ProviderSim<CartesiaState> & { readonly ca?: string };
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    sim = await startCartesiaSim({}, { tls: true });
    ({ dir, cleanup } = tempDir());
    writeFileSync(join(dir, 'ca.pem'), sim.ca ?? '');
  });
  afterAll(async () => {
    cleanup();
    await sim.close();
  });

  const env = (trust: boolean) => ({
    SWITCHBOARD_DATA_DIR: join(dir, 'data'),
    [originEnvName('cartesia')]: sim.url,
    NODE_EXTRA_CA_CERTS: trust ? join(dir, 'ca.pem') : undefined,
  });

  it('validates a Cartesia key against an HTTPS simulator whose certificate the process was told to trust', async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await runSwitchboard(['workspace', 'create', 'Acme'], { env: env(true) })).code).toBe(0);
    expect(
      (await runSwitchboard(['key', 'set', 'Acme', 'cartesia', '--offline'], { stdin: JSON.stringify(sim.fields), env: env(true) })).code,
    ).toBe(0);

    const untrusted = await runSwitchboard(['key', 'test', 'Acme', 'cartesia', '--json'], { env: env(false) });
    expect(JSON.parse(untrusted.stdout)).toMatchObject([
      {
        status: 'unreachable',
        summary: 'Cartesia presented a certificate that could not be trusted; the key stays unverified.',
        details: { network: 'tls' },
      },
    ]);

    const trusted = await runSwitchboard(['key', 'test', 'Acme', 'cartesia', '--json'], { env: env(true) });
    expect(trusted.code).toBe(0);
    expect(JSON.parse(trusted.stdout)).toMatchObject([{ status: 'valid' }]);
    expect(sim.requests.filter((r) => r.path === '/voices' && r.authorized)).toHaveLength(1);
    expect(`${untrusted.stdout}${untrusted.stderr}${trusted.stdout}${trusted.stderr}`).not.toContain(sim.fields.apiKey);
  });
});
