/** Descriptors of the payments, developer, analytics and storage providers. */
import type { ProviderDescriptor } from '../types';

/** Stripe: payments. */
export const stripe: ProviderDescriptor = {
  id: 'stripe',
  name: 'Stripe',
  description: 'Online payments, subscriptions and invoicing.',
  category: 'Payments',
  capabilities: ['payments'],
  fields: [
    { name: 'secretKey', label: 'Secret key', secret: true, required: true, pattern: '^(sk|rk)_(live|test)_[A-Za-z0-9]{10,}$', example: 'sk_test_EXAMPLE0000000000000000', help: 'A secret (sk_…) or restricted (rk_…) key; use a test key for the test environment.' },
  ],
  steps: [
    { text: 'Sign in to the Stripe Dashboard.', url: 'https://dashboard.stripe.com/' },
    { text: 'Open Developers → API keys (toggle Test mode for a test key).', url: 'https://dashboard.stripe.com/apikeys' },
    { text: 'Reveal the secret key, or create a restricted key with only the access you need.', url: 'https://dashboard.stripe.com/apikeys/create' },
    { text: 'Paste it here and pick the matching environment (production for sk_live_, test for sk_test_).' },
  ],
  keyUrl: 'https://dashboard.stripe.com/apikeys',
  docsUrl: 'https://docs.stripe.com/keys',
  pricing: '2.9% + $0.30 per successful card charge in the US; no monthly fee.',
  freeTier: 'No monthly fee; test mode is free.',
  setupMinutes: 5,
  difficulty: 'medium',
  benefits: ['Separate test and live modes', 'Restricted keys limit what a key can do', 'Subscriptions and invoices built in'],
  requiredFor: ['Billing clients (optional)'],
  popular: true,
  unitPrices: {},
  monthlyBase: 0,
  checkSummary: 'Reads the balance and confirms the key is live or test as its environment says.',
};

/** GitHub: source control. */
export const github: ProviderDescriptor = {
  id: 'github',
  name: 'GitHub',
  description: 'Code hosting, issues and automation.',
  category: 'Developer',
  capabilities: ['source-control'],
  fields: [
    { name: 'token', label: 'Personal access token', secret: true, required: true, pattern: '^((ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})$', example: 'github_pat_EXAMPLE_00000000000000000000', help: 'A fine-grained token (github_pat_…) or a classic token (ghp_…).' },
  ],
  steps: [
    { text: 'Sign in to GitHub and open Settings → Developer settings → Personal access tokens.', url: 'https://github.com/settings/tokens' },
    { text: 'Generate a fine-grained token limited to the repositories you need.', url: 'https://github.com/settings/personal-access-tokens/new' },
    { text: 'Set an expiry date and the least permissions that work.' },
    { text: 'Copy the token (it is shown only once) and paste it here.' },
  ],
  keyUrl: 'https://github.com/settings/personal-access-tokens/new',
  docsUrl: 'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api',
  pricing: 'Free for public and private repositories; Team plan $4 per user per month.',
  freeTier: 'Unlimited public and private repositories.',
  setupMinutes: 2,
  difficulty: 'easy',
  benefits: ['Fine-grained tokens scoped to single repositories', 'Expiring tokens', 'Scopes visible on every request'],
  requiredFor: ['Client code integrations (optional)'],
  popular: false,
  unitPrices: {},
  monthlyBase: 0,
  checkSummary: 'Reads the signed-in user and the token\'s scopes.',
};

/** Sentry: error tracking. */
export const sentry: ProviderDescriptor = {
  id: 'sentry',
  name: 'Sentry',
  description: 'Error tracking and performance monitoring.',
  category: 'Developer',
  capabilities: ['error-tracking'],
  fields: [
    // Tokens made before 2023 are 64 hexadecimal characters with no prefix; they still work.
    { name: 'authToken', label: 'Auth token', secret: true, required: true, pattern: '^((sntryu|sntrys)_[A-Za-z0-9_+/=.-]{20,}|[0-9a-f]{64})$', example: 'sntryu_EXAMPLE000000000000000000000000', help: 'A user auth token (sntryu_…) or an organization token (sntrys_…).' },
  ],
  steps: [
    { text: 'Sign in to Sentry.', url: 'https://sentry.io/' },
    { text: 'Open User settings → Personal Tokens and click Create New Token.', url: 'https://sentry.io/settings/account/api/auth-tokens/' },
    { text: 'Grant the read scopes you need (project:read, org:read).' },
    { text: 'Copy the token (it is shown only once) and paste it here.' },
  ],
  keyUrl: 'https://sentry.io/settings/account/api/auth-tokens/',
  docsUrl: 'https://docs.sentry.io/api/auth/',
  pricing: 'Free developer plan; Team plan from $26/month.',
  freeTier: '5,000 errors per month on the developer plan.',
  setupMinutes: 3,
  difficulty: 'easy',
  benefits: ['Stack traces with source context', 'Release health tracking', 'Alerts on new errors'],
  requiredFor: ['Error reporting for client projects (optional)'],
  popular: false,
  unitPrices: {},
  monthlyBase: 0,
  checkSummary: 'Asks the API who the token belongs to; Sentry answers 200 even for bad tokens, so an empty identity counts as invalid.',
};

