/**
 * One live call, driven only by what the runner pushes (`event:call`) and reports (`voice:state`):
 * its state and elapsed time, the transcript as it is spoken (interim words lighter, replaced by
 * the final ones), how it ended, and a Hang up button while it runs.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { CALL_STATES } from '../../../../shared/call-lists';
import { Button, IconButton } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Status } from '../../components/Status';
import type { ErrorInfo } from '../../lib/api';
import { elapsed, emptyLog } from '../../lib/call-log';
import { useNow } from '../../lib/use-now';
import { useVoice } from '../../stores/voice';
import { CallOutcome } from './CallOutcome';
import { CALL_STATE_LABEL } from './labels';

/** The live view of `callId`. */
export function LiveCall({ callId }: { callId: string }): ReactElement {
  const log = useVoice((s) => s.calls[callId]) ?? emptyLog(callId);
  const live = useVoice((s) => s.runner?.calls.find((c) => c.callId === callId) ?? null);
  const info = useVoice((s) => s.known[callId] ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const ended = log.ended;
  // Events and the runner's state arrive separately: whichever is further along is the truth.
  const state = live && CALL_STATES.indexOf(live.state) > CALL_STATES.indexOf(log.state) ? live.state : log.state;
  const now = useNow(!ended);
  const since = log.answeredAt ?? info?.startedAt ?? null;
  const scroller = useRef<HTMLOListElement>(null);
  const lastLine = log.lines.at(-1);
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [log.lines.length, lastLine?.text]);

  const hangup = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const res = await useVoice.getState().hangup(callId);
    setBusy(false);
    if (!res.ok) setError(res.error);
  };

  return (
    <section className="card card-pad live-call" aria-label="Live call" data-testid="live-call">
      <div className="voice-card-head">
        <h2>{info ? `${info.agentName} → ${info.to}` : 'Live call'}</h2>
        <IconButton icon="close" label="Close the live view" onClick={() => useVoice.getState().watch(null)} />
      </div>
      <div className="live-call-status">
        <Status kind={ended ? 'unverified' : state === 'in-progress' ? 'valid' : 'checking'} word={CALL_STATE_LABEL[state]} />
        <span className="mono live-call-elapsed" aria-label="Elapsed time" data-testid="call-elapsed">
          {since ? elapsed(since, ended ? Date.parse(ended.at) : now) : '0:00'}
        </span>
        {!ended ? (
          <Button size="sm" variant="danger" icon="phone" busy={busy} onClick={() => void hangup()} className="live-call-hangup">
            Hang up
          </Button>
        ) : null}
      </div>
      {error ? <ErrorBanner title="Not hung up" error={error} onDismiss={() => setError(null)} /> : null}
      <ol className="transcript" ref={scroller} role="log" aria-label="Transcript" aria-live="polite">
        {log.lines.length === 0 ? (
          <li className="transcript-empty muted small">
            {ended ? 'Nothing was said.' : 'The transcript appears here as the call is spoken.'}
          </li>
        ) : null}
        {log.lines.map((l, i) => (
          <li key={i} className={`transcript-line is-${l.speaker}${l.final ? '' : ' is-interim'}`} data-final={l.final}>
            <span className="transcript-speaker">{l.speaker === 'agent' ? 'Agent' : 'Caller'}</span>
            <span className="transcript-text">{l.text}</span>
          </li>
        ))}
      </ol>
      {ended ? (
        <p className="live-call-end" role="status">
          <CallOutcome call={{ outcome: ended.outcome, state: 'ended' }} />
          {ended.reason ? <span className="muted"> — {ended.reason}</span> : null}
        </p>
      ) : null}
    </section>
  );
}
