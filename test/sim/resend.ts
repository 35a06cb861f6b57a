/** Resend simulator: GET /domains with full, sending-only (restricted) and unknown keys, in Resend's error shape. */
import { startProvider, type ProviderSim, type Route, type SimResponse, type SimSpec } from './server';

/** A domain on the simulated account. */
export interface ResendDomain {
  readonly id: string;
  readonly name: string;
  readonly status: 'verified' | 'pending' | 'not_started' | 'failed' | 'partially_verified' | 'partially_failed';
}

/** The simulated account; tests mutate it. */
export interface ResendState {
  /** Full-access key. */
  apiKey: string;
  /** Sending-only keys: accepted for sending, refused with restricted_api_key elsewhere. */
  sendingKeys: string[];
  domains: ResendDomain[];
}

/** Resend's error body: {statusCode, name, message}. */
export function resendError(statusCode: number, name: string, message: string): SimResponse {
  return { status: statusCode, json: { statusCode, name, message } };
}

const ERRORS: Readonly<Record<number, [string, string]>> = {
  401: [
    'missing_api_key',
    'Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY',
  ],
  403: ['invalid_api_key', 'API key is invalid'],
  404: ['not_found', 'The requested endpoint does not exist.'],
  429: ['rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second.'],
};

/** Answers for a key that is not the full-access one, or undefined to let the route run. */
export function resendAuthError(
  req: { headers: Record<string, string | string[] | undefined> },
  s: ResendState,
  sendingAllowed: boolean,
): SimResponse | undefined {
  const h = req.headers.authorization;
  const key = typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7) : undefined;
  if (!key) return resendError(401, ...(ERRORS[401] as [string, string]));
  if (key === s.apiKey) return undefined;
  if (s.sendingKeys.includes(key))
    return sendingAllowed ? undefined : resendError(401, 'restricted_api_key', 'This API key is restricted to only send emails');
  return resendError(403, ...(ERRORS[403] as [string, string]));
}

const spec = (routes: Route<ResendState>[]): SimSpec<ResendState> => ({
  id: 'resend',
  routes,
  // Routes decide for themselves (a sending-only key is fine for /emails, not for /domains).
  authorize: () => true,
  error: (status) => {
    const [name, message] = ERRORS[status] ?? ['application_error', 'Internal server error'];
    return resendError(status, name, message);
  },
});

/** Resend's routes; /emails and /emails/batch can be added with sim.addRoute (use resendAuthError with sendingAllowed). */
export const resendRoutes: Route<ResendState>[] = [
  {
    method: 'GET',
    path: '/domains',
    handle: (req, s) =>
      resendAuthError(req, s, false) ?? {
        status: 200,
        json: {
          object: 'list',
          has_more: false,
          data: s.domains.map((d) => ({
            ...d,
            created_at: '2025-01-06 10:00:00.000000+00',
            region: 'us-east-1',
            capabilities: { sending: 'enabled', receiving: 'disabled' },
          })),
        },
      },
  },
];

/** A fresh account with one verified domain, a full key and a sending-only key. */
export function defaultResendState(): ResendState {
  return {
    apiKey: 're_FullAccess_0000000000000000000',
    sendingKeys: ['re_SendOnly_00000000000000000000'],
    domains: [{ id: 'd91cd9bd-1176-453e-8fc1-35364d380206', name: 'example.com', status: 'verified' }],
  };
}

/** Starts the Resend simulator. */
export function startResendSim(state: Partial<ResendState> = {}): Promise<ProviderSim<ResendState>> {
  return startProvider(
    spec(resendRoutes),
    { ...defaultResendState(), ...state },
    (s) => ({ apiKey: s.apiKey, fromEmail: 'hello@example.com' }),
    ['apiKey'],
  );
}
