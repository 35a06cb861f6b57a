/**
 * ngrok: the authtoken is an agent credential, not an API key (api.ngrok.com takes API keys only),
 * so the one honest check is to open an agent session with it and close it at once: no endpoint
 * is created and nothing is billed. The SDK is native (Node-API) and loaded only when a check or
 * tunnel needs it. Its errors carry `errorCode` (ERR_NGROK_…) when ngrok refused the session; their
 * messages quote the authtoken, so no message is ever repeated, only the code.
 */
import { assertNever } from '../../../shared/errors';
import { isDefaultOrigin, providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody, CheckContext, CheckDraft } from './types';

/** An open agent session, as far as the check and the tunnel need one. */
export interface NgrokSessionLike {
  close(): Promise<void>;
}

/** Opens one agent session; the SDK in production, a stand-in in tests. */
export type NgrokConnect = (opts: { readonly authtoken: string; readonly serverAddr?: string }) => Promise<NgrokSessionLike>;

/** Loads the native SDK on first use, so a machine without its binary still runs everything else. */
export async function loadNgrok(): Promise<typeof import('@ngrok/ngrok')> {
  return import('@ngrok/ngrok');
}

/** Opens a session with the real SDK. */
export const sdkConnect: NgrokConnect = async ({ authtoken, serverAddr }) => {
  const { SessionBuilder } = await loadNgrok();
  const builder = new SessionBuilder().authtoken(authtoken).clientInfo('switchboard', '0.1.0');
  if (serverAddr) builder.serverAddr(serverAddr);
  return builder.connect();
};

/**
 * The agent ingress to dial: undefined for ngrok's own (the SDK knows it), else host:port from the
 * credential's endpoint or SWITCHBOARD_NGROK_URL. The session is TLS whatever the scheme says.
 */
export function ngrokServerAddr(ctx: Pick<CheckContext, 'endpoint' | 'env'>): string | undefined {
  const origin = providerOrigin('ngrok', ctx);
  if (isDefaultOrigin('ngrok', origin)) return undefined;
  const url = new URL(origin);
  return `${url.hostname}:${url.port || '443'}`;
}

/** What went wrong opening a session, read from the SDK's error by code and shape, never by copying its text. */
export type NgrokFailure =
  | { readonly kind: 'token-rejected'; readonly code: string }
  | { readonly kind: 'account-suspended'; readonly code: string }
  | { readonly kind: 'session-limit'; readonly code: string }
  | { readonly kind: 'refused-other'; readonly code: string }
  | { readonly kind: 'unreachable' }
  | { readonly kind: 'tls' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'stalled' }
  | { readonly kind: 'unknown' };

// ERR_NGROK_105 malformed, 106 a v1 token, 107 well-formed but invalid (reset, revoked, removed from
// the team), 4018 no verified account / token (ngrok.com/docs/errors).
const TOKEN_CODES = new Set(['ERR_NGROK_105', 'ERR_NGROK_106', 'ERR_NGROK_107', 'ERR_NGROK_4018']);
// 102 the last payment failed, 103 the account was suspended.
const ACCOUNT_CODES = new Set(['ERR_NGROK_102', 'ERR_NGROK_103']);
// 108: the plan's limit of simultaneous agent sessions is reached; the token itself authenticated.
const LIMIT_CODES = new Set(['ERR_NGROK_108']);

/** Classifies what SessionBuilder.connect() threw. */
export function classifyNgrokError(err: unknown): NgrokFailure {
  if (!(err instanceof Error)) return { kind: 'unknown' };
  const code = (err as { errorCode?: unknown }).errorCode;
  if (typeof code === 'string' && /^ERR_NGROK_\d{1,5}$/.test(code)) {
    if (TOKEN_CODES.has(code)) return { kind: 'token-rejected', code };
    if (ACCOUNT_CODES.has(code)) return { kind: 'account-suspended', code };
    if (LIMIT_CODES.has(code)) return { kind: 'session-limit', code };
    return { kind: 'refused-other', code };
  }
  // Without a code the SDK says only which step failed (1.7.0: "failed to connect session: …").
  if (/tls handshake|certificate/i.test(err.message)) return { kind: 'tls' };
  if (/tcp connection|connection refused|dns|resolve/i.test(err.message)) return { kind: 'unreachable' };
  return { kind: 'unknown' };
}

/** One sentence for a failure, also used by the tunnel; never holds the token. */
export function ngrokFailureSentence(f: NgrokFailure): string {
  switch (f.kind) {
    case 'token-rejected':
      return `ngrok rejected the authtoken (${f.code}): it is wrong, was reset, or is not an agent authtoken.`;
    case 'account-suspended':
      return `ngrok accepted the authtoken but its account is suspended or unpaid (${f.code}); see the ngrok dashboard.`;
    case 'session-limit':
      return `The ngrok authtoken works, but its account already has as many agent sessions as its plan allows (${f.code}); stop another ngrok agent first.`;
    case 'refused-other':
      return `ngrok refused the session (${f.code}).`;
    case 'unreachable':
      return 'ngrok could not be reached (no connection to its agent service; are you offline?).';
    case 'tls':
      return "ngrok's agent service could not be reached securely (the TLS handshake failed; a proxy on this network may be intercepting it).";
    case 'timeout':
      return 'ngrok did not answer in time.';
    case 'aborted':
      return 'The ngrok check was cancelled.';
    case 'stalled':
      return 'An earlier ngrok connection attempt is still waiting for an answer and holds up new ones (it cannot be cancelled); try again once it gives up, or restart Switchboard.';
    case 'unknown':
      return 'ngrok could not open a session for an unknown reason.';
    default:
      return assertNever(f);
  }
}

