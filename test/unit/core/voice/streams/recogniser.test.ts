import { describe, expect, it } from 'vitest';
import { recogniserFor } from '../../../../../electron/core/voice/streams/recogniser';

describe('the recogniser for an agent’s language', () => {
  it('puts English, any locale of it, on Flux’s English model', () => {
    expect(recogniserFor('en')).toEqual({ kind: 'flux', model: 'flux-general-en', languageHints: [] });
    expect(recogniserFor('en-IN')).toEqual({ kind: 'flux', model: 'flux-general-en', languageHints: [] });
  });

  it('puts Hindi on Flux’s multilingual model with Hindi as its hint', () => {
    expect(recogniserFor('hi')).toEqual({ kind: 'flux', model: 'flux-general-multi', languageHints: ['hi'] });
  });

  it('keeps nova-3 on listen v1 for a language Flux does not have', () => {
    expect(recogniserFor('ta')).toEqual({ kind: 'nova-3', language: 'ta' });
    expect(recogniserFor('ko')).toEqual({ kind: 'nova-3', language: 'ko' });
  });
});
