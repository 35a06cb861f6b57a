/** Simulators for SendGrid, Stripe, GitHub, Sentry, Mixpanel, Cloudinary and Google Analytics. */
import {
  basicCredentials,
  startProvider,
  tokenOf,
  type ProviderSim,
  type Route,
  type SimRequest,
  type SimResponse,
  type SimSpec,
} from './server';

/** SendGrid state. */
export interface SendgridState {
  apiKey: string;
  scopes: string[];
}

/** SendGrid's routes. */
export const sendgridRoutes: Route<SendgridState>[] = [
  { method: 'GET', path: '/v3/scopes', handle: (_r, s) => ({ status: 200, json: { scopes: s.scopes } }) },
];

/** Starts the SendGrid simulator. */
export function startSendgridSim(state: Partial<SendgridState> = {}): Promise<ProviderSim<SendgridState>> {
  const spec: SimSpec<SendgridState> = {
    id: 'sendgrid',
    routes: sendgridRoutes,
    authorize: (req, s) => tokenOf(req) === s.apiKey,
    error: (status) => ({
      status,
      json: {
        errors: [
          {
            field: null,
            message:
              status === 401
                ? 'authorization required'
                : status === 403
                  ? 'access forbidden'
                  : status === 429
                    ? 'too many requests'
                    : 'internal error',
          },
        ],
      },
    }),
  };
  const key = 'SG.SimulatedKey0000000000.SimulatedSecret000000000000000000000000000000';
  return startProvider(
    spec,
    { apiKey: key, scopes: ['mail.send', 'sender_verification_eligible'], ...state },
    (s) => ({ apiKey: s.apiKey, fromEmail: 'hello@example.com' }),
    ['apiKey'],
  );
}

/** Stripe state: keys and whether each is live. */
export interface StripeState {
  secretKey: string;
  /** Restricted keys without Balance read (answered 403). */
  restrictedKeys: string[];
}

