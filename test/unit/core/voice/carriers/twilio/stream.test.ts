import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../../shared/errors';
import { twilioCodec } from '../../../../../../electron/core/voice/carriers/twilio/stream';

const start = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    event: 'start',
    sequenceNumber: '1',
    streamSid: 'MZ1',
    start: {
      streamSid: 'MZ1',
      accountSid: 'AC1',
      callSid: 'CA1',
      tracks: ['inbound'],
      customParameters: { token: 't0k' },
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      ...over,
    },
  });

function invalid(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('twilioCodec', () => {
  it('reads connected and start with its parameters and μ-law format', () => {
    expect(twilioCodec.parse(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }))).toEqual({ type: 'connected' });
    expect(twilioCodec.parse(start())).toEqual({
      type: 'start',
      streamId: 'MZ1',
      callId: 'CA1',
      params: { token: 't0k' },
      format: { encoding: 'mulaw', sampleRate: 8000 },
    });
  });

  it('reads media, mark, dtmf and stop', () => {
    const audio = Buffer.from([1, 2, 255]);
    expect(
      twilioCodec.parse(
        JSON.stringify({
          event: 'media',
          streamSid: 'MZ1',
          media: { track: 'inbound', chunk: '2', timestamp: '40', payload: audio.toString('base64') },
        }),
      ),
    ).toEqual({ type: 'media', audio, timestampMs: 40 });
    expect(twilioCodec.parse(JSON.stringify({ event: 'mark', streamSid: 'MZ1', mark: { name: 'r1' } }))).toEqual({
      type: 'mark',
      name: 'r1',
    });
    expect(twilioCodec.parse(JSON.stringify({ event: 'dtmf', streamSid: 'MZ1', dtmf: { track: 'inbound_track', digit: '#' } }))).toEqual({
      type: 'dtmf',
      digit: '#',
    });
    expect(twilioCodec.parse(JSON.stringify({ event: 'stop', streamSid: 'MZ1', stop: { callSid: 'CA1' } }))).toEqual({ type: 'stop' });
  });

  it('ignores an event it does not know', () => {
    expect(twilioCodec.parse(JSON.stringify({ event: 'something-new', x: 1 }))).toBeNull();
  });

  it('refuses junk with INVALID_INPUT', () => {
    for (const junk of [
      'not json',
      '[1]',
      '{"no":"event"}',
      '{"event":"media","media":{}}',
      '{"event":"media","media":{"payload":"@@@"}}',
      '{"event":"dtmf","dtmf":{"digit":"55"}}',
    ]) {
      expect(invalid(() => twilioCodec.parse(junk)).code).toBe('INVALID_INPUT');
    }
    expect(invalid(() => twilioCodec.parse(start({ mediaFormat: { encoding: 'audio/x-raw', sampleRate: 8000 } }))).message).toMatch(
      /μ-law/,
    );
  });

  it('formats media, mark and clear as Twilio reads them', () => {
    expect(JSON.parse(twilioCodec.format({ type: 'media', audio: Buffer.from([0xff, 0x7f]) }, 'MZ1'))).toEqual({
      event: 'media',
      streamSid: 'MZ1',
      media: { payload: '/38=' },
    });
    expect(JSON.parse(twilioCodec.format({ type: 'mark', name: 'm' }, 'MZ1'))).toEqual({
      event: 'mark',
      streamSid: 'MZ1',
      mark: { name: 'm' },
    });
    expect(JSON.parse(twilioCodec.format({ type: 'clear' }, 'MZ1'))).toEqual({ event: 'clear', streamSid: 'MZ1' });
  });

  it('round-trips any audio through format and parse', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const audio = Buffer.from(bytes);
        const out = JSON.parse(twilioCodec.format({ type: 'media', audio }, 'MZ9')) as { media: { payload: string } };
        expect(twilioCodec.parse(JSON.stringify({ event: 'media', media: { payload: out.media.payload } }))).toEqual({
          type: 'media',
          audio,
          timestampMs: null,
        });
      }),
    );
  });

  it('never throws anything but AppError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        try {
          twilioCodec.parse(text);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
        }
      }),
    );
  });

  it('paces 160 bytes per 20 ms', () => {
    expect(twilioCodec.chunkBytes({ encoding: 'mulaw', sampleRate: 8000 })).toBe(160);
    expect(twilioCodec.chunkMs({ encoding: 'mulaw', sampleRate: 8000 })).toBe(20);
  });
});
