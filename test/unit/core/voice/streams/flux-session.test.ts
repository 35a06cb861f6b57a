import { describe, expect, it } from 'vitest';
import type { FluxEvent, FluxTurn } from '../../../../../electron/core/voice/streams/deepgram-flux';
import { fluxToSession } from '../../../../../electron/core/voice/streams/flux-session';
import { TurnTaker, type TurnSignal } from '../../../../../electron/core/voice/session/turn-taking';
import type { SttHandlers } from '../../../../../electron/core/voice/types';

/** A session stand-in that runs the real turn-taker and notes what each event meant. */
function session(): { handlers: SttHandlers; turns: TurnTaker; seen: (string | TurnSignal)[] } {
  const turns = new TurnTaker();
  const seen: (string | TurnSignal)[] = [];
  return {
    turns,
    seen,
    handlers: {
      onSpeechStarted: () => seen.push('speech-started'),
      onTranscript: (t) => {
        const signal = turns.onTranscript(t);
        if (signal) seen.push(signal);
      },
      onUtteranceEnd: () => seen.push('utterance-end'),
      onTurnResumed: () => seen.push('resumed'),
      onError: (e) => seen.push(`error: ${e.message}`),
    },
  };
}

const turn = (event: FluxEvent, transcript: string, end = 1): FluxTurn => ({
  event,
  turnIndex: 0,
  transcript,
  audioWindowStart: 0,
  audioWindowEnd: end,
  endOfTurnConfidence: 0.5,
});

describe('Flux heard as a session', () => {
  it('gives speech start on StartOfTurn, an early turn on EagerEndOfTurn and the turn on EndOfTurn', () => {
    const s = session();
    const flux = fluxToSession(s.handlers);
    flux.onTurn(turn('StartOfTurn', ''));
    flux.onTurn(turn('Update', 'What times'));
    flux.onTurn(turn('EagerEndOfTurn', 'What times do you have'));
    flux.onTurn(turn('EndOfTurn', 'What times do you have?'));
    expect(s.seen).toEqual([
      'speech-started',
      { kind: 'early', text: 'What times do you have' },
      { kind: 'turn-end', text: 'What times do you have?' },
    ]);
  });

  it('says the caller went on at TurnResumed, and ends the turn on everything said', () => {
    const s = session();
    const flux = fluxToSession(s.handlers);
    flux.onTurn(turn('StartOfTurn', ''));
    flux.onTurn(turn('EagerEndOfTurn', 'I can come on Tuesday'));
    flux.onTurn(turn('TurnResumed', 'I can come on Tuesday'));
    flux.onTurn(turn('Update', 'I can come on Tuesday after lunch'));
    flux.onTurn(turn('EndOfTurn', 'I can come on Tuesday after lunch.'));
    expect(s.seen).toEqual([
      'speech-started',
      { kind: 'early', text: 'I can come on Tuesday' },
      'resumed',
      { kind: 'turn-end', text: 'I can come on Tuesday after lunch.' },
    ]);
  });

  it('ends nothing on an empty turn (a cough), and barges in on words over the agent', () => {
    const s = session();
    const flux = fluxToSession(s.handlers);
    s.turns.setAgentSpeaking(true);
    flux.onTurn(turn('StartOfTurn', ''));
    flux.onTurn(turn('EndOfTurn', ''));
    flux.onTurn(turn('StartOfTurn', ''));
    flux.onTurn(turn('Update', 'mm-hm'));
    flux.onTurn(turn('Update', 'Wait, sorry'));
    expect(s.seen).toEqual(['speech-started', 'speech-started', { kind: 'barge-in', text: 'Wait, sorry' }]);
  });
});
