import { describe, expect, it } from 'vitest';
import { isBackchannel, TurnTaker, wordsOf } from '../../../../electron/core/voice/session/turn-taking';
import type { Transcript } from '../../../../electron/core/voice/types';

const t = (text: string, o: Partial<Transcript> = {}): Transcript => ({
  text,
  isFinal: false,
  speechFinal: false,
  start: 0,
  duration: 1,
  confidence: 0.95,
  ...o,
});

describe('turn-taking', () => {
  it('tells backchannels from words, in English and Hindi', () => {
    expect(wordsOf('Mm-hm, yeah.')).toEqual(['mmhm', 'yeah']);
    for (const b of ['mm-hm', 'Uh-huh.', 'yeah okay', 'Right.', 'haan ji', 'accha', 'हाँ जी', 'ठीक है']) expect(isBackchannel(b)).toBe(true);
    for (const w of ['stop', 'wait a second', 'no thanks', 'yeah but how much is it', 'नहीं', '']) expect(isBackchannel(w)).toBe(false);
  });

  it('ends a turn on speech_final with the finals joined, and on UtteranceEnd when the endpointer missed', () => {
    const tt = new TurnTaker();
    expect(tt.onTranscript(t('I would like'))).toBeNull();
    expect(tt.onTranscript(t('I would like a', { isFinal: true }))).toBeNull();
    expect(tt.partial).toBe('I would like a');
    expect(tt.onTranscript(t('check-up.', { isFinal: true, speechFinal: true }))).toEqual({
      kind: 'turn-end',
      text: 'I would like a check-up.',
    });
    expect(tt.onTranscript(t('Tuesday', { isFinal: true }))).toBeNull();
    expect(tt.onUtteranceEnd()).toEqual({ kind: 'turn-end', text: 'Tuesday' });
    expect(tt.onUtteranceEnd()).toBeNull();
  });

  it('never interrupts the agent for noise, backchannels or low-confidence words; words interrupt at once, interim included', () => {
    const tt = new TurnTaker();
    tt.setAgentSpeaking(true);
    expect(tt.onTranscript(t(''))).toBeNull();
    expect(tt.onTranscript(t('mm-hm', { isFinal: true }))).toBeNull();
    expect(tt.onTranscript(t('yeah', { isFinal: true, speechFinal: true }))).toBeNull();
    expect(tt.onTranscript(t('stop', { confidence: 0.3 }))).toBeNull();
    expect(tt.onUtteranceEnd()).toBeNull();
    expect(tt.partial).toBe('');
    expect(tt.onTranscript(t('sorry I have'))).toEqual({ kind: 'barge-in', text: 'sorry I have' });
    tt.setAgentSpeaking(false);
    expect(tt.onTranscript(t('sorry I have to go', { isFinal: true, speechFinal: true }))).toEqual({
      kind: 'turn-end',
      text: 'sorry I have to go',
    });
  });

  it('takes a backchannel as an answer when the agent is silent', () => {
    const tt = new TurnTaker();
    expect(tt.onTranscript(t('Yeah.', { isFinal: true, speechFinal: true }))).toEqual({ kind: 'turn-end', text: 'Yeah.' });
  });
});
