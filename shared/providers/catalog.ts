/** The provider catalog: renderer-safe descriptors and the field format checks the console, CLI and core share. */
import { PROVIDER_IDS, type FieldDescriptor, type ProviderDescriptor, type ProviderId } from './types';
import { exotel, resend, sendgrid, twilio } from './catalog/messaging';
import { anthropic, cartesia, deepgram, openai } from './catalog/voice-ai';
import { awsS3, cloudinary, github, googleAnalytics, mixpanel, sentry, stripe } from './catalog/business';
import { ngrok } from './catalog/tunnel';

const BY_ID: Readonly<Record<ProviderId, ProviderDescriptor>> = {
  twilio,
  exotel,
  resend,
  sendgrid,
  anthropic,
  openai,
  deepgram,
  cartesia,
  stripe,
  github,
  sentry,
  mixpanel,
  cloudinary,
  'aws-s3': awsS3,
  'google-analytics': googleAnalytics,
  ngrok,
};

/** Every provider, in PROVIDER_IDS order. */
export const CATALOG: readonly ProviderDescriptor[] = PROVIDER_IDS.map((id) => BY_ID[id]);

/** Longest value accepted in any field; guards the regexes and the store against pasted files. */
export const MAX_FIELD_LENGTH = 4096;

/** Tells whether a value is one of the canonical provider ids. */
export function isProviderId(x: unknown): x is ProviderId {
  return typeof x === 'string' && (PROVIDER_IDS as readonly string[]).includes(x);
}

/** The descriptor of a provider id. */
export function getProvider(id: ProviderId): ProviderDescriptor {
  return BY_ID[id];
}

/** "an Anthropic", "a Twilio": the article by the name's first sound, near enough for provider names. */
function withArticle(name: string): string {
  return /^[AEIOU]/i.test(name) ? `an ${name}` : `a ${name}`;
}

/** The descriptor of one field of a provider, if it exists. */
export function getField(descriptor: ProviderDescriptor, fieldName: string): FieldDescriptor | undefined {
  return descriptor.fields.find((f) => f.name === fieldName);
}

/**
 * Checks one field value against its format: null when it is fine, otherwise one sentence.
 * The sentence names the field and the expected shape, never the value (it may be a secret).
 */
export function checkFieldFormat(descriptor: ProviderDescriptor, fieldName: string, value: string): string | null {
  const field = getField(descriptor, fieldName);
  if (!field) return `${descriptor.name} has no field called "${fieldName}".`;
  const v = value.trim();
  if (v === '') return field.required ? `${field.label} is required.` : null;
  if (v.length > MAX_FIELD_LENGTH) return `${field.label} is too long to be ${withArticle(descriptor.name)} ${field.label}.`;
  if (field.choices && !field.choices.includes(v)) return `${field.label} must be one of: ${field.choices.join(', ')}.`;
  if (field.pattern && !new RegExp(field.pattern).test(v)) {
    if (/\s/.test(v)) return `${field.label} contains spaces or line breaks; paste it again without them.`;
    return `${field.label} does not look like ${withArticle(descriptor.name)} ${field.label} (expected something like ${field.example}).`;
  }
  return null;
}

/** Fields that must be given together or not at all, per provider. */
const TOGETHER: Partial<Record<ProviderId, readonly (readonly string[])[]>> = {
  mixpanel: [['serviceAccountUser', 'serviceAccountSecret']],
};

/** The outcome of validating a whole credential's fields. */
export type FieldValidation =
  | { readonly ok: true; readonly fields: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/**
 * Validates a credential's fields: trims values, drops empty optional ones, rejects unknown names,
 * requires the required ones and matches formats. Errors are keyed by field name; a message never
 * repeats a value or an unknown name (show the messages, not the keys, of unknown fields).
 */
export function validateFields(id: ProviderId, fields: Readonly<Record<string, string>>): FieldValidation {
  const descriptor = getProvider(id);
  const errors: Record<string, string> = {};
  const clean: Record<string, string> = {};
  const unknown: string[] = [];
  for (const [name, raw] of Object.entries(fields)) {
    if (!getField(descriptor, name)) {
      // Never repeat an unknown name: it may be a secret pasted as a JSON key.
      unknown.push(name);
      continue;
    }
    if (typeof raw !== 'string') {
      errors[name] = `${getField(descriptor, name)?.label ?? name} must be text.`;
      continue;
    }
    const problem = checkFieldFormat(descriptor, name, raw);
    if (problem) errors[name] = problem;
    else if (raw.trim() !== '') clean[name] = raw.trim();
  }
  const names = descriptor.fields.map((f) => f.name).join(', ');
  for (const name of unknown) {
    errors[name] =
      unknown.length === 1
        ? `One of the field names given is not ${withArticle(descriptor.name)} field; the fields are ${names}.`
        : `${unknown.length} of the field names given are not ${descriptor.name} fields; the fields are ${names}.`;
  }
  for (const field of descriptor.fields) {
    if (field.required && !(field.name in fields)) errors[field.name] = `${field.label} is required.`;
  }
  for (const group of TOGETHER[id] ?? []) {
    const given = group.filter((name) => name in clean);
    if (given.length > 0 && given.length < group.length) {
      const labels = group.map((name) => getField(descriptor, name)?.label ?? name);
      for (const name of group)
        if (!(name in clean) && !errors[name]) errors[name] = `${labels.join(' and ')} go together: give both or neither.`;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, fields: clean };
}
