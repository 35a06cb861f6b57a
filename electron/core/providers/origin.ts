/** Where each provider's API lives, and how tests, proxies and regional hosts override it. */
import { AppError } from '../../../shared/errors';
import type { ProviderId } from '../../../shared/providers/types';

/** The public API origin of each provider (AWS and Exotel depend on the region; see providerOrigin). */
const DEFAULTS: Readonly<Record<ProviderId, string>> = {
  twilio: 'https://api.twilio.com',
  exotel: 'https://api.exotel.com',
  resend: 'https://api.resend.com',
  sendgrid: 'https://api.sendgrid.com',
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com',
  deepgram: 'https://api.deepgram.com',
  cartesia: 'https://api.cartesia.ai',
  stripe: 'https://api.stripe.com',
  github: 'https://api.github.com',
  sentry: 'https://sentry.io',
  mixpanel: 'https://mixpanel.com',
  cloudinary: 'https://api.cloudinary.com',
  'aws-s3': 'https://sts.us-east-1.amazonaws.com',
  'google-analytics': 'https://www.google-analytics.com',
  // The agent ingress the SDK dials by default (host:443); an override points the session elsewhere.
  ngrok: 'https://connect.ngrok-agent.com',
};

/** Exotel runs two clusters, Mumbai and Singapore (Exotel's API docs); an account lives in exactly one. */
const EXOTEL_REGIONS: Readonly<Record<string, string>> = {
  in: 'https://api.in.exotel.com',
  sg: 'https://api.exotel.com',
};

/** The environment variable that overrides a provider's origin: SWITCHBOARD_AWS_S3_URL for aws-s3. */
export function originEnvName(id: ProviderId): string {
  return `SWITCHBOARD_${id.toUpperCase().replace(/-/g, '_')}_URL`;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Whether a key may be sent to this URL: https anywhere, plain http only to this machine (anything
 * else would send a key in clear text). Saving an endpoint and every check apply this one rule.
 */
export function carriesKeysSafely(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/**
 * Normalises an override to an origin (plus optional base path, no trailing slash).
 * Plain http is allowed only to this machine: anything else would send a key in clear text.
 */
export function normaliseOrigin(raw: string, source: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError('INVALID_INPUT', `The API address from ${source} is not a valid URL.`);
  }
  if (!carriesKeysSafely(url)) {
    throw new AppError('INVALID_INPUT', `The API address from ${source} must use https (plain http is allowed only to this computer).`);
  }
  if (url.username || url.password)
    throw new AppError('INVALID_INPUT', `The API address from ${source} must not contain a user name or password.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The API origin to call for a provider.
 * Precedence: credential endpoint > SWITCHBOARD_<ID>_URL > regional default > default.
 */
export function providerOrigin(
  id: ProviderId,
  opts: { endpoint?: string; env?: Readonly<Record<string, string | undefined>>; region?: string },
): string {
  if (opts.endpoint) return normaliseOrigin(opts.endpoint, "this key's settings");
  const envName = originEnvName(id);
  const fromEnv = (opts.env ?? process.env)[envName];
  if (fromEnv) return normaliseOrigin(fromEnv, envName);
  if (id === 'exotel' && opts.region) return EXOTEL_REGIONS[opts.region] ?? DEFAULTS.exotel;
  if (id === 'aws-s3' && opts.region) return `https://sts.${opts.region}.amazonaws.com`;
  return DEFAULTS[id];
}

/**
 * Whether a host belongs to the provider itself: its API host's domain or a subdomain of it
 * (api.in.exotel.com for Exotel, sts.eu-west-1.amazonaws.com for AWS, api.eu.sendgrid.com for
 * SendGrid). Any other host (a proxy, self-hosted Deepgram, or an attacker's collector) receives
 * the key's secret on the next check, so importing one needs its own confirmation.
 */
export function isProviderHost(id: ProviderId, host: string): boolean {
  const own = new URL(DEFAULTS[id]).hostname.split('.').slice(-2).join('.');
  const h = host.toLowerCase().replace(/:\d+$/, '');
  return h === own || h.endsWith(`.${own}`);
}

/** Whether the origin is the provider's own (no override): some probes address real hosts differently. */
export function isDefaultOrigin(id: ProviderId, origin: string, region?: string): boolean {
  return origin === providerOrigin(id, { env: {}, region });
}
