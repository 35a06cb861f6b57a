import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../../shared/errors';
import { exotelCodec } from '../../../../../../electron/core/voice/carriers/exotel/stream';

const start = (format: Record<string, unknown>) =>
  JSON.stringify({
    event: 'start',
    sequence_number: '1',
    stream_sid: 'st1',
    start: {
      stream_sid: 'st1',
      call_sid: 'c1',
      account_sid: 'acme',
      from: '+919876543210',
      to: '+918047491899',
      custom_parameters: { token: 'abc', n: 3 },
      media_format: format,
    },
  });

describe('exotelCodec', () => {
  it('reads the Voicebot start as 16-bit PCM, parameters as strings', () => {
    expect(exotelCodec.parse(start({ encoding: 'audio/x-raw', sample_rate: '8000', bit_rate: '16' }))).toEqual({
      type: 'start',
      streamId: 'st1',
      callId: 'c1',
      params: { token: 'abc', n: '3' },
      format: { encoding: 'pcm16', sampleRate: 8000 },
    });
  });

  it("takes the camelCase spellings Exotel's own samples read, and a start without media_format as the documented 8 kHz 16-bit PCM", () => {
    const camel = JSON.stringify({
      event: 'start',
      streamSid: 'st2',
      start: { streamSid: 'st2', callSid: 'c2', customParameters: { token: 'xyz' } },
    });
    expect(exotelCodec.parse(camel)).toEqual({
      type: 'start',
      streamId: 'st2',
      callId: 'c2',
      params: { token: 'xyz' },
      format: { encoding: 'pcm16', sampleRate: 8000 },
    });
    // A start naming no stream or no call is still junk.
    expect(() => exotelCodec.parse(JSON.stringify({ event: 'start', start: { call_sid: 'c3' } }))).toThrow(AppError);
    expect(() => exotelCodec.parse(JSON.stringify({ event: 'start', stream_sid: 's3', start: {} }))).toThrow(AppError);
  });

  it('reads the media format at run time: μ-law when the stream says so', () => {
    const ev = exotelCodec.parse(start({ encoding: 'audio/x-mulaw', sample_rate: 8000 }));
    expect(ev?.type === 'start' && ev.format.encoding).toBe('mulaw');
  });

  it('treats media_format as advisory: the older article’s base64/128kbps shape and shapes it does not know are the stream URL’s 8 kHz PCM', () => {
    for (const f of [
      { encoding: 'base64', sample_rate: '8000', bit_rate: '128kbps' },
      { encoding: 'audio/x-raw', sample_rate: 8000, bit_rate: 16 },
      { encoding: 7 },
      {},
    ]) {
      const ev = exotelCodec.parse(start(f));
      expect(ev?.type === 'start' && ev.format).toEqual({ encoding: 'pcm16', sampleRate: 8000 });
    }
    const odd = JSON.stringify({
      event: 'start',
      stream_sid: 'st1',
      start: { stream_sid: 'st1', call_sid: 'c1', media_format: 'audio/x-raw;rate=8000' },
    });
    expect(exotelCodec.parse(odd)).toMatchObject({ type: 'start', format: { encoding: 'pcm16' } });
  });

  it('reads media, mark, dtmf and stop, and ignores unknown events', () => {
    const audio = Buffer.alloc(1600, 7);
    expect(
      exotelCodec.parse(
        JSON.stringify({
          event: 'media',
          sequence_number: '3',
          stream_sid: 'st1',
          media: { chunk: '2', timestamp: '200', payload: audio.toString('base64') },
        }),
      ),
    ).toEqual({ type: 'media', audio, timestampMs: 200 });
    expect(exotelCodec.parse(JSON.stringify({ event: 'mark', stream_sid: 'st1', mark: { name: 'a' } }))).toEqual({
      type: 'mark',
      name: 'a',
    });
    expect(exotelCodec.parse(JSON.stringify({ event: 'dtmf', stream_sid: 'st1', dtmf: { digit: '5', duration: '100' } }))).toEqual({
      type: 'dtmf',
      digit: '5',
    });
    expect(exotelCodec.parse(JSON.stringify({ event: 'stop', stream_sid: 'st1', stop: { reason: 'callended' } }))).toEqual({
      type: 'stop',
    });
    expect(exotelCodec.parse(JSON.stringify({ event: 'heartbeat' }))).toBeNull();
  });

  it('refuses junk with INVALID_INPUT', () => {
    for (const junk of [
      '',
      '{',
      '"x"',
      '{"event":1}',
      '{"event":"start","stream_sid":"s"}',
      '{"event":"media","media":{"payload":"a b"}}',
    ]) {
      let code = '';
      try {
        exotelCodec.parse(junk);
      } catch (e) {
        code = e instanceof AppError ? e.code : 'other';
      }
      expect(code).toBe('INVALID_INPUT');
    }
  });

  it('formats commands in snake_case and round-trips audio', () => {
    expect(JSON.parse(exotelCodec.format({ type: 'clear' }, 'st1'))).toEqual({ event: 'clear', stream_sid: 'st1' });
    expect(JSON.parse(exotelCodec.format({ type: 'mark', name: 'm1' }, 'st1'))).toEqual({
      event: 'mark',
      stream_sid: 'st1',
      mark: { name: 'm1' },
    });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const audio = Buffer.from(bytes);
        const out = JSON.parse(exotelCodec.format({ type: 'media', audio }, 'st1')) as { stream_sid: string; media: { payload: string } };
        expect(out.stream_sid).toBe('st1');
        expect(exotelCodec.parse(JSON.stringify({ event: 'media', media: { payload: out.media.payload } }))).toEqual({
          type: 'media',
          audio,
          timestampMs: null,
        });
      }),
    );
  });

  it('paces chunks that keep Exotel’s rules: a multiple of 320 bytes, 3.2 KB to 100 KB', () => {
    for (const encoding of ['pcm16', 'mulaw'] as const) {
      const bytes = exotelCodec.chunkBytes({ encoding, sampleRate: 8000 });
      expect(bytes % 320).toBe(0);
      expect(bytes).toBeGreaterThanOrEqual(3200);
      expect(bytes).toBeLessThanOrEqual(100_000);
    }
    expect(exotelCodec.chunkMs({ encoding: 'pcm16', sampleRate: 8000 })).toBe(200);
    expect(exotelCodec.chunkMs({ encoding: 'mulaw', sampleRate: 8000 })).toBe(400);
  });
});
