/**
 * Talk: the operator is the caller. The panel opens the microphone on "Start talking", shows the
 * call as it is spoken (the transcript from `event:call`), the microphone's level, whether the
 * browser cancels echo, and each reply's voice-to-voice time with Switchboard's own share of it.
 * Hanging up, or the agent's goodbye, ends the call; it is then in Recent calls like any other.
 */
import { useEffect, useRef, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Status, type StatusKind } from '../../components/Status';
import { emptyLog } from '../../lib/call-log';
import { useTalk, type TalkStatus } from '../../stores/talk';
import { useVoice } from '../../stores/voice';
import { CallOutcome } from './CallOutcome';
import type { AgentPanelProps } from './agent-panel';

const STATUS: Readonly<Record<TalkStatus, { kind: StatusKind; word: string }>> = {
  'opening-mic': { kind: 'checking', word: 'Opening the microphone…' },
  starting: { kind: 'checking', word: 'Connecting the agent…' },
  live: { kind: 'valid', word: 'Live' },
  ending: { kind: 'checking', word: 'Hanging up…' },
  ended: { kind: 'unverified', word: 'Ended' },
  failed: { kind: 'invalid', word: 'Not started' },
};

/** The middle value of some numbers (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const ms = (value: number | null): string => (value === null ? '—' : `${Math.round(value).toLocaleString('en-US')} ms`);

/** The Talk panel of `agent`. */
export function TalkPanel({ workspaceId, workspaceName, agent, onClose }: AgentPanelProps): ReactElement {
  const session = useTalk((s) => (s.session?.agentId === agent.id ? s.session : null));
  const callId = session?.callId ?? null;
  const log = useVoice((s) => (callId ? s.calls[callId] : undefined)) ?? emptyLog(callId ?? '');
  const scroller = useRef<HTMLOListElement>(null);
  const lastLine = log.lines.at(-1);
  useEffect(() => {
    const list = scroller.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [log.lines.length, lastLine?.text]);

  const status = session?.status ?? null;
  const talking = status === 'opening-mic' || status === 'starting' || status === 'live' || status === 'ending';
  const turns = session?.turns ?? [];
  const voiceToVoice = turns.map((turn) => turn.voiceToVoiceMs).filter((value): value is number => value !== null);
  const close = (): void => {
    useTalk.getState().close();
    onClose();
  };

  return (
    <Dialog
      open
      width="lg"
      onOpenChange={(open) => !open && close()}
      title={`Talk to ${agent.name}`}
      description={`You are the caller, on this computer’s microphone and speakers, through ${workspaceName}’s Deepgram, Claude and Cartesia keys. A test call: no carrier, no phone number; it is kept with its transcript like any call.`}
      footer={
        <>
          <Button variant="ghost" onClick={close}>
            Close
          </Button>
          {talking ? (
            <Button
              variant="danger"
              icon="phone"
              busy={status === 'ending'}
              disabled={status !== 'live'}
              onClick={() => void useTalk.getState().end()}
            >
              Hang up
            </Button>
          ) : (
            <Button variant="primary" icon="mic" onClick={() => void useTalk.getState().start(workspaceId, agent.id)}>
              {session ? 'Talk again' : 'Start talking'}
            </Button>
          )}
        </>
      }
    >
      <div className="talk" data-testid="talk-panel" data-status={status ?? 'idle'}>
        <div className="talk-status">
          {session ? (
            <Status kind={STATUS[session.status].kind} word={STATUS[session.status].word} />
          ) : (
            <Status kind="unverified" word="Not started" />
          )}
          <span
            className="talk-meter"
            aria-label="Microphone level"
            role="meter"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round((session?.level ?? 0) * 100)}
          >
            <span className="talk-meter-fill" style={{ width: `${Math.round((session?.level ?? 0) * 100)}%` }} />
          </span>
          <span className="muted small">
            {session?.echoCancellation === null || !session
              ? 'Use headphones, or let the browser cancel the echo.'
              : session.echoCancellation
                ? 'Echo cancellation on'
                : 'Echo cancellation off: use headphones'}
          </span>
          <span
            className="muted small mono talk-frames"
            data-testid="talk-frames"
            data-heard={session?.framesHeard ?? 0}
            data-sent={session?.framesSent ?? 0}
          >
            {session
              ? `${((session.framesHeard * 20) / 1000).toFixed(1)} s heard · ${((session.framesSent * 20) / 1000).toFixed(1)} s sent`
              : null}
          </span>
        </div>
        {session?.error ? <ErrorBanner title="Talk stopped" error={session.error} /> : null}
        <div className="talk-body">
          <ol className="transcript talk-transcript" ref={scroller} role="log" aria-label="Transcript" aria-live="polite">
            {log.lines.length === 0 ? (
              <li className="transcript-empty muted small">
                {talking ? 'Say something when the agent has greeted you.' : 'Start talking: the agent greets you, then listens.'}
              </li>
            ) : null}
            {log.lines.map((line, index) => (
              <li key={index} className={`transcript-line is-${line.speaker}${line.final ? '' : ' is-interim'}`} data-final={line.final}>
                <span className="transcript-speaker">{line.speaker === 'agent' ? agent.name : 'You'}</span>
                <span className="transcript-text">{line.text}</span>
              </li>
            ))}
          </ol>
          <section className="talk-latency" aria-label="Reply times">
            <h3 className="talk-latency-title">Reply times</h3>
            <p className="talk-median">
              <span className="talk-median-figure mono" data-testid="talk-median">
                {ms(median(voiceToVoice))}
              </span>
              <span className="muted small">
                median voice to voice
                {voiceToVoice.length > 0 ? `, ${voiceToVoice.length} repl${voiceToVoice.length === 1 ? 'y' : 'ies'}` : ''}
              </span>
            </p>
            <table className="table talk-turns" aria-label="Each reply">
              <thead>
                <tr>
                  <th>Reply</th>
                  <th className="num" title="From the end of your voice to the agent’s first audio">
                    Voice to voice
                  </th>
                  <th className="num" title="Switchboard’s own share of the reply, the providers’ time left out">
                    Switchboard
                  </th>
                </tr>
              </thead>
              <tbody>
                {turns.length === 0 ? (
                  <tr>
                    <td colSpan={3} className="muted small">
                      Each reply’s time appears here.
                    </td>
                  </tr>
                ) : null}
                {turns.map((turn) => (
                  <tr key={turn.turn} data-testid="talk-turn">
                    <td>{turn.turn}</td>
                    <td className="num mono">{ms(turn.voiceToVoiceMs)}</td>
                    <td className="num mono">{`${turn.runnerMs.toFixed(1)} ms`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">
              Timed inside Switchboard, from your last word to the agent’s first sound; the microphone and speakers add some tens of
              milliseconds.
            </p>
          </section>
        </div>
        {log.ended ? (
          <p className="live-call-end" role="status" data-testid="talk-ended">
            <CallOutcome call={{ outcome: log.ended.outcome, state: 'ended' }} />
            {log.ended.reason ? <span className="muted"> — {log.ended.reason}</span> : null}
            <span className="muted"> The call is in Recent calls with its transcript.</span>
          </p>
        ) : null}
      </div>
    </Dialog>
  );
}
