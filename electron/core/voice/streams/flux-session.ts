/**
 * Deepgram Flux heard as the session hears every recogniser: its turn events become the session's
 * speech start, transcripts and turn ends, so the session, its turn-taking and its speculation are
 * the same for listen v1 and v2.
 *
 * - StartOfTurn: the caller started making sound (the agent's audio pauses; words confirm a barge-in).
 * - Update: the turn so far, an interim transcript (Flux's transcript is the whole turn each time).
 * - EagerEndOfTurn: the turn has probably ended; a reply may be prepared on its words (`eager`).
 * - TurnResumed: the caller went on; a reply prepared on the eager turn is abandoned.
 * - EndOfTurn: the turn, final; an empty one (a cough, a door) ends nothing.
 */
import type { FluxHandlers, FluxStream, FluxTurn } from './deepgram-flux';
import type { SttHandlers, SttStream, Transcript } from '../types';

/** Flux's handlers that feed the session's. */
export function fluxToSession(session: SttHandlers): FluxHandlers {
  return {
    onTurn: (turn) => {
      switch (turn.event) {
        case 'StartOfTurn':
          session.onSpeechStarted();
          if (turn.transcript.trim() !== '') session.onTranscript(transcriptOf(turn, {}));
          return;
        case 'Update':
          return session.onTranscript(transcriptOf(turn, {}));
        case 'EagerEndOfTurn':
          return session.onTranscript(transcriptOf(turn, { eager: true }));
        case 'TurnResumed':
          session.onTurnResumed?.();
          return session.onTranscript(transcriptOf(turn, {}));
        case 'EndOfTurn':
          return session.onTranscript(transcriptOf(turn, { final: true }));
      }
    },
    onError: (error) => session.onError(error),
  };
}

/** A Flux socket as the session's STT stream: finalize ends the turn now. */
export function fluxAsStt(flux: FluxStream): SttStream {
  return {
    send: (audio) => flux.send(audio),
    finalize: () => flux.forceEndTurn(),
    get audioSeconds() {
      return flux.audioSeconds;
    },
    close: () => flux.close(),
  };
}

function transcriptOf(turn: FluxTurn, options: { readonly final?: boolean; readonly eager?: boolean }): Transcript {
  const final = options.final === true;
  return {
    text: turn.transcript,
    isFinal: final,
    speechFinal: final,
    start: turn.audioWindowStart,
    duration: Math.max(0, turn.audioWindowEnd - turn.audioWindowStart),
    // Flux stands behind each transcript it sends; its words' confidences gate nothing here.
    confidence: 1,
    ...(options.eager ? { eager: true } : {}),
  };
}