/** A failure as a check result: rejections are invalid, a full session list is a warning, the rest unverified. */
function draftOf(f: NgrokFailure): CheckDraft {
  const s = ngrokFailureSentence(f);
  switch (f.kind) {
    case 'token-rejected':
    case 'account-suspended':
      return { status: 'invalid', summary: s, lines: [line('Authtoken', 'fail', s)], details: { errorCode: f.code } };
    case 'session-limit':
      return fromLines(s, [line('Authtoken', 'pass', 'Accepted.'), line('Sessions', 'warn', s)], { errorCode: f.code });
    case 'refused-other':
      return {
        status: 'unreachable',
        summary: `${s.slice(0, -1)}; the key stays unverified.`,
        lines: [line('Authtoken', 'skip', s)],
        details: { errorCode: f.code },
      };
    case 'timeout':
    case 'aborted':
      return failure('ngrok', { kind: 'network', reason: f.kind }, 'Authtoken');
    case 'unreachable':
    case 'tls':
    case 'stalled':
    case 'unknown': {
      const summary = `${s.slice(0, -1)}; the key stays unverified.`;
      return { status: 'unreachable', summary, lines: [line('Authtoken', 'skip', summary)], details: { network: f.kind } };
    }
    default:
      return assertNever(f);
  }
}

/** A session (or anything closable the opener made), or why there is none. */
export type Opened<S extends NgrokSessionLike = NgrokSessionLike> =
  { readonly ok: true; readonly session: S } | { readonly ok: false; readonly failure: NgrokFailure };

/**
 * The lane of the real SDK. @ngrok/ngrok 1.7.0 opens one session at a time per process: a connect
 * whose peer accepted TCP and then went silent stays pending (measured: over 120 s; it has no time
 * limit) and every later connect waits behind it. Attempts given up on are counted per lane, so a
 * new one fails at once with a sentence instead of hanging too.
 */
export const SDK_LANE: object = {};
const stalls = new WeakMap<object, number>();

/**
 * Opens a session before `signal` aborts. A connect that outlives the deadline cannot be
 * cancelled from JavaScript (the SDK has no abort): it is left to finish, counted as a stall of
 * its lane until it does, and its session, if one comes, is closed at once.
 */
export async function openWithin<S extends NgrokSessionLike>(
  open: () => Promise<S>,
  signal: AbortSignal,
  callerAborted: () => boolean,
  lane: object,
): Promise<Opened<S>> {
  if ((stalls.get(lane) ?? 0) > 0) return { ok: false, failure: { kind: 'stalled' } };
  const attempt = open();
  const late = (): void => {
    stalls.set(lane, (stalls.get(lane) ?? 0) + 1);
    const settle = (): void => void stalls.set(lane, Math.max(0, (stalls.get(lane) ?? 1) - 1));
    attempt.then((s) => {
      settle();
      return s.close().catch(() => undefined);
    }, settle);
  };
  if (signal.aborted) {
    late();
    return { ok: false, failure: { kind: callerAborted() ? 'aborted' : 'timeout' } };
  }
  return new Promise((resolve) => {
    const onAbort = (): void => {
      late();
      resolve({ ok: false, failure: { kind: callerAborted() ? 'aborted' : 'timeout' } });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    attempt.then(
      (session) => {
        signal.removeEventListener('abort', onAbort);
        resolve({ ok: true, session });
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        resolve({ ok: false, failure: classifyNgrokError(err) });
      },
    );
  });
}

/** An ngrok check over a given way of opening sessions (tests pass a stand-in, which is its own lane). */
export function ngrokCheckWith(connect: NgrokConnect, lane: object = connect): CheckBody {
  return async (ctx) => {
    const limit = ctx.deadline?.signal ?? AbortSignal.timeout(ctx.timeoutMs ?? 10_000);
    const signal = ctx.signal ? AbortSignal.any([ctx.signal, limit]) : limit;
    const serverAddr = ngrokServerAddr(ctx);
    const opened = await openWithin(
      () => connect({ authtoken: ctx.fields.authtoken ?? '', ...(serverAddr ? { serverAddr } : {}) }),
      signal,
      () => ctx.signal?.aborted === true,
      lane,
    );
    if (!opened.ok) return draftOf(opened.failure);
    await opened.session.close().catch(() => undefined);
    return fromLines(
      'The ngrok authtoken works.',
      [line('Authtoken', 'pass', 'Accepted; an agent session opened and was closed again.')],
      serverAddr ? { serverAddr } : {},
    );
  };
}

/** Checks an ngrok authtoken by opening and closing an agent session with the real SDK. */
export const ngrokCheck: CheckBody = ngrokCheckWith(sdkConnect, SDK_LANE);
