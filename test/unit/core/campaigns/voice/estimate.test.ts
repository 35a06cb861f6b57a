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
    expect(e.costUsd).toBeCloseTo(e.byProvider.reduce((s, p) => s + p.costUsd, 0), 4);
    expect(e.costUsd).toBeGreaterThan(0);
  });
});
