/**
 * The voice runner's tunnel: an ngrok agent session (@ngrok/ngrok, in-process) with one https
 * endpoint forwarding to the media server on 127.0.0.1, so Twilio or Exotel can reach it. Its
 * state goes to `onStatus`: up once the endpoint exists; reconnecting when the SDK reports a
 * disconnection (it reconnects by itself); up again at the next heartbeat; down when reconnecting
 * lasted `downAfterMs`, or once closed. The authtoken is never logged, and no SDK message is
 * repeated (ngrok's refusals quote the token): failures are sentences built from ERR_NGROK codes.
 */
import { AppError } from '../../../../shared/errors';
import {
  classifyNgrokError,
  loadNgrok,
  ngrokFailureSentence,
  ngrokServerAddr,
  openWithin,
  SDK_LANE,
  type NgrokFailure,
} from '../../providers/ngrok';
import { realClock, type Clock, type TimerHandle } from '../clock';
import type { VoiceDeps } from '../deps';

/** Where the tunnel stands. */
export type TunnelState = 'up' | 'reconnecting' | 'down';

/** One change of state, with a sentence for the runner's view (never holds the token). */
export interface TunnelStatus {
  readonly state: TunnelState;
  /** On the tunnel's clock. */
  readonly at: number;
  readonly message: string;
}

/** What the SDK side reports while a session lives. */
export interface TunnelHooks {
  disconnected(): void;
  heartbeat(): void;
}

/** An open session with its endpoint. */
export interface OpenEndpoint {
  readonly url: string | null;
  close(): Promise<void>;
}

/** Opens a session plus an endpoint forwarding to `forwardTo`; the SDK in production, a stand-in in tests. */
export type TunnelDriver = (options: {
  readonly authtoken: string;
  readonly serverAddr?: string;
  readonly forwardTo: string;
  readonly hooks: TunnelHooks;
}) => Promise<OpenEndpoint>;

/** Options of openTunnel. */
export interface OpenTunnelOptions {
  readonly authtoken: string;
  /** The media server's port on 127.0.0.1. */
  readonly port: number;
  readonly clock?: Clock;
  readonly onStatus?: (status: TunnelStatus) => void;
  /** For SWITCHBOARD_NGROK_URL (an agent ingress other than ngrok's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The credential's own endpoint override, if it has one. */
  readonly endpoint?: string;
  /** How long opening may take; default 15 s. */
  readonly openTimeoutMs?: number;
  /** Reconnecting this long counts as down; default 30 s. */
  readonly downAfterMs?: number;
  readonly driver?: TunnelDriver;
}

/** A live tunnel. */
export interface Tunnel {
  /** The public https URL (no trailing slash). */
  readonly url: string;
  readonly state: TunnelState;
  /** state === 'up'. */
  readonly up: boolean;
  /** Closes the endpoint and the session; idempotent. */
  close(): Promise<void>;
}

/** The real SDK: a session with disconnection and heartbeat handlers, then an https endpoint forwarding to the port. */
export const sdkTunnelDriver: TunnelDriver = async ({ authtoken, serverAddr, forwardTo, hooks }) => {
  const { SessionBuilder } = await loadNgrok();
  const builder = new SessionBuilder()
    .authtoken(authtoken)
    .clientInfo('switchboard', '0.1.0')
    // true: let the SDK reconnect; the tunnel only reports it.
    .handleDisconnection(() => {
      hooks.disconnected();
      return true;
    })
    .handleHeartbeat(() => hooks.heartbeat());
  if (serverAddr) builder.serverAddr(serverAddr);
  const session = await builder.connect();
  try {
    const listener = await session.httpEndpoint().forwardsTo('Switchboard voice runner').listenAndForward(forwardTo);
    return { url: listener.url(), close: () => session.close() };
  } catch (err) {
    await session.close().catch(() => undefined);
    throw err;
  }
};

const CODES: Readonly<Record<NgrokFailure['kind'], 'PROVIDER_AUTH' | 'PROVIDER_UNREACHABLE' | 'RATE_LIMITED'>> = {
  'token-rejected': 'PROVIDER_AUTH',
  'account-suspended': 'PROVIDER_AUTH',
  'session-limit': 'RATE_LIMITED',
  'refused-other': 'PROVIDER_UNREACHABLE',
  unreachable: 'PROVIDER_UNREACHABLE',
  tls: 'PROVIDER_UNREACHABLE',
  timeout: 'PROVIDER_UNREACHABLE',
  aborted: 'PROVIDER_UNREACHABLE',
  stalled: 'PROVIDER_UNREACHABLE',
  unknown: 'PROVIDER_UNREACHABLE',
};

/** Why the tunnel did not open, as one AppError. */
export function tunnelError(failure: NgrokFailure): AppError {
  const sentence = ngrokFailureSentence(failure);
  return new AppError(
    CODES[failure.kind],
    failure.kind === 'unknown'
      ? 'The ngrok tunnel could not be opened for an unknown reason; pass --public-url to run without it.'
      : `The ngrok tunnel did not open: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`,
  );
}

