import { describe, expect, it } from 'vitest';
import { applyCallEvent, elapsed, emptyLog, type CallLog } from '../../../../renderer/src/lib/call-log';
import { parsePush } from '../../../../shared/ipc/pushes';
import type { CallEventView } from '../../../../shared/voice-runner';

/** An `event:call` push as it crosses to the console: parsed with its schema in the contract, or not sent (null). */
const asCallEvent = (payload: unknown): CallEventView | null => parsePush('event:call', payload);
const at = (s: number): string => new Date(Date.UTC(2026, 11, 4, 21, 0, s)).toISOString();
const fold = (events: CallEventView[]): CallLog => events.reduce<CallLog>((log, e) => applyCallEvent(log, e), emptyLog('CA1'));
const said = (speaker: 'agent' | 'caller', text: string, final: boolean, s: number): CallEventView => ({
  type: 'transcript',
  callId: 'CA1',
  at: at(s),
  speaker,
  text,
  final,
});

describe('call log', () => {
  it('replaces a speaker’s interim words with the next ones, and keeps the final line', () => {
    const log = fold([
      said('caller', 'I am', false, 1),
      said('caller', 'I am interested', false, 2),
      said('caller', 'I am interested.', true, 3),
    ]);
    expect(log.lines).toEqual([{ speaker: 'caller', text: 'I am interested.', final: true, at: at(3) }]);
  });

  it('keeps each speaker’s pending line apart when their words interleave', () => {
    const log = fold([
      said('agent', 'Hello, this is', false, 1),
      said('caller', 'Hi', false, 2),
      said('agent', 'Hello, this is Asha.', true, 3),
      said('caller', 'Hi there.', true, 4),
      said('agent', 'Do you', false, 5),
    ]);
    expect(log.lines.map((l) => [l.speaker, l.text, l.final])).toEqual([
      ['agent', 'Hello, this is Asha.', true],
      ['caller', 'Hi there.', true],
      ['agent', 'Do you', false],
    ]);
  });

  it('starts elapsed time at the answer, records the end, drops unsettled words and ignores later events', () => {
    const log = fold([
      { type: 'state', callId: 'CA1', at: at(0), state: 'ringing' },
      { type: 'state', callId: 'CA1', at: at(4), state: 'in-progress' },
      said('agent', 'Hello.', true, 5),
      said('caller', 'Not int', false, 6),
      { type: 'ended', callId: 'CA1', at: at(9), outcome: 'not_interested', reason: 'The caller said no.' },
      said('caller', 'late words', true, 10),
    ]);
    expect(log.answeredAt).toBe(at(4));
    expect(log.state).toBe('ended');
    expect(log.ended).toEqual({ at: at(9), outcome: 'not_interested', reason: 'The caller said no.' });
    expect(log.lines.map((l) => l.text)).toEqual(['Hello.']);
    expect(elapsed(log.answeredAt ?? '', Date.parse(log.ended?.at ?? ''))).toBe('0:05');
  });

  it('accepts only well-formed pushes', () => {
    expect(asCallEvent(said('agent', 'Hi', true, 1))).not.toBeNull();
    expect(asCallEvent({ type: 'state', callId: 'CA1', at: at(1), state: 'exploded' })).toBeNull();
    expect(asCallEvent({ type: 'transcript', callId: 'CA1', at: at(1), speaker: 'robot', text: 'x', final: true })).toBeNull();
    expect(asCallEvent({ type: 'ended', callId: 'CA1', at: at(1), outcome: 3, reason: null })).toBeNull();
    expect(asCallEvent(null)).toBeNull();
  });

  it('writes elapsed time as m:ss, or h:mm:ss past an hour, never negative', () => {
    expect(elapsed(at(0), Date.parse(at(0)) + 65_000)).toBe('1:05');
    expect(elapsed(at(0), Date.parse(at(0)) + 3_725_000)).toBe('1:02:05');
    expect(elapsed(at(10), Date.parse(at(0)))).toBe('0:00');
  });
});
