import { describe, expect, it } from 'vitest';
import { CATALOG, checkFieldFormat, getProvider, isProviderId, validateFields } from '../../../../shared/providers/catalog';
import { PROVIDER_IDS } from '../../../../shared/providers/types';

const SECRET_NAMES: Record<string, string[]> = {
  twilio: ['authToken'],
  exotel: ['apiToken'],
  resend: ['apiKey'],
  sendgrid: ['apiKey'],
  anthropic: ['apiKey'],
  openai: ['apiKey'],
  deepgram: ['apiKey'],
  cartesia: ['apiKey'],
  stripe: ['secretKey'],
  github: ['token'],
  sentry: ['authToken'],
  mixpanel: ['serviceAccountSecret'],
  cloudinary: ['apiSecret'],
  'aws-s3': ['secretAccessKey'],
  'google-analytics': ['apiSecret'],
  ngrok: ['authtoken'],
};

describe('the provider catalog', () => {
  it('lists every provider id once, in PROVIDER_IDS order', () => {
    expect(CATALOG.map((d) => d.id)).toEqual([...PROVIDER_IDS]);
  });

  it('flags exactly the secret fields as secret', () => {
    for (const d of CATALOG) expect(d.fields.filter((f) => f.secret).map((f) => f.name)).toEqual(SECRET_NAMES[d.id]);
  });

  it('describes every provider completely', () => {
    for (const d of CATALOG) {
      expect(d.steps.length).toBeGreaterThanOrEqual(3);
      expect(d.steps.length).toBeLessThanOrEqual(5);
      expect(d.benefits.length).toBeGreaterThanOrEqual(3);
      expect(d.keyUrl).toMatch(/^https:\/\//);
      expect(d.docsUrl).toMatch(/^https:\/\//);
      expect(d.steps.some((s) => s.url?.startsWith('https://'))).toBe(true);
      expect(d.description.length).toBeGreaterThan(10);
      expect(d.checkSummary.length).toBeGreaterThan(10);
    }
  });

  it('accepts every field example', () => {
    for (const d of CATALOG) for (const f of d.fields) expect(checkFieldFormat(d, f.name, f.example), `${d.id}.${f.name}`).toBeNull();
  });

  it('rejects obvious garbage in every patterned field without echoing it', () => {
    const garbage = 'hunter2 is my password!';
    for (const d of CATALOG) {
      for (const f of d.fields.filter((x) => x.pattern || x.choices)) {
        const message = checkFieldFormat(d, f.name, garbage);
        expect(message, `${d.id}.${f.name}`).toMatch(/\.$/);
        expect(message).not.toContain(garbage);
      }
    }
  });

  it('is strict on prefixes', () => {
    const anthropic = getProvider('anthropic');
    expect(checkFieldFormat(anthropic, 'apiKey', 'sk-ant-admin01-0000000000000000000000000')).not.toBeNull();
    expect(checkFieldFormat(getProvider('stripe'), 'secretKey', 'pk_live_0000000000000000')).not.toBeNull();
  });

  it('tells ids apart from other strings', () => {
    expect(isProviderId('aws-s3')).toBe(true);
    expect(isProviderId('aws')).toBe(false);
    expect(isProviderId(3)).toBe(false);
  });
});

describe('validateFields', () => {
  it('trims values and drops empty optional fields', () => {
    const r = validateFields('resend', { apiKey: '  re_Example_000000000000  ', fromEmail: ' ' });
    expect(r).toEqual({ ok: true, fields: { apiKey: 're_Example_000000000000' } });
  });

  it('requires required fields and rejects unknown ones', () => {
    const r = validateFields('twilio', { accountSid: 'AC' + '0'.repeat(32), colour: 'blue' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['authToken', 'colour']);
  });

  it('accepts only the listed Exotel regions', () => {
    const base = { sid: 'agency1', apiKey: 'a'.repeat(20), apiToken: 'b'.repeat(20) };
    expect(validateFields('exotel', { ...base, region: 'in' }).ok).toBe(true);
    expect(validateFields('exotel', { ...base, region: 'us' }).ok).toBe(false);
  });

  it('asks for both halves of a Mixpanel service account', () => {
    const r = validateFields('mixpanel', { projectToken: '0'.repeat(32), serviceAccountSecret: 'S'.repeat(20) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.serviceAccountUser).toMatch(/give both or neither/);
  });

  it('never repeats an unknown field name, which may be a secret pasted as a JSON key', () => {
    const secret = 'sk-ant-api03-PastedAsAFieldName-9xQa';
    const one = validateFields('anthropic', { [secret]: 'x', apiKey: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz-9xQa' });
    expect(one.ok).toBe(false);
    if (!one.ok)
      expect(Object.values(one.errors)).toEqual(['One of the field names given is not an Anthropic field; the fields are apiKey.']);
    const two = validateFields('resend', { [secret]: 'x', [`${secret}2`]: 'y', apiKey: 're_Example_000000000000' });
    expect(two.ok).toBe(false);
    if (!two.ok)
      expect(new Set(Object.values(two.errors))).toEqual(
        new Set(['2 of the field names given are not Resend fields; the fields are apiKey, fromEmail.']),
      );
    for (const r of [one, two]) if (!r.ok) expect(Object.values(r.errors).join(' ')).not.toContain('PastedAs');
  });

  it('never puts a secret value into an error message', () => {
    const secret = 'sk-ant-api03-but with spaces inside';
    const r = validateFields('anthropic', { apiKey: secret });
    expect(JSON.stringify(r)).not.toContain(secret);
  });
});
