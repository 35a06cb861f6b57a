import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { ManualClock } from '../../../../../electron/core/voice/clock';
import { openTunnel, type TunnelDriver, type TunnelHooks, type TunnelStatus } from '../../../../../electron/core/voice/runner/tunnel';

const TOKEN = '2AbCdEfGhIjKlMnOpQrStUvWx_9yZ8xW7vU6tS5rQ4pO3nM2';

/** A stand-in for the SDK: records what it was asked, hands the hooks back, and counts closes. */
function fakeDriver(url: string | null = 'https://a1b2-203-0-113-7.ngrok-free.app') {
  const calls: { authtoken: string; serverAddr?: string; forwardTo: string }[] = [];
  let hooks: TunnelHooks | null = null;
  let closes = 0;
  const driver: TunnelDriver = async (o) => {
    calls.push({ authtoken: o.authtoken, forwardTo: o.forwardTo, ...(o.serverAddr ? { serverAddr: o.serverAddr } : {}) });
    hooks = o.hooks;
    return { url, close: async () => void (closes += 1) };
  };
  return { driver, calls, hooks: () => hooks as TunnelHooks, closes: () => closes };
}

/** What the SDK throws when ngrok refuses a session (see the ngrok check tests). */
function refused(code: string): Error {
  return Object.assign(new Error(`failed to connect session: authentication failed: Your authtoken: ${TOKEN}\n\nerror_code: ${code}`), {
    code: 'GenericFailure',
    errorCode: code,
  });
}

describe('openTunnel', () => {
  it('forwards to the media server on 127.0.0.1 and reports up with the https URL', async () => {
    const clock = new ManualClock();
    const f = fakeDriver();
    const seen: TunnelStatus[] = [];
    const t = await openTunnel({ authtoken: TOKEN, port: 4100, clock, env: {}, driver: f.driver, onStatus: (s) => seen.push(s) });
    expect(t.url).toBe('https://a1b2-203-0-113-7.ngrok-free.app');
    expect(t.up).toBe(true);
    expect(f.calls).toEqual([{ authtoken: TOKEN, forwardTo: 'http://127.0.0.1:4100' }]);
    expect(seen.map((s) => s.state)).toEqual(['up']);
    expect(JSON.stringify(seen)).not.toContain(TOKEN);
  });

  it('dials the ingress SWITCHBOARD_NGROK_URL names', async () => {
    const f = fakeDriver();
    await openTunnel({
      authtoken: TOKEN,
      port: 4100,
      clock: new ManualClock(),
      env: { SWITCHBOARD_NGROK_URL: 'https://127.0.0.1:4443' },
      driver: f.driver,
    });
    expect(f.calls[0]?.serverAddr).toBe('127.0.0.1:4443');
  });

  it('goes reconnecting on a disconnection, up at the next heartbeat, and down if reconnecting outlasts downAfterMs', async () => {
    const clock = new ManualClock();
    const f = fakeDriver();
    const seen: TunnelStatus[] = [];
    const t = await openTunnel({
      authtoken: TOKEN,
      port: 4100,
      clock,
      env: {},
      driver: f.driver,
      downAfterMs: 30_000,
      onStatus: (s) => seen.push(s),
    });
    f.hooks().disconnected();
    f.hooks().disconnected(); // the SDK calls it on every failed reconnection: reported once
    expect(t.state).toBe('reconnecting');
    expect(t.up).toBe(false);
    clock.advance(10_000);
    f.hooks().heartbeat();
    expect(t.state).toBe('up');
    clock.advance(60_000); // the down timer was cancelled by the heartbeat
    expect(t.state).toBe('up');
    f.hooks().disconnected();
    clock.advance(29_999);
    expect(t.state).toBe('reconnecting');
    clock.advance(1);
    expect(t.state).toBe('down');
    f.hooks().heartbeat();
    expect(seen.map((s) => `${s.state}@${s.at}`)).toEqual([
      'up@0',
      'reconnecting@0',
      'up@10000',
      'reconnecting@70000',
      'down@100000',
      'up@100000',
    ]);
    expect(seen[4]?.message).toMatch(/unreachable for 30 s/);
  });

  it('closes once, reports down, and ignores the SDK afterwards', async () => {
    const clock = new ManualClock();
    const f = fakeDriver();
    const seen: string[] = [];
    const t = await openTunnel({ authtoken: TOKEN, port: 4100, clock, env: {}, driver: f.driver, onStatus: (s) => seen.push(s.state) });
    f.hooks().disconnected();
    await t.close();
    await t.close();
    f.hooks().heartbeat();
    clock.advance(60_000);
    expect(f.closes()).toBe(1);
    expect(seen).toEqual(['up', 'reconnecting', 'down']);
    expect(clock.pending()).toBe(0);
  });

  it('keeps working when the status listener throws', async () => {
    const f = fakeDriver();
    const t = await openTunnel({
      authtoken: TOKEN,
      port: 4100,
      clock: new ManualClock(),
      env: {},
      driver: f.driver,
      onStatus: () => {
        throw new Error('window closed');
      },
    });
    f.hooks().disconnected();
    expect(t.state).toBe('reconnecting');
  });

  it('turns ngrok refusals into one sentence with a code, never the token', async () => {
    const cases: [string, string, RegExp][] = [
      ['ERR_NGROK_107', 'PROVIDER_AUTH', /^The ngrok tunnel did not open: ngrok rejected the authtoken \(ERR_NGROK_107\)/],
      ['ERR_NGROK_108', 'RATE_LIMITED', /as many agent sessions as its plan allows/],
      ['ERR_NGROK_103', 'PROVIDER_AUTH', /suspended or unpaid/],
    ];
    for (const [code, appCode, text] of cases) {
      const err = await openTunnel({
        authtoken: TOKEN,
        port: 4100,
        clock: new ManualClock(),
        env: {},
        driver: () => Promise.reject(refused(code)),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(appCode);
      expect((err as AppError).message).toMatch(text);
      expect((err as AppError).message).not.toContain(TOKEN);
    }
  });

  it('gives up at openTimeoutMs and closes an endpoint that opens later', async () => {
    const clock = new ManualClock();
    let closes = 0;
    let finish!: () => void;
    const driver: TunnelDriver = () =>
      new Promise((resolve) => (finish = () => resolve({ url: 'https://late.ngrok-free.app', close: async () => void (closes += 1) })));
    const pending = openTunnel({ authtoken: TOKEN, port: 4100, clock, env: {}, driver, openTimeoutMs: 15_000 }).catch((e: unknown) => e);
    clock.advance(15_000);
    const err = await pending;
    expect((err as AppError).message).toBe('The ngrok tunnel did not open: ngrok did not answer in time.');
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(closes).toBe(1);
  });

  it('refuses an endpoint without an https URL and closes it', async () => {
    const f = fakeDriver('tcp://0.tcp.ngrok.io:12345');
    const err = await openTunnel({ authtoken: TOKEN, port: 4100, clock: new ManualClock(), env: {}, driver: f.driver }).catch(
      (e: unknown) => e,
    );
    expect((err as AppError).message).toMatch(/without an https address/);
    expect(f.closes()).toBe(1);
  });

  it('refuses a bad port or an empty token before dialling anything', async () => {
    const f = fakeDriver();
    await expect(openTunnel({ authtoken: TOKEN, port: 0, driver: f.driver })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(openTunnel({ authtoken: ' ', port: 4100, driver: f.driver })).rejects.toMatchObject({ code: 'NO_CREDENTIAL' });
    expect(f.calls).toHaveLength(0);
  });
});
