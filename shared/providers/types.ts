/** Renderer-safe description of a provider: everything the console and CLI know before any call. */

/** Canonical provider ids: the CLI, the environment overrides (SWITCHBOARD_<ID>_URL) and the tests name providers by these. */
export const PROVIDER_IDS = [
  'twilio',
  'exotel',
  'resend',
  'sendgrid',
  'anthropic',
  'openai',
  'deepgram',
  'cartesia',
  'stripe',
  'github',
  'sentry',
  'mixpanel',
  'cloudinary',
  'aws-s3',
  'google-analytics',
  'ngrok',
] as const;

/** A canonical provider id. */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Dashboard categories. */
export type ProviderCategory = 'AI' | 'Speech' | 'Email' | 'SMS & Voice' | 'Payments' | 'Analytics' | 'Storage' | 'Developer';

/** What a provider's key lets Switchboard do. */
export type Capability =
  | 'sms'
  | 'voice-carrier'
  | 'email'
  | 'llm'
  | 'stt'
  | 'tts'
  | 'payments'
  | 'analytics'
  | 'storage'
  | 'error-tracking'
  | 'source-control'
  | 'media'
  | 'tunnel';

/** One input field of a provider's credential. */
export interface FieldDescriptor {
  readonly name: string;
  readonly label: string;
  /** Secret fields are sealed, never shown back, and must be re-entered on update. */
  readonly secret: boolean;
  readonly required: boolean;
  /** Regular expression source the value must match (strict on prefixes, lenient on lengths). */
  readonly pattern?: string;
  /** Allowed values, for a choice field (e.g. a region). */
  readonly choices?: readonly string[];
  /** A realistic but fake example of the format. */
  readonly example: string;
  readonly help: string;
}

/** One step of getting a key at the provider. */
export interface SetupStep {
  readonly text: string;
  readonly url?: string;
}

/** Everything the product knows about a provider. */
export interface ProviderDescriptor {
  readonly id: ProviderId;
  readonly name: string;
  readonly description: string;
  readonly category: ProviderCategory;
  readonly capabilities: readonly Capability[];
  readonly fields: readonly FieldDescriptor[];
  readonly steps: readonly SetupStep[];
  /** The page where the key is created. */
  readonly keyUrl: string;
  readonly docsUrl: string;
  readonly pricing: string;
  readonly freeTier: string | null;
  readonly setupMinutes: number;
  readonly difficulty: 'easy' | 'medium' | 'hard';
  readonly benefits: readonly string[];
  /** What Switchboard needs this provider for, e.g. "Voice campaigns (LLM)". */
  readonly requiredFor: readonly string[];
  readonly popular: boolean;
  /** Unit prices used for cost estimates, in US dollars. */
  readonly unitPrices: Partial<Record<UsageUnit, number>>;
  /** A flat monthly cost of holding the key (e.g. a phone number), in US dollars. */
  readonly monthlyBase: number;
  /** The check run against the provider, in words. */
  readonly checkSummary: string;
}

/** Units that usage is metered in. */
export type UsageUnit = 'requests' | 'messages' | 'minutes' | 'characters' | 'tokens';