/** Opens the tunnel to 127.0.0.1:port; resolves once its https URL exists. */
export async function openTunnel(options: OpenTunnelOptions): Promise<Tunnel> {
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65_535)
    throw new AppError('INVALID_INPUT', 'The media server port must be a whole number from 1 to 65535.');
  if (options.authtoken.trim() === '')
    throw new AppError('NO_CREDENTIAL', "Add an ngrok authtoken under the agency's API keys, or pass --public-url.");
  const clock = options.clock ?? realClock();
  const downAfter = options.downAfterMs ?? 30_000;
  let state: TunnelState = 'down';
  let closed = false;
  let opened = false;
  let downTimer: TimerHandle | null = null;
  const tell = (next: TunnelState, message: string): void => {
    state = next;
    try {
      options.onStatus?.({ state: next, at: clock.now(), message });
    } catch {
      // A listener that throws must not break the SDK's callback thread or the tunnel.
    }
  };
  const stopTimer = (): void => {
    if (downTimer) clock.clearTimeout(downTimer);
    downTimer = null;
  };
  const hooks: TunnelHooks = {
    disconnected() {
      if (closed || !opened || state === 'down') return;
      if (state === 'up') tell('reconnecting', 'The ngrok tunnel lost its connection and is reconnecting.');
      downTimer ??= clock.setTimeout(() => {
        downTimer = null;
        if (!closed && state === 'reconnecting')
          tell(
            'down',
            `The ngrok tunnel has been unreachable for ${Math.round(downAfter / 1000)} s; carriers cannot reach this computer until it reconnects.`,
          );
      }, downAfter);
    },
    heartbeat() {
      if (closed || !opened || state === 'up') return;
      stopTimer();
      tell('up', 'The ngrok tunnel is connected again.');
    },
  };

  const ac = new AbortController();
  const timer = clock.setTimeout(() => ac.abort(), options.openTimeoutMs ?? 15_000);
  const serverAddr = ngrokServerAddr({ env: options.env ?? process.env, endpoint: options.endpoint });
  const driver = options.driver ?? sdkTunnelDriver;
  let result: Awaited<ReturnType<typeof openWithin<OpenEndpoint>>>;
  try {
    result = await openWithin(
      () =>
        driver({
          authtoken: options.authtoken,
          forwardTo: `http://127.0.0.1:${options.port}`,
          hooks,
          ...(serverAddr ? { serverAddr } : {}),
        }),
      ac.signal,
      () => false,
      options.driver ? options.driver : SDK_LANE,
    );
  } catch (err) {
    result = { ok: false, failure: classifyNgrokError(err) };
  } finally {
    clock.clearTimeout(timer);
  }
  if (!result.ok) throw tunnelError(result.failure);
  const endpoint = result.session;
  const url = endpoint.url?.replace(/\/+$/, '') ?? '';
  if (!/^https:\/\/[^/?#\s]+$/.test(url)) {
    await endpoint.close().catch(() => undefined);
    throw new AppError('PROVIDER_UNREACHABLE', 'ngrok opened the tunnel without an https address; pass --public-url to run without it.');
  }
  opened = true;
  tell('up', `The ngrok tunnel is up at ${url}.`);

  return {
    url,
    get state() {
      return state;
    },
    get up() {
      return state === 'up';
    },
    async close() {
      if (closed) return;
      closed = true;
      stopTimer();
      await endpoint.close().catch(() => undefined);
      tell('down', 'The ngrok tunnel is closed.');
    },
  };
}

/** The ngrok authtoken a tunnel should use, decrypted in memory only. */
export interface TunnelToken {
  readonly authtoken: string;
  readonly credentialId: string;
  readonly endpoint: string | null;
}

/**
 * Reads the agency's ngrok authtoken (or a given workspace's, with the agency's as its fallback
 * where the workspace allows it) through the resolver: only a key whose last check passed counts.
 */
export function resolveTunnelToken(deps: Pick<VoiceDeps, 'resolver' | 'workspaces'>, workspaceId?: string): TunnelToken {
  const id = workspaceId ?? deps.workspaces.agency().id;
  let key;
  try {
    key = deps.resolver.resolve(id, 'tunnel', { providers: ['ngrok'] });
  } catch (err) {
    if (err instanceof AppError && err.code === 'NO_CREDENTIAL')
      throw new AppError('NO_CREDENTIAL', "Add an ngrok authtoken under the agency's API keys, or pass --public-url.");
    throw err;
  }
  const authtoken = key.fields.authtoken ?? '';
  if (authtoken === '') throw new AppError('NO_CREDENTIAL', "Add an ngrok authtoken under the agency's API keys, or pass --public-url.");
  return { authtoken, credentialId: key.credentialId, endpoint: key.endpoint };
}
