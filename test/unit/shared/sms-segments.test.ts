import { describe, expect, it } from 'vitest';
import { countSegments } from '../../../shared/sms-segments';

describe('SMS segment counting', () => {
  it('fits 160 GSM-7 characters in one segment and splits 161 into two of 153', () => {
    expect(countSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160 });
    expect(countSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2, perSegment: 153 });
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts an extension character (€, [, ~ …) as two septets and never splits it', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments(`${'a'.repeat(159)}€`)).toMatchObject({ units: 161, segments: 2 });
    // 152 septets then an escape pair: the pair moves whole to the second segment.
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
  });

  it('sends the whole text as UCS-2 when one character is outside GSM-7, and names it', () => {
    expect(countSegments('Your order ships today ’')).toMatchObject({ encoding: 'UCS-2', segments: 1, nonGsm: ['’'] });
    expect(countSegments('é'.repeat(70))).toMatchObject({ encoding: 'GSM-7' });
    expect(countSegments('ж'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, perSegment: 70 });
    expect(countSegments('ж'.repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
  });

  it('counts an emoji as two UTF-16 units and keeps the pair in one segment', () => {
    expect(countSegments('😀'.repeat(35))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments(`${'ж'.repeat(66)}😀${'ж'.repeat(10)}`).segments).toBe(2);
  });
});
