import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../../shared/errors';
import { ManualClock } from '../../../../../electron/core/voice/clock';
import {
  fatalSentence,
  fluxListenUrl,
  parseFlux,
  turnOf,
  type DeepgramFluxOptions,
} from '../../../../../electron/core/voice/streams/deepgram-flux';
import { fluxListenRefusal } from '../../../../sim/deepgram-flux-contract';

const base: DeepgramFluxOptions = {
  apiKey: 'k',
  origin: 'https://api.deepgram.com',
  encoding: 'mulaw',
  sampleRate: 8000,
  clock: new ManualClock(),
};
const query = (opts: Partial<DeepgramFluxOptions> = {}): URLSearchParams => new URL(fluxListenUrl({ ...base, ...opts })).searchParams;

describe('the Flux listen URL', () => {
  it('asks wss /v2/listen for flux-general-en with the call’s encoding, rate and Deepgram’s default thresholds, eager off', () => {
    const url = new URL(fluxListenUrl(base));
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('wss://api.deepgram.com/v2/listen');
    const expected = { model: 'flux-general-en', encoding: 'mulaw', sample_rate: '8000', eot_threshold: '0.7', eot_timeout_ms: '5000' };
    expect(Object.fromEntries(url.searchParams)).toEqual(expected);
  });

  it('sends an agent’s thresholds, eager only when the agent set one', () => {
    const q = query({ encoding: 'linear16', thresholds: { eotThreshold: 0.8, eagerEotThreshold: 0.5, eotTimeoutMs: 3000 } });
    expect(Object.fromEntries(q)).toMatchObject({
      encoding: 'linear16',
      eot_threshold: '0.8',
      eager_eot_threshold: '0.5',
      eot_timeout_ms: '3000',
    });
  });

  it('repeats keyterm per term and sends language hints only to the multilingual model', () => {
    expect(query({ keyterms: ['Acme Dental', ' ', 'Ava'] }).getAll('keyterm')).toEqual(['Acme Dental', 'Ava']);
    expect(query({ languageHints: ['hi'] }).has('language_hint')).toBe(false);
    expect(query({ model: 'flux-general-multi', languageHints: ['hi'] }).getAll('language_hint')).toEqual(['hi']);
  });

  it('refuses thresholds outside Deepgram’s ranges, or an eager one above the end-of-turn one, before any socket opens', () => {
    for (const thresholds of [
      { eotThreshold: 0.4 },
      { eagerEotThreshold: 0.95 },
      { eotTimeoutMs: 100 },
      { eotThreshold: 0.6, eagerEotThreshold: 0.7 },
    ]) {
      const err = (() => {
        try {
          return fluxListenUrl({ ...base, thresholds });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INVALID_INPUT');
    }
  });

  it('builds only queries the simulator’s Flux contract accepts', () => {
    const variants: Partial<DeepgramFluxOptions>[] = [
      {},
      { encoding: 'linear16', thresholds: { eagerEotThreshold: 0.4 } },
      { model: 'flux-general-multi', languageHints: ['hi'], keyterms: ['Acme'] },
    ];
    for (const opts of variants) {
      expect(fluxListenRefusal(query(opts))).toBeNull();
    }
  });
});

const turnInfo = {
  type: 'TurnInfo',
  request_id: 'r1',
  sequence_id: 4,
  event: 'EagerEndOfTurn',
  turn_index: 2,
  audio_window_start: 1.2,
  audio_window_end: 2.84,
  transcript: 'Tuesday works for me.',
  words: [
    { word: 'Tuesday', confidence: 0.97, start: 1.3, end: 1.7 },
    { word: 'works', confidence: 0.99 },
  ],
  end_of_turn_confidence: 0.52,
};

describe('Flux server messages', () => {
  it('reads a TurnInfo in the SDK’s shape as the session’s turn', () => {
    const m = parseFlux(JSON.stringify(turnInfo));
    expect(m?.type).toBe('TurnInfo');
    expect(m?.type === 'TurnInfo' && turnOf(m)).toEqual({
      event: 'EagerEndOfTurn',
      turnIndex: 2,
      transcript: 'Tuesday works for me.',
      audioWindowStart: 1.2,
      audioWindowEnd: 2.84,
      endOfTurnConfidence: 0.52,
    });
  });

  it('keeps EndOfTurn’s trigger and the multilingual model’s languages', () => {
    const m = parseFlux(JSON.stringify({ ...turnInfo, event: 'EndOfTurn', trigger: 'timeout', languages: ['hi', 'en'] }));
    expect(m?.type === 'TurnInfo' && turnOf(m)).toMatchObject({ event: 'EndOfTurn', trigger: 'timeout', languages: ['hi', 'en'] });
  });

  it('passes over an event Flux may add later instead of guessing what it means', () => {
    const m = parseFlux(JSON.stringify({ ...turnInfo, event: 'SpeakerChanged' }));
    expect(m?.type === 'TurnInfo' && turnOf(m)).toBeNull();
  });

  it('reads Connected, Error and the Configure answers', () => {
    expect(parseFlux('{"type":"Connected","request_id":"r","sequence_id":0}')?.type).toBe('Connected');
    const error = '{"type":"Error","sequence_id":3,"code":"INTERNAL_SERVER_ERROR","description":"x"}';
    expect(parseFlux(error)).toMatchObject({ type: 'Error', code: 'INTERNAL_SERVER_ERROR' });
    expect(parseFlux('{"type":"ConfigureSuccess","request_id":"r","sequence_id":5,"thresholds":{},"keyterms":[]}')?.type).toBe(
      'ConfigureSuccess',
    );
    expect(parseFlux('{"type":"ConfigureFailure","request_id":"r","sequence_id":6}')?.type).toBe('ConfigureFailure');
  });

  it('ignores v1 messages, malformed TurnInfo and non-JSON', () => {
    expect(parseFlux('{"type":"Results","channel":{}}')).toBeNull();
    expect(parseFlux(JSON.stringify({ ...turnInfo, turn_index: 'two' }))).toBeNull();
    expect(parseFlux('not json')).toBeNull();
  });

  it('turns a fatal Error into one sentence that shows a plain code and never the free text', () => {
    expect(fatalSentence('INTERNAL_SERVER_ERROR')).toBe('Deepgram ended the Flux stream with an error (INTERNAL_SERVER_ERROR).');
    expect(fatalSentence('weird <code> with words')).toBe('Deepgram ended the Flux stream with an error.');
  });
});
