/**
 * The ngrok check with the real @ngrok/ngrok SDK, pointed at local addresses by
 * SWITCHBOARD_NGROK_URL: what can be shown offline is that the SDK is really called, dials the
 * override, and that each way of failing to reach an ingress leaves the key unverified in time.
 * A session ngrok accepts or refuses needs ngrok itself (see the unit tests for those verdicts).
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCredential } from '../../../electron/core/providers';
import { startNgrokSim } from '../../sim/ngrok';
import type { ProviderSim } from '../../sim';
import { expectNoSecret } from './harness';

let sims: ProviderSim<unknown>[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

const ctx = (url: string, authtoken: string, timeoutMs = 5_000) => ({
  fields: { authtoken },
  environment: 'production' as const,
  env: { SWITCHBOARD_NGROK_URL: url },
  timeoutMs,
});

describe('ngrok check with the real SDK', () => {
  it('reaches the override address over TLS and leaves the key unverified when the handshake fails', async () => {
    const sim = await startNgrokSim();
    sims.push(sim);
    const r = await checkCredential('ngrok', ctx(sim.url, sim.fields.authtoken ?? ''));
    expect(r.status).toBe('unreachable');
    expect(r.summary).toMatch(/TLS handshake failed.*the key stays unverified\.$/);
    expectNoSecret(r, sim.secrets);
  });

  it('leaves the key unverified when nothing listens at the address', async () => {
    const sim = await startNgrokSim();
    await sim.close();
    const r = await checkCredential('ngrok', ctx(sim.url, sim.fields.authtoken ?? ''));
    expect(r.status).toBe('unreachable');
    expect(r.summary).toMatch(/^ngrok could not be reached/);
  });

  it('stops at the deadline when the ingress accepts the connection and never answers', async () => {
    // The SDK's connect has no time limit of its own and cannot be cancelled: a silent peer keeps it
    // (and, in 1.7.0, every later connect in the process) waiting until the socket dies, so the test
    // drops the socket itself once the check has given up.
    const sockets: Socket[] = [];
    const silent = createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = performance.now();
      const r = await checkCredential(
        'ngrok',
        ctx(`https://127.0.0.1:${(silent.address() as AddressInfo).port}`, '2SimulatedNgrokAuthtoken_000000000000000000000000', 600),
      );
      expect(r.status).toBe('unreachable');
      expect(r.summary).toBe('ngrok did not answer in time; the key stays unverified.');
      expect(performance.now() - started).toBeLessThan(60_000);
      expect(sockets.length).toBe(1);
      // While that connect hangs, a new check fails at once instead of queueing behind it.
      const held = await checkCredential(
        'ngrok',
        ctx(`https://127.0.0.1:${(silent.address() as AddressInfo).port}`, '2SimulatedNgrokAuthtoken_000000000000000000000000'),
      );
      expect(held.summary).toMatch(/^An earlier ngrok connection attempt is still waiting for an answer/);
      expect(sockets.length).toBe(1);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
    // Once the peer is gone the hung connect fails, and checks dial again.
    await expect
      .poll(
        async () =>
          (await checkCredential('ngrok', ctx('https://127.0.0.1:9', '2SimulatedNgrokAuthtoken_000000000000000000000000'))).summary,
        { timeout: 120_000 },
      )
      .toMatch(/^ngrok could not be reached/);
  });
});
