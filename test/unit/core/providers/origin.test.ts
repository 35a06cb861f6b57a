import { describe, expect, it } from 'vitest';
import { originEnvName, providerOrigin } from '../../../../electron/core/providers/origin';

describe('providerOrigin', () => {
  it('prefers the credential endpoint over the environment and the default', () => {
    expect(
      providerOrigin('resend', { endpoint: 'https://proxy.example/resend/', env: { SWITCHBOARD_RESEND_URL: 'https://env.example' } }),
    ).toBe('https://proxy.example/resend');
  });

  it('uses SWITCHBOARD_<ID>_URL with dashes turned into underscores', () => {
    expect(originEnvName('aws-s3')).toBe('SWITCHBOARD_AWS_S3_URL');
    expect(providerOrigin('aws-s3', { env: { SWITCHBOARD_AWS_S3_URL: 'http://127.0.0.1:4000' } })).toBe('http://127.0.0.1:4000');
  });

  it('picks the Exotel cluster from the region', () => {
    expect(providerOrigin('exotel', { env: {}, region: 'in' })).toBe('https://api.in.exotel.com');
    expect(providerOrigin('exotel', { env: {}, region: 'sg' })).toBe('https://api.exotel.com');
  });

  it('falls back to the provider default', () => {
    expect(providerOrigin('anthropic', { env: {} })).toBe('https://api.anthropic.com');
    expect(providerOrigin('aws-s3', { env: {}, region: 'ap-south-1' })).toBe('https://sts.ap-south-1.amazonaws.com');
  });

  it('refuses plain http to another host, so a key is never sent in clear text', () => {
    expect(() => providerOrigin('stripe', { endpoint: 'http://proxy.example' })).toThrow(/https/);
  });

  it('refuses an address that is not a URL or carries credentials', () => {
    expect(() => providerOrigin('stripe', { endpoint: 'not a url' })).toThrow(/not a valid URL/);
    expect(() => providerOrigin('stripe', { endpoint: 'https://user:pw@proxy.example' })).toThrow(/user name or password/);
  });
});