/** Mixpanel: product analytics. */
export const mixpanel: ProviderDescriptor = {
  id: 'mixpanel',
  name: 'Mixpanel',
  description: 'Product analytics: events, funnels and retention.',
  category: 'Analytics',
  capabilities: ['analytics'],
  fields: [
    { name: 'projectToken', label: 'Project token', secret: false, required: true, pattern: '^[0-9a-fA-F]{32}$', example: '0123456789abcdef0123456789abcdef', help: 'Project settings → Overview; it is public (it ships in web pages), so it is not treated as a secret.' },
    { name: 'serviceAccountUser', label: 'Service account user name', secret: false, required: false, pattern: '^[A-Za-z0-9._-]+\\.mp-service-account$', example: 'switchboard.0000.mp-service-account', help: 'Optional, with the secret below: lets Switchboard verify access, not just the format.' },
    { name: 'serviceAccountSecret', label: 'Service account secret', secret: true, required: false, pattern: '^[A-Za-z0-9]{16,64}$', example: 'EXAMPLE0000000000000000000000000', help: 'The secret shown once when the service account is created.' },
  ],
  steps: [
    { text: 'Sign in to Mixpanel and open Project settings.', url: 'https://mixpanel.com/settings/project' },
    { text: 'Copy the project token from the Overview section.', url: 'https://mixpanel.com/settings/project' },
    { text: 'Optionally create a service account under Organization settings → Service accounts.', url: 'https://mixpanel.com/settings/org#serviceaccounts' },
    { text: 'Copy its user name and secret (shown only once).' },
  ],
  keyUrl: 'https://mixpanel.com/settings/project',
  docsUrl: 'https://developer.mixpanel.com/reference/service-accounts',
  pricing: 'Free up to 1M monthly events; Growth plan from $25/month.',
  freeTier: '1M events per month.',
  setupMinutes: 3,
  difficulty: 'easy',
  benefits: ['Funnels and retention out of the box', 'Generous free plan', 'Service accounts for API access'],
  requiredFor: ['Campaign analytics (optional)'],
  popular: false,
  unitPrices: {},
  monthlyBase: 0,
  checkSummary: 'Checks the project token\'s format; with a service account, also signs in to the API.',
};

/** Cloudinary: media storage and transformation. */
export const cloudinary: ProviderDescriptor = {
  id: 'cloudinary',
  name: 'Cloudinary',
  description: 'Image and video storage, transformation and delivery.',
  category: 'Storage',
  capabilities: ['media'],
  fields: [
    { name: 'cloudName', label: 'Cloud name', secret: false, required: true, pattern: '^[A-Za-z0-9_-]{1,64}$', example: 'example-cloud', help: 'Shown at the top of the Cloudinary Console dashboard.' },
    { name: 'apiKey', label: 'API key', secret: false, required: true, pattern: '^[0-9]{10,20}$', example: '000000000000000', help: 'The numeric API key from Settings → API Keys.' },
    { name: 'apiSecret', label: 'API secret', secret: true, required: true, pattern: '^[A-Za-z0-9_-]{20,40}$', example: 'EXAMPLE_000000000000000000', help: 'The API secret next to the key; click to reveal it.' },
  ],
  steps: [
    { text: 'Sign in to the Cloudinary Console.', url: 'https://console.cloudinary.com/' },
    { text: 'Copy the cloud name from the dashboard.', url: 'https://console.cloudinary.com/' },
    { text: 'Open Settings → API Keys and generate or copy a key and its secret.', url: 'https://console.cloudinary.com/settings/api-keys' },
  ],
  keyUrl: 'https://console.cloudinary.com/settings/api-keys',
  docsUrl: 'https://cloudinary.com/documentation/admin_api',
  pricing: 'Free plan, then Plus from $89/month.',
  freeTier: '25 monthly credits (about 25 GB of storage or bandwidth).',
  setupMinutes: 3,
  difficulty: 'easy',
  benefits: ['On-the-fly image and video resizing', 'Global CDN delivery', 'Automatic format selection'],
  requiredFor: ['Media in campaigns (optional)'],
  popular: false,
  unitPrices: {},
  monthlyBase: 0,
  checkSummary: 'Reads the account\'s usage with the key and secret.',
};

