import { describe, expect, it } from 'vitest';
import { ASSUMED, estimateVoice } from '../../../../../electron/core/campaigns/voice/estimate';

describe('a voice campaign’s estimate', () => {
  it('counts the calls retries add at the assumed answer rate', () => {
    expect(estimateVoice(100, 0, 'twilio').calls).toBe(100);
    // Half answer each time: 100 + 50 + 25.
    expect(estimateVoice(100, 2, 'twilio').calls).toBe(175);
  });

  it('prices carrier minutes, STT minutes, LLM tokens and TTS characters per provider, with whose key pays when known', () => {
    const e = estimateVoice(100, 0, 'exotel', { exotel: 'own', anthropic: 'agency' });
    expect(e.byProvider.map((p) => [p.role, p.provider, p.unit, p.owner])).toEqual([
      ['carrier', 'exotel', 'minutes', 'own'],
      ['stt', 'deepgram', 'minutes', null],
      ['llm', 'anthropic', 'tokens', 'agency'],
      ['tts', 'cartesia', 'characters', null],
    ]);
    const answered = 100 * ASSUMED.answerRate;
    expect(e.minutes).toBe(answered * ASSUMED.minutesPerCall);
    expect(e.byProvider[2]?.amount).toBe(answered * ASSUMED.minutesPerCall * ASSUMED.tokensPerMinute);
    expect(e.costUsd).toBeCloseTo(
      e.byProvider.reduce((s, p) => s + p.costUsd, 0),
      4,
    );
    expect(e.costUsd).toBeGreaterThan(0);
  });

  it('says whether the agent’s prompt caches, and prices each turn honestly: in full below the model’s minimum', () => {
    const agent = {
      model: 'claude-haiku-4-5',
      system: 'You are Ava from Acme Dental. Keep replies short.',
      outcomes: ['interested', 'not_interested'],
    };
    const short = estimateVoice(100, 0, 'twilio', {}, agent);
    expect(short.prompt).toMatchObject({ model: 'claude-haiku-4-5', minimum: 4096, caches: false });
    const tokens = short.prompt?.tokens ?? 0;
    const answeredMinutes = 100 * ASSUMED.answerRate * ASSUMED.minutesPerCall;
    expect(short.byProvider[2]?.amount).toBe(
      Math.round(answeredMinutes * ASSUMED.turnsPerMinute * (tokens + ASSUMED.historyTokensPerTurn + ASSUMED.outputTokensPerTurn)),
    );
  });

  it('measures that padding a short prompt up to the caching minimum costs more than sending it uncached', () => {
    const outcomes = ['interested', 'not_interested'];
    const short = estimateVoice(
      100,
      0,
      'twilio',
      {},
      { model: 'claude-haiku-4-5', system: 'You are Ava from Acme Dental. Keep replies short. '.repeat(10), outcomes },
    );
    const padded = estimateVoice(100, 0, 'twilio', {}, { model: 'claude-haiku-4-5', system: 'x'.repeat(4096 * 3.5), outcomes });
    expect(padded.prompt?.caches).toBe(true);
    expect(short.prompt?.caches).toBe(false);
    const llm = (e: typeof short): number => e.byProvider[2]?.amount ?? 0;
    // An 8-turn call reads a cached 4,096-token prompt at (1.25 + 0.7) / 8 ≈ 0.24 of its price per turn:
    // ~1,000 input-price tokens a turn, several times a ~150-token prompt sent in full.
    expect(llm(padded)).toBeGreaterThan(2 * llm(short));
  });
});
