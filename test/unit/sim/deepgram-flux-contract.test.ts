import { describe, expect, it } from 'vitest';
import { configureRefusal, fluxListenRefusal } from '../../sim/deepgram-flux-contract';

const flux = {
  model: 'flux-general-en',
  encoding: 'mulaw',
  sample_rate: '8000',
  eot_threshold: '0.7',
  eager_eot_threshold: '0.5',
  eot_timeout_ms: '5000',
};

describe('the Flux simulator refuses the /v2/listen queries Flux refuses', () => {
  it('takes the runner’s query', () => expect(fluxListenRefusal(flux)).toBeNull());
  it('refuses a parameter V2Client.ConnectArgs does not have, v1’s included', () => {
    expect(fluxListenRefusal({ ...flux, language: 'en' })).toBe('Unknown parameter: language');
    expect(fluxListenRefusal({ ...flux, interim_results: 'true' })).toBe('Unknown parameter: interim_results');
  });
  it('refuses a model outside ListenV2Model and a raw encoding without a supported rate', () => {
    expect(fluxListenRefusal({ ...flux, model: 'nova-3' })).toBe('Invalid model: nova-3');
    expect(fluxListenRefusal({ ...flux, encoding: 'mp3' })).toBe('Invalid encoding: mp3');
    expect(fluxListenRefusal({ ...flux, sample_rate: '11025' })).toMatch(/^sample_rate must be/);
  });
  it('refuses thresholds outside the SDK’s documented ranges, and eager above eot', () => {
    expect(fluxListenRefusal({ ...flux, eot_threshold: '0.4' })).toBe('eot_threshold must be between 0.5 and 1.0');
    expect(fluxListenRefusal({ ...flux, eager_eot_threshold: '0.95' })).toBe('eager_eot_threshold must be between 0.3 and 0.9');
    expect(fluxListenRefusal({ ...flux, eot_timeout_ms: '120000' })).toBe('eot_timeout_ms must be an integer between 500 and 60000');
    expect(fluxListenRefusal({ ...flux, eot_threshold: '0.6', eager_eot_threshold: '0.8' })).toBe(
      'eager_eot_threshold cannot exceed eot_threshold',
    );
    expect(fluxListenRefusal({ ...flux, eot_threshold: 'high' })).toBe('eot_threshold must be between 0.5 and 1.0');
  });
  it('takes language hints only on the multilingual model and only its languages', () => {
    const english = new URLSearchParams([...Object.entries(flux), ['language_hint', 'hi']]);
    expect(fluxListenRefusal(english)).toBe('language_hint is only valid with flux-general-multi');
    const multi = { ...flux, model: 'flux-general-multi' };
    expect(
      fluxListenRefusal(new URLSearchParams([...Object.entries(multi), ['language_hint', 'hi'], ['language_hint', 'en-GB']])),
    ).toBeNull();
    expect(fluxListenRefusal(new URLSearchParams([...Object.entries(multi), ['language_hint', 'ta']]))).toBe(
      'Unsupported language_hint: ta',
    );
  });
  it('refuses a repeated parameter the SDK types as a single value', () => {
    expect(fluxListenRefusal(new URLSearchParams([...Object.entries(flux), ['eot_threshold', '0.8']]))).toBe(
      'eot_threshold may be given once',
    );
  });
  it('checks a Configure message’s thresholds against the current ones', () => {
    expect(configureRefusal({ type: 'Configure', thresholds: { eager_eot_threshold: 0.4 } }, { eot: 0.7 })).toBeNull();
    const tooEager = { type: 'Configure', thresholds: { eager_eot_threshold: 0.8 } };
    expect(configureRefusal(tooEager, { eot: 0.7 })).toBe('eager_eot_threshold cannot exceed eot_threshold');
    expect(configureRefusal({ type: 'Configure', thresholds: { eot_timeout_ms: 12.5 } }, { eot: 0.7 })).toMatch(/eot_timeout_ms/);
    expect(configureRefusal({ type: 'Configure', speed: 2 }, { eot: 0.7 })).toBe('Unknown field: speed');
  });
});