/** AWS S3: object storage. */
export const awsS3: ProviderDescriptor = {
  id: 'aws-s3',
  name: 'AWS S3',
  description: 'Object storage for files, recordings and exports.',
  category: 'Storage',
  capabilities: ['storage'],
  fields: [
    // Temporary keys (ASIA…) need a session token, which this credential has no field for.
    { name: 'accessKeyId', label: 'Access key ID', secret: false, required: true, pattern: '^AKIA[A-Z0-9]{12,124}$', example: 'AKIAIOSFODNN7EXAMPLE', help: 'A long-term IAM access key (AKIA…); temporary keys (ASIA…) are not supported.' },
    { name: 'secretAccessKey', label: 'Secret access key', secret: true, required: true, pattern: '^[A-Za-z0-9/+=]{30,}$', example: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', help: 'Shown once, when the access key is created.' },
    { name: 'region', label: 'Region', secret: false, required: true, pattern: '^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$', example: 'us-east-1', help: 'The region of your bucket, e.g. us-east-1 or ap-south-1.' },
    { name: 'bucket', label: 'Bucket', secret: false, required: false, pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', example: 'example-agency-recordings', help: 'Optional: the bucket Switchboard should use; the check confirms the key can reach it.' },
  ],
  steps: [
    { text: 'Sign in to the AWS console and open IAM → Users.', url: 'https://console.aws.amazon.com/iam/home#/users' },
    { text: 'Create a user with a policy limited to your bucket (s3:GetObject, s3:PutObject, s3:ListBucket).' },
    { text: 'Under Security credentials, create an access key for "Application running outside AWS".', url: 'https://console.aws.amazon.com/iam/home#/users' },
    { text: 'Copy the access key ID and secret (shown only once), and note the bucket and its region.', url: 'https://s3.console.aws.amazon.com/s3/buckets' },
  ],
  keyUrl: 'https://console.aws.amazon.com/iam/home#/users',
  docsUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
  pricing: 'About $0.023 per GB-month of storage plus $0.005 per 1,000 uploads.',
  freeTier: '5 GB of storage and 20,000 GET requests per month for 12 months.',
  setupMinutes: 8,
  difficulty: 'hard',
  benefits: ['Durable, cheap storage', 'Fine-grained IAM policies', 'Available in every major region'],
  requiredFor: ['Call recordings and exports (optional)'],
  popular: false,
  unitPrices: { requests: 0.000005 },
  monthlyBase: 0,
  checkSummary: 'Asks AWS STS who the key belongs to (needs no permission) and, with a bucket, confirms the key can reach it.',
};

/** Google Analytics 4: web analytics via the Measurement Protocol. */
export const googleAnalytics: ProviderDescriptor = {
  id: 'google-analytics',
  name: 'Google Analytics',
  description: 'Web analytics; Switchboard sends campaign events with the Measurement Protocol.',
  category: 'Analytics',
  capabilities: ['analytics'],
  fields: [
    { name: 'measurementId', label: 'Measurement ID', secret: false, required: true, pattern: '^G-[A-Z0-9]{6,14}$', example: 'G-EXAMPLE000', help: 'Admin → Data streams → your web stream; starts with G-.' },
    { name: 'apiSecret', label: 'Measurement Protocol API secret', secret: true, required: true, pattern: '^[A-Za-z0-9_-]{16,64}$', example: 'EXAMPLE_0000000000000', help: 'In the same data stream: Measurement Protocol API secrets → Create.' },
  ],
  steps: [
    { text: 'Sign in to Google Analytics and open Admin.', url: 'https://analytics.google.com/' },
    { text: 'Open Data collection → Data streams and pick your web stream; copy the Measurement ID.' },
    { text: 'In that stream, open Measurement Protocol API secrets and click Create.' },
    { text: 'Copy the secret value and paste both here.' },
  ],
  keyUrl: 'https://analytics.google.com/',
  docsUrl: 'https://developers.google.com/analytics/devguides/collection/protocol/ga4',
  pricing: 'Free (Analytics 360 is a paid enterprise tier).',
  freeTier: 'Free for standard properties.',
  setupMinutes: 3,
  difficulty: 'easy',
  benefits: ['Free', 'Ties campaign events to website behaviour', 'Familiar reports for clients'],
  requiredFor: ['Campaign conversion tracking (optional)'],
  popular: false,
  unitPrices: {},
  monthlyBase: 0,
  checkSummary: 'Format check only: Google offers no endpoint to verify a measurement id.',
};
