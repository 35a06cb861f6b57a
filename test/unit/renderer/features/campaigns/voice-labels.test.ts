import { describe, expect, it } from 'vitest';
import {
  amountWords,
  DEFAULTS,
  LEAD_LOOK,
  LEAD_STATE_LIST,
  OUTCOMES,
  ownerWord,
  usd,
} from '../../../../../renderer/src/features/campaigns/voice-labels';
import { CALL_OUTCOMES } from '../../../../../shared/calls';
import { LEAD_STATES, VOICE_DEFAULTS } from '../../../../../shared/voice-campaigns';

describe('voice campaign words', () => {
  it('lists every outcome and every lead state of the contract, in its order', () => {
    expect(OUTCOMES).toEqual([...CALL_OUTCOMES]);
    expect(LEAD_STATE_LIST).toEqual([...LEAD_STATES]);
  });

  it('offers the contract’s defaults in the New Campaign dialog', () => {
    expect(DEFAULTS).toEqual(VOICE_DEFAULTS);
  });

  it('marks each lead state with a glyph as well as a word, never colour alone', () => {
    for (const s of LEAD_STATES) expect(LEAD_LOOK[s].glyph).toMatch(/^[●▲✕○◌]$/);
    expect(new Set(LEAD_STATES.map((s) => LEAD_LOOK[s].word)).size).toBe(LEAD_STATES.length);
  });

  it('writes amounts with their unit, keeping a decimal for a few minutes', () => {
    expect(amountWords(0.4, 'minutes')).toBe('0.4 min');
    expect(amountWords(4, 'minutes')).toBe('4 min');
    expect(amountWords(1240, 'minutes')).toBe('1,240 min');
    expect(amountWords(24_000, 'tokens')).toBe('24,000 tokens');
    expect(amountWords(3_600_000, 'tokens')).toBe('3.6M tokens');
    expect(amountWords(1680, 'characters')).toBe('1,680 characters');
  });

  it('keeps four places for cents under a dollar, so a few calls do not read as nothing', () => {
    expect(usd(0.0066)).toBe('$0.0066');
    expect(usd(0)).toBe('$0.00');
    expect(usd(12.4)).toBe('$12.40');
    expect(usd(1234.5)).toBe('$1,234.50');
  });

  it('names whose key pays, or says no key resolved yet', () => {
    expect([ownerWord('own'), ownerWord('agency'), ownerWord(null)]).toEqual(['Client’s own', 'Agency’s', 'No key yet']);
  });
});
