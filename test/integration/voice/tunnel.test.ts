/**
 * The tunnel with the real SDK against local addresses (no session can be opened offline: what is
 * shown is that openTunnel really dials the override through @ngrok/ngrok and fails in one
 * sentence), and the authtoken read from a real vault through the resolver.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openTunnel, resolveTunnelToken } from '../../../electron/core/voice/runner/tunnel';
import { makeCore } from '../../helpers/core';
import { startNgrokSim } from '../../sim/ngrok';

type TestCore = Awaited<ReturnType<typeof makeCore>>;
const TOKEN = '2SimulatedNgrokAuthtoken_000000000000000000000000';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function core(): Promise<TestCore> {
  const c = await makeCore();
  cleanups.push(() => c.dispose());
  return c;
}

/** Stores an ngrok key and marks it as a passing check would (ngrok cannot be checked offline). */
function addNgrokKey(c: TestCore, workspaceId: string, authtoken = TOKEN): string {
  const key = c.credentials.add({ workspaceId, provider: 'ngrok', fields: { authtoken } }, 'console');
  c.db.prepare("UPDATE credentials SET status = 'valid' WHERE id = ?").run(key.id);
  return key.id;
}

describe('openTunnel with the real SDK', () => {
  it('fails in one sentence when the ingress speaks no ngrok protocol', async () => {
    const sim = await startNgrokSim();
    cleanups.push(() => sim.close());
    const err = await openTunnel({ authtoken: TOKEN, port: 4100, env: { SWITCHBOARD_NGROK_URL: sim.url }, openTimeoutMs: 5_000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('PROVIDER_UNREACHABLE');
    expect((err as AppError).message).toMatch(/^The ngrok tunnel did not open: ngrok's agent service could not be reached securely/);
    expect((err as AppError).message).not.toContain(TOKEN);
  });

  it('fails in one sentence when nothing listens at the ingress', async () => {
    const sim = await startNgrokSim();
    await sim.close();
    const err = await openTunnel({ authtoken: TOKEN, port: 4100, env: { SWITCHBOARD_NGROK_URL: sim.url }, openTimeoutMs: 5_000 }).catch(
      (e: unknown) => e,
    );
    expect((err as AppError).message).toMatch(/^The ngrok tunnel did not open: ngrok could not be reached/);
  });
});

describe('resolveTunnelToken', () => {
  it("reads the agency's validated ngrok authtoken", async () => {
    const c = await core();
    const id = addNgrokKey(c, c.workspaces.agency().id);
    expect(resolveTunnelToken(c)).toEqual({ authtoken: TOKEN, credentialId: id, endpoint: null });
  });

  it("falls back to the agency's token for a client workspace, and prefers the client's own", async () => {
    const c = await core();
    const agencyKey = addNgrokKey(c, c.workspaces.agency().id);
    const ws = c.workspaces.create({ name: 'Acme Realty' }, 'console').id;
    expect(resolveTunnelToken(c, ws).credentialId).toBe(agencyKey);
    const own = addNgrokKey(c, ws, '2ClientsOwnNgrokAuthtoken_00000000000000000000000');
    expect(resolveTunnelToken(c, ws)).toMatchObject({ credentialId: own, authtoken: '2ClientsOwnNgrokAuthtoken_00000000000000000000000' });
  });

  it('says what to do when there is no usable token: none stored, or one never checked', async () => {
    const c = await core();
    const sentence = "Add an ngrok authtoken under the agency's API keys, or pass --public-url.";
    expect(() => resolveTunnelToken(c)).toThrow(sentence);
    c.credentials.add({ workspaceId: c.workspaces.agency().id, provider: 'ngrok', fields: { authtoken: TOKEN } }, 'console');
    expect(() => resolveTunnelToken(c)).toThrow(sentence);
    try {
      resolveTunnelToken(c);
    } catch (err) {
      expect((err as AppError).code).toBe('NO_CREDENTIAL');
      expect((err as AppError).message).not.toContain(TOKEN);
    }
  });
});
