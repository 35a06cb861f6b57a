import { describe, expect, it } from 'vitest';
import { messageRefusal, upgradeRefusal } from '../../sim/cartesia-contract';
import { listenRefusal } from '../../sim/deepgram-contract';

const listen = {
  model: 'nova-3',
  language: 'en',
  encoding: 'mulaw',
  sample_rate: '8000',
  channels: '1',
  interim_results: 'true',
  endpointing: '300',
  utterance_end_ms: '1000',
  vad_events: 'true',
  smart_format: 'true',
};

describe('the Deepgram simulator refuses the live queries Deepgram refuses', () => {
  it('takes the runner’s query', () => expect(listenRefusal(listen)).toBeNull());
  it('refuses a parameter the SDK’s ConnectArgs does not have', () =>
    expect(listenRefusal({ ...listen, speed: 'fast' })).toBe('Unknown parameter: speed'));
  it('refuses a model or an encoding outside the SDK’s enums', () => {
    expect(listenRefusal({ ...listen, model: 'nova-9' })).toBe('Invalid model: nova-9');
    expect(listenRefusal({ ...listen, encoding: 'mp3' })).toBe('Invalid encoding: mp3');
  });
  it('refuses a raw encoding without a sample rate', () =>
    expect(listenRefusal({ ...listen, sample_rate: undefined } as unknown as Record<string, string>)).toBe(
      'sample_rate is required for raw encodings',
    ));
  it('refuses utterance_end_ms without interim results', () =>
    expect(listenRefusal({ ...listen, interim_results: 'false' })).toBe('utterance_end_ms requires interim_results=true'));
  it('refuses a language nova-3 does not speak', () =>
    expect(listenRefusal({ ...listen, language: 'xx' })).toBe('nova-3 does not support language xx'));
});

const gen = {
  model_id: 'sonic-3',
  transcript: 'Hello.',
  continue: true,
  context_id: 'c1',
  voice: { mode: 'id', id: 'v1' },
  output_format: { container: 'raw', encoding: 'pcm_mulaw', sample_rate: 8000 },
  language: 'en',
  max_buffer_delay_ms: 0,
};

describe('the Cartesia simulator refuses what Cartesia’s TTS WebSocket refuses', () => {
  it('takes the runner’s request and cancel', () => {
    expect(messageRefusal(gen, new Set())).toBeNull();
    expect(messageRefusal({ context_id: 'c1', cancel: true }, new Set(['c1']))).toBeNull();
  });
  it('refuses a socket without the Cartesia-Version header', () => {
    expect(upgradeRefusal({})).toBe('The Cartesia-Version header is required.');
    expect(upgradeRefusal({ 'cartesia-version': '2026-08-14' })).toBeNull();
  });
  it('refuses a field GenerationRequest does not have, and a missing required one', () => {
    expect(messageRefusal({ ...gen, speed_factor: 2 }, new Set())).toBe('Unknown field: speed_factor.');
    expect(messageRefusal({ ...gen, voice: undefined }, new Set())).toBe('Missing field: voice.');
  });
  it('refuses an output format outside RawOutputFormat', () => {
    expect(messageRefusal({ ...gen, output_format: { container: 'raw', encoding: 'pcm_mulaw', sample_rate: 8001 } }, new Set())).toMatch(
      /output_format/,
    );
    expect(messageRefusal({ ...gen, output_format: { container: 'mp3', encoding: 'pcm_mulaw', sample_rate: 8000 } }, new Set())).toMatch(
      /output_format/,
    );
  });
  it('refuses a buffer delay outside 0–5000 ms', () =>
    expect(messageRefusal({ ...gen, max_buffer_delay_ms: 9000 }, new Set())).toBe('max_buffer_delay_ms must be 0 to 5000.'));
  it('refuses a context that starts with an empty transcript, but lets a started one end with one', () => {
    expect(messageRefusal({ ...gen, transcript: '', continue: false }, new Set())).toBe('A context cannot start with an empty transcript.');
    expect(messageRefusal({ ...gen, transcript: '', continue: false }, new Set(['c1']))).toBeNull();
  });
  it('refuses a malformed cancel', () => expect(messageRefusal({ context_id: 'c1', cancel: 'yes' }, new Set())).toMatch(/cancel/));
});