/** Stripe's error body; like the real one, it echoes a masked key. */
function stripeError(status: number, req: SimRequest): SimResponse {
  const key = tokenOf(req) ?? '';
  const message =
    status === 401
      ? `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`
      : status === 429
        ? 'Too many requests'
        : 'An unknown error occurred';
  return {
    status,
    json: { error: { type: status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_error' : 'api_error', message } },
  };
}

/** Stripe's routes. */
export const stripeRoutes: Route<StripeState>[] = [
  {
    method: 'GET',
    path: '/v1/balance',
    handle: (req, s) => {
      const key = tokenOf(req) ?? '';
      if (s.restrictedKeys.includes(key))
        return {
          status: 403,
          json: {
            error: { type: 'invalid_request_error', message: 'The provided key does not have the required permissions for this endpoint.' },
          },
        };
      return {
        status: 200,
        json: {
          object: 'balance',
          available: [{ amount: 0, currency: 'usd' }],
          pending: [{ amount: 0, currency: 'usd' }],
          livemode: key.includes('_live_'),
        },
      };
    },
  },
];

/** Starts the Stripe simulator (a test-mode key by default; livemode follows the key's prefix). */
export function startStripeSim(state: Partial<StripeState> = {}): Promise<ProviderSim<StripeState>> {
  const spec: SimSpec<StripeState> = {
    id: 'stripe',
    routes: stripeRoutes,
    authorize: (req, s) => tokenOf(req) === s.secretKey || s.restrictedKeys.includes(tokenOf(req) ?? ''),
    error: stripeError,
  };
  return startProvider(
    spec,
    { secretKey: 'sk_test_SimulatedKey0000000000', restrictedKeys: [], ...state },
    (s) => ({ secretKey: s.secretKey }),
    ['secretKey'],
  );
}

/** GitHub state: null scopes = a fine-grained token (no X-OAuth-Scopes header). */
export interface GithubState {
  token: string;
  login: string;
  scopes: string[] | null;
}

/** GitHub's routes. */
export const githubRoutes: Route<GithubState>[] = [
  {
    method: 'GET',
    path: '/user',
    handle: (_r, s) => ({
      status: 200,
      headers: {
        ...(s.scopes ? { 'X-OAuth-Scopes': s.scopes.join(', ') } : {}),
        'X-RateLimit-Limit': '5000',
        'X-RateLimit-Remaining': '4999',
        'X-GitHub-Api-Version-Selected': '2022-11-28',
      },
      json: { login: s.login, id: 1, type: 'User', name: 'Example Agency' },
    }),
  },
];

/** Starts the GitHub simulator. */
export function startGithubSim(state: Partial<GithubState> = {}): Promise<ProviderSim<GithubState>> {
  const spec: SimSpec<GithubState> = {
    id: 'github',
    routes: githubRoutes,
    authorize: (req, s) => (tokenOf(req) ?? tokenOf(req, 'token')) === s.token,
    error: (status) => ({
      status,
      json: {
        message:
          status === 401
            ? 'Bad credentials'
            : status === 403
              ? 'Resource not accessible by personal access token'
              : status === 429
                ? 'API rate limit exceeded'
                : 'Server Error',
        documentation_url: 'https://docs.github.com/rest',
        status: String(status),
      },
    }),
  };
  return startProvider(
    spec,
    { token: 'ghp_SimulatedToken000000000000000000000', login: 'example-agency', scopes: ['repo', 'read:org'], ...state },
    (s) => ({ token: s.token }),
    ['token'],
  );
}

/** Sentry state. */
export interface SentryState {
  authToken: string;
  scopes: string[];
}

/** Sentry's routes: like the real API, an unknown token still gets 200 with auth: null. */
export const sentryRoutes: Route<SentryState>[] = [
  {
    method: 'GET',
    path: '/api/0/',
    auth: false,
    handle: (req, s) =>
      tokenOf(req) === s.authToken
        ? {
            status: 200,
            json: { version: '0', auth: { scopes: s.scopes }, user: { id: '1', username: 'ops@example.com', email: 'ops@example.com' } },
          }
        : { status: 200, json: { version: '0', auth: null, user: null } },
  },
];

/** Starts the Sentry simulator. */
export function startSentrySim(state: Partial<SentryState> = {}): Promise<ProviderSim<SentryState>> {
  const spec: SimSpec<SentryState> = {
    id: 'sentry',
    routes: sentryRoutes,
    authorize: () => true,
    error: (status) => ({
      status,
      json: { detail: status === 401 ? 'Invalid token' : status === 429 ? 'Rate limit exceeded' : 'Internal Error' },
    }),
  };
  return startProvider(
    spec,
    { authToken: 'sntryu_SimulatedToken00000000000000', scopes: ['org:read', 'project:read'], ...state },
    (s) => ({ authToken: s.authToken }),
    ['authToken'],
  );
}

/** Mixpanel state. */
export interface MixpanelState {
  projectToken: string;
  user: string;
  secret: string;
}

/** Mixpanel's routes. */
export const mixpanelRoutes: Route<MixpanelState>[] = [
  {
    method: 'GET',
    path: '/api/app/me',
    handle: () => ({
      status: 200,
      json: { status: 'ok', results: { user_id: 1, user_email: null, user_name: 'switchboard', workspaces: {}, projects: {} } },
    }),
  },
];

/** Starts the Mixpanel simulator; `fields` include the service account. */
export function startMixpanelSim(state: Partial<MixpanelState> = {}): Promise<ProviderSim<MixpanelState>> {
  const spec: SimSpec<MixpanelState> = {
    id: 'mixpanel',
    routes: mixpanelRoutes,
    authorize: (req, s) => {
      const c = basicCredentials(req);
      return c?.user === s.user && c.password === s.secret;
    },
    error: (status) => ({
      status,
      json: { status: 'error', error: status === 401 ? 'Unauthorized' : status === 429 ? 'Rate limit exceeded' : 'Internal error' },
    }),
  };
  const initial = {
    projectToken: '0123456789abcdef0123456789abcdef',
    user: 'switchboard.0000.mp-service-account',
    secret: 'SimulatedSecret000000000000000',
    ...state,
  };
  return startProvider(
    spec,
    initial,
    (s) => ({ projectToken: s.projectToken, serviceAccountUser: s.user, serviceAccountSecret: s.secret }),
    ['serviceAccountSecret'],
  );
}

/** Cloudinary state. */
export interface CloudinaryState {
  cloudName: string;
  apiKey: string;
  apiSecret: string;
}

/** Cloudinary's routes. */
export const cloudinaryRoutes: Route<CloudinaryState>[] = [
  {
    method: 'GET',
    path: '/v1_1/:cloud/usage',
    auth: false,
    handle: (req, s) => {
      if (req.params.cloud !== s.cloudName) return { status: 404, json: { error: { message: 'cloud_name not found' } } };
      const c = basicCredentials(req);
      if (c?.user !== s.apiKey) return { status: 401, json: { error: { message: `Invalid api_key ${c?.user ?? ''}` } } };
      if (c.password !== s.apiSecret) return { status: 401, json: { error: { message: 'Invalid Signature' } } };
      return {
        status: 200,
        json: { plan: 'Free', last_updated: '2025-01-06', credits: { usage: 1.2, limit: 25, used_percent: 4.8 }, requests: 1200 },
      };
    },
  },
];

/** Starts the Cloudinary simulator. */
export function startCloudinarySim(state: Partial<CloudinaryState> = {}): Promise<ProviderSim<CloudinaryState>> {
  const spec: SimSpec<CloudinaryState> = {
    id: 'cloudinary',
    routes: cloudinaryRoutes,
    authorize: () => true,
    error: (status) => ({
      status,
      json: { error: { message: status === 429 ? 'Rate Limit Exceeded' : status === 401 ? 'Invalid credentials' : 'General Error' } },
    }),
  };
  return startProvider(
    spec,
    { cloudName: 'example-cloud', apiKey: '123456789012345', apiSecret: 'SimulatedSecret_000000000', ...state },
    (s) => ({ ...s }),
    ['apiSecret'],
  );
}

/** Google Analytics state: the Measurement Protocol validation server checks payloads, not credentials. */
export interface GoogleAnalyticsState {
  measurementId: string;
  apiSecret: string;
}

/** Google Analytics' routes (for sending events later; the key check never calls them). */
export const googleAnalyticsRoutes: Route<GoogleAnalyticsState>[] = [
  { method: 'POST', path: '/debug/mp/collect', auth: false, handle: () => ({ status: 200, json: { validationMessages: [] } }) },
  { method: 'POST', path: '/mp/collect', auth: false, handle: () => ({ status: 204 }) },
];

/** Starts the Google Analytics simulator. */
export function startGoogleAnalyticsSim(state: Partial<GoogleAnalyticsState> = {}): Promise<ProviderSim<GoogleAnalyticsState>> {
  const spec: SimSpec<GoogleAnalyticsState> = {
    id: 'google-analytics',
    routes: googleAnalyticsRoutes,
    authorize: () => true,
    error: (status) => ({ status, body: '' }),
  };
  return startProvider(spec, { measurementId: 'G-SIM0000000', apiSecret: 'SimulatedSecret_0000', ...state }, (s) => ({ ...s }), [
    'apiSecret',
  ]);
}
