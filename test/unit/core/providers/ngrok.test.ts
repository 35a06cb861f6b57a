import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../../../electron/core/providers/checker';
import { classifyNgrokError, ngrokCheckWith, ngrokServerAddr, type NgrokConnect } from '../../../../electron/core/providers/ngrok';
import type { CheckContext } from '../../../../electron/core/providers/types';

const TOKEN = '2AbCdEfGhIjKlMnOpQrStUvWx_9yZ8xW7vU6tS5rQ4pO3nM2';

/**
 * An error as @ngrok/ngrok 1.7.0 throws it when ngrok refuses a session: a plain Error whose
 * message is the Rust error chain ending in "error_code: ERR_NGROK_…" (and, for token errors,
 * quoting the token), with `code: 'GenericFailure'` from napi and `errorCode` filled in by the
 * SDK's JavaScript wrapper (index.js populateErrorCode).
 */
function sdkError(message: string): Error {
  const err = Object.assign(new Error(message), { code: 'GenericFailure' });
  const m = /error_code: (ERR_NGROK_\d+)$/.exec(message);
  if (m) Object.assign(err, { errorCode: m[1] });
  return err;
}

const refusedWith =
  (code: string, text: string): NgrokConnect =>
  () =>
    Promise.reject(sdkError(`failed to connect session: authentication failed: ${text}\n\nerror_code: ${code}`));

function ctx(extra: Partial<CheckContext> = {}): CheckContext {
  return { fields: { authtoken: TOKEN }, environment: 'production', env: {}, timeoutMs: 60_000, ...extra };
}

describe('the ngrok check', () => {
  it('passes when a session opens, and closes that session', async () => {
    let closed = 0;
    const seen: { authtoken: string; serverAddr?: string }[] = [];
    const check = defineCheck(
      'ngrok',
      ngrokCheckWith(async (o) => {
        seen.push(o);
        return { close: async () => void (closed += 1) };
      }),
    );
    const r = await check(ctx());
    expect(r.status).toBe('valid');
    expect(r.summary).toBe('The ngrok authtoken works.');
    expect(closed).toBe(1);
    expect(seen).toEqual([{ authtoken: TOKEN }]);
  });

  it('marks a token ngrok rejected invalid, naming the code and never the token it quoted', async () => {
    for (const code of ['ERR_NGROK_105', 'ERR_NGROK_106', 'ERR_NGROK_107']) {
      const check = defineCheck(
        'ngrok',
        ngrokCheckWith(refusedWith(code, `The authtoken you specified is properly formed, but it is invalid.\nYour authtoken: ${TOKEN}`)),
      );
      const r = await check(ctx());
      expect(r.status).toBe('invalid');
      expect(r.summary).toBe(`ngrok rejected the authtoken (${code}): it is wrong, was reset, or is not an agent authtoken.`);
      expect(JSON.stringify(r)).not.toContain(TOKEN);
    }
  });

  it('says a suspended account is invalid and a full session list is only a warning', async () => {
    const suspended = await defineCheck('ngrok', ngrokCheckWith(refusedWith('ERR_NGROK_103', 'The account has been suspended.')))(ctx());
    expect(suspended.status).toBe('invalid');
    expect(suspended.summary).toMatch(/suspended or unpaid \(ERR_NGROK_103\)/);
    const full = await defineCheck(
      'ngrok',
      ngrokCheckWith(refusedWith('ERR_NGROK_108', 'Your account is limited to 1 simultaneous ngrok agent session.')),
    )(ctx());
    expect(full.status).toBe('warning');
    expect(full.lines.map((l) => `${l.label}:${l.status}`)).toEqual(['Authtoken:pass', 'Sessions:warn']);
  });

  it('leaves the key unverified for any other refusal and for an SDK error without a code', async () => {
    const other = await defineCheck('ngrok', ngrokCheckWith(refusedWith('ERR_NGROK_120', 'Your agent is too old.')))(ctx());
    expect(other).toMatchObject({ status: 'unreachable', summary: 'ngrok refused the session (ERR_NGROK_120); the key stays unverified.' });
    const tcp = await defineCheck(
      'ngrok',
      ngrokCheckWith(() => Promise.reject(sdkError('failed to connect session: failed to establish tcp connection'))),
    )(ctx());
    expect(tcp.status).toBe('unreachable');
    expect(tcp.summary).toMatch(/^ngrok could not be reached .*; the key stays unverified\.$/);
    const tls = await defineCheck(
      'ngrok',
      ngrokCheckWith(() => Promise.reject(sdkError('failed to connect session: tls handshake error'))),
    )(ctx());
    expect(tls.summary).toMatch(/TLS handshake failed/);
  });

  it('gives up at the deadline and closes a session that opens after it', async () => {
    let closed = false;
    let open!: () => void;
    const late = new Promise<void>((resolve) => (open = resolve));
    const check = defineCheck(
      'ngrok',
      ngrokCheckWith(async () => {
        await late;
        return { close: async () => void (closed = true) };
      }),
    );
    const r = await check(ctx({ timeoutMs: 50 }));
    expect(r.status).toBe('unreachable');
    expect(r.summary).toBe('ngrok did not answer in time; the key stays unverified.');
    open();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(true);
  });

  it('fails at once while an attempt it gave up on is still pending, and dials again once that settles', async () => {
    let calls = 0;
    let fail!: () => void;
    const connect: NgrokConnect = () => {
      calls += 1;
      return calls === 1
        ? new Promise((_resolve, reject) => (fail = () => reject(sdkError('failed to connect session: tls handshake error'))))
        : Promise.resolve({ close: async () => undefined });
    };
    const check = defineCheck('ngrok', ngrokCheckWith(connect));
    expect((await check(ctx({ timeoutMs: 30 }))).summary).toBe('ngrok did not answer in time; the key stays unverified.');
    const held = await check(ctx());
    expect(held.status).toBe('unreachable');
    expect(held.summary).toMatch(/^An earlier ngrok connection attempt is still waiting for an answer/);
    expect(calls).toBe(1);
    fail();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await check(ctx())).status).toBe('valid');
    expect(calls).toBe(2);
  });

  it('says cancelled, not timed out, when the caller aborts', async () => {
    const ac = new AbortController();
    const check = defineCheck(
      'ngrok',
      ngrokCheckWith(() => new Promise(() => undefined)),
    );
    const pending = check(ctx({ signal: ac.signal }));
    ac.abort();
    expect((await pending).summary).toBe('ngrok was not reached because the check was cancelled; the key stays unverified.');
  });

  it('refuses a malformed authtoken before opening any session', async () => {
    let calls = 0;
    const r = await defineCheck(
      'ngrok',
      ngrokCheckWith(async () => {
        calls += 1;
        return { close: async () => undefined };
      }),
    )(ctx({ fields: { authtoken: 'not a token' } }));
    expect(r.status).toBe('invalid');
    expect(calls).toBe(0);
  });
});

describe('ngrokServerAddr', () => {
  it('leaves ngrok its own ingress and turns an override into host:port', () => {
    expect(ngrokServerAddr({ env: {} })).toBeUndefined();
    expect(ngrokServerAddr({ env: { SWITCHBOARD_NGROK_URL: 'https://127.0.0.1:4443' } })).toBe('127.0.0.1:4443');
    expect(ngrokServerAddr({ env: {}, endpoint: 'https://ingress.example.com' })).toBe('ingress.example.com:443');
  });

  it('classifies what is not an Error as unknown', () => {
    expect(classifyNgrokError('boom')).toEqual({ kind: 'unknown' });
  });
});
