/**
 * The well-known environment variable names of every catalog provider, mapped to the provider's
 * fields. Names are the ones the providers' own SDKs and quick-starts read (Twilio's
 * TWILIO_ACCOUNT_SID, AWS's AWS_ACCESS_KEY_ID, Anthropic's ANTHROPIC_API_KEY, …).
 */
import type { ProviderId } from '../../../shared/providers/types';

/** Where a variable's value goes: a provider and one of its fields. */
export interface EnvTarget {
  readonly provider: ProviderId;
  readonly field: string;
}

/** What the name of one variable says. */
export type EnvNameMatch =
  | { readonly kind: 'field'; readonly target: EnvTarget; readonly bare: string; readonly publicPrefix: string | null }
  | { readonly kind: 'cloudinary-url'; readonly bare: string; readonly publicPrefix: string | null }
  | { readonly kind: 'not-used'; readonly provider: ProviderId; readonly bare: string; readonly publicPrefix: string | null }
  | { readonly kind: 'unknown' };

const F = (provider: ProviderId, field: string, ...names: string[]): [string, EnvTarget][] => names.map((n) => [n, { provider, field }]);

const NAMES: ReadonlyMap<string, EnvTarget> = new Map([
  ...F('twilio', 'accountSid', 'TWILIO_ACCOUNT_SID', 'TWILIO_SID', 'TWILIO_ACCOUNTSID'),
  ...F('twilio', 'authToken', 'TWILIO_AUTH_TOKEN', 'TWILIO_TOKEN', 'TWILIO_AUTHTOKEN'),
  ...F('twilio', 'phoneNumber', 'TWILIO_PHONE_NUMBER', 'TWILIO_FROM_NUMBER', 'TWILIO_NUMBER', 'TWILIO_FROM', 'TWILIO_CALLER_ID'),
  ...F('twilio', 'messagingServiceSid', 'TWILIO_MESSAGING_SERVICE_SID', 'TWILIO_MESSAGING_SID'),
  ...F('exotel', 'sid', 'EXOTEL_SID', 'EXOTEL_ACCOUNT_SID'),
  ...F('exotel', 'apiKey', 'EXOTEL_API_KEY', 'EXOTEL_KEY'),
  ...F('exotel', 'apiToken', 'EXOTEL_API_TOKEN', 'EXOTEL_TOKEN'),
  ...F('exotel', 'phoneNumber', 'EXOTEL_PHONE_NUMBER', 'EXOTEL_EXOPHONE', 'EXOTEL_CALLER_ID', 'EXOTEL_FROM'),
  ...F('exotel', 'region', 'EXOTEL_REGION', 'EXOTEL_CLUSTER'),
  ...F('resend', 'apiKey', 'RESEND_API_KEY', 'RESEND_KEY'),
  ...F('resend', 'fromEmail', 'RESEND_FROM_EMAIL', 'RESEND_FROM', 'RESEND_FROM_ADDRESS'),
  ...F('sendgrid', 'apiKey', 'SENDGRID_API_KEY', 'SENDGRID_KEY'),
  ...F('sendgrid', 'fromEmail', 'SENDGRID_FROM_EMAIL', 'SENDGRID_FROM', 'SENDGRID_FROM_ADDRESS', 'SENDGRID_SENDER'),
  ...F('anthropic', 'apiKey', 'ANTHROPIC_API_KEY', 'CLAUDE_API_KEY'),
  ...F('openai', 'apiKey', 'OPENAI_API_KEY', 'OPENAI_KEY'),
  ...F('deepgram', 'apiKey', 'DEEPGRAM_API_KEY', 'DEEPGRAM_KEY'),
  ...F('cartesia', 'apiKey', 'CARTESIA_API_KEY', 'CARTESIA_KEY'),
  ...F('stripe', 'secretKey', 'STRIPE_SECRET_KEY', 'STRIPE_API_KEY', 'STRIPE_RESTRICTED_KEY', 'STRIPE_KEY', 'STRIPE_SECRET'),
  ...F('github', 'token', 'GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_PAT', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'GITHUB_ACCESS_TOKEN'),
  ...F('sentry', 'authToken', 'SENTRY_AUTH_TOKEN', 'SENTRY_TOKEN'),
  ...F('mixpanel', 'projectToken', 'MIXPANEL_TOKEN', 'MIXPANEL_PROJECT_TOKEN'),
  ...F('mixpanel', 'serviceAccountUser', 'MIXPANEL_SERVICE_ACCOUNT_USER', 'MIXPANEL_SERVICE_ACCOUNT_USERNAME', 'MIXPANEL_SERVICE_ACCOUNT'),
  ...F('mixpanel', 'serviceAccountSecret', 'MIXPANEL_SERVICE_ACCOUNT_SECRET', 'MIXPANEL_API_SECRET', 'MIXPANEL_SECRET'),
  ...F('cloudinary', 'cloudName', 'CLOUDINARY_CLOUD_NAME', 'CLOUDINARY_NAME'),
  ...F('cloudinary', 'apiKey', 'CLOUDINARY_API_KEY', 'CLOUDINARY_KEY'),
  ...F('cloudinary', 'apiSecret', 'CLOUDINARY_API_SECRET', 'CLOUDINARY_SECRET'),
  ...F('aws-s3', 'accessKeyId', 'AWS_ACCESS_KEY_ID', 'AWS_ACCESS_KEY', 'S3_ACCESS_KEY_ID'),
  ...F('aws-s3', 'secretAccessKey', 'AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_KEY', 'S3_SECRET_ACCESS_KEY'),
  ...F('aws-s3', 'region', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'S3_REGION', 'AWS_S3_REGION'),
  ...F('aws-s3', 'bucket', 'AWS_S3_BUCKET', 'S3_BUCKET', 'S3_BUCKET_NAME', 'AWS_BUCKET', 'AWS_BUCKET_NAME', 'AWS_S3_BUCKET_NAME'),
  ...F(
    'google-analytics',
    'measurementId',
    'GA_MEASUREMENT_ID',
    'GA4_MEASUREMENT_ID',
    'GOOGLE_ANALYTICS_MEASUREMENT_ID',
    'GOOGLE_ANALYTICS_ID',
    'GA_TRACKING_ID',
  ),
  ...F('google-analytics', 'apiSecret', 'GA_API_SECRET', 'GA4_API_SECRET', 'GA_MEASUREMENT_PROTOCOL_SECRET', 'GOOGLE_ANALYTICS_API_SECRET'),
  // NGROK_AUTHTOKEN is the name ngrok's agent and SDKs read.
  ...F('ngrok', 'authtoken', 'NGROK_AUTHTOKEN', 'NGROK_AUTH_TOKEN', 'NGROK_TOKEN'),
]);

/**
 * Names a provider's quick-start also sets that Switchboard has no field for (a publishable key,
 * a webhook secret, a DSN): recognised, so they are not "unknown", but never stored.
 */
const NOT_USED: ReadonlyMap<string, ProviderId> = new Map<string, ProviderId>([
  ['STRIPE_PUBLISHABLE_KEY', 'stripe'],
  ['STRIPE_WEBHOOK_SECRET', 'stripe'],
  ['SENTRY_DSN', 'sentry'],
  ['SENTRY_ORG', 'sentry'],
  ['SENTRY_PROJECT', 'sentry'],
  ['AWS_SESSION_TOKEN', 'aws-s3'],
  ['AWS_PROFILE', 'aws-s3'],
  ['TWILIO_API_KEY', 'twilio'],
  ['TWILIO_API_SECRET', 'twilio'],
  ['OPENAI_ORG_ID', 'openai'],
  ['OPENAI_ORGANIZATION', 'openai'],
  ['ANTHROPIC_BASE_URL', 'anthropic'],
  ['OPENAI_BASE_URL', 'openai'],
  // An ngrok API key drives api.ngrok.com; the tunnel needs the agent authtoken instead.
  ['NGROK_API_KEY', 'ngrok'],
]);

/**
 * Prefixes that bundlers copy into the browser build (Next.js, Vite, Create React App, Expo, Nuxt,
 * Gatsby, SvelteKit/Astro): a secret under one of them may already have shipped in a web page.
 */
export const PUBLIC_PREFIXES = [
  'NEXT_PUBLIC_',
  'VITE_',
  'REACT_APP_',
  'EXPO_PUBLIC_',
  'NUXT_PUBLIC_',
  'NUXT_ENV_',
  'GATSBY_',
  'PUBLIC_',
] as const;

/** Reads what a variable name says: which provider field it fills, if any, and under which public prefix. */
export function matchEnvName(name: string): EnvNameMatch {
  const upper = name.toUpperCase();
  const prefix = PUBLIC_PREFIXES.find((p) => upper.startsWith(p) && upper.length > p.length) ?? null;
  const bare = prefix ? upper.slice(prefix.length) : upper;
  const target = NAMES.get(bare);
  if (target) return { kind: 'field', target, bare, publicPrefix: prefix };
  if (bare === 'CLOUDINARY_URL') return { kind: 'cloudinary-url', bare, publicPrefix: prefix };
  const notUsed = NOT_USED.get(bare);
  if (notUsed) return { kind: 'not-used', provider: notUsed, bare, publicPrefix: prefix };
  return { kind: 'unknown' };
}

/** The conventional variable name of a provider field (the first listed), for the intake sheet. */
export function envNameFor(provider: ProviderId, field: string): string | undefined {
  for (const [name, t] of NAMES) if (t.provider === provider && t.field === field) return name;
  return undefined;
}

/**
 * Splits `cloudinary://API_KEY:API_SECRET@CLOUD_NAME` (Cloudinary's own one-variable form) into
 * the three fields; null when the value is not in that form.
 */
export function splitCloudinaryUrl(value: string): { apiKey: string; apiSecret: string; cloudName: string } | null {
  const m = /^cloudinary:\/\/([^:@/\s]+):([^@/\s]+)@([^/?#\s]+)\/?$/.exec(value.trim());
  if (!m) return null;
  return { apiKey: m[1] ?? '', apiSecret: m[2] ?? '', cloudName: m[3] ?? '' };
}
