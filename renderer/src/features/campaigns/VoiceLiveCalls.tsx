/**
 * A voice campaign's calls live now: who, the call's state and how long (ticking), and the picked
 * call followed in the voice screen's live view (its transcript as it is spoken).
 */
import { useEffect, useState, type ReactElement } from 'react';
import { CALL_STATES } from '../../../../shared/call-lists';
import type { LiveLead } from '../../../../shared/voice-campaigns';
import { Status } from '../../components/Status';
import { elapsed, type CallState } from '../../lib/call-log';
import { useNow } from '../../lib/use-now';
import { useVoice } from '../../stores/voice';
import { LiveCall } from '../voice/LiveCall';
import { CALL_STATE_LABEL } from '../voice/labels';

/** The live calls card and, for the call picked, its live view. */
export function VoiceLiveCalls({ live, note }: { live: readonly LiveLead[]; note: string | null }): ReactElement {
  const watching = useVoice((s) => s.watching);
  const logs = useVoice((s) => s.calls);
  const now = useNow(live.length > 0);
  // Calls of this campaign seen live: a picked call stays in view after it ends, with its outcome.
  const [ours, setOurs] = useState<ReadonlySet<string>>(() => new Set());
  const ids = live.flatMap((l) => (l.callId ? [l.callId] : [])).join(' ');
  useEffect(() => {
    if (ids) setOurs((before) => new Set([...before, ...ids.split(' ')]));
  }, [ids]);
  const shown = watching && (ours.has(watching) || live.some((l) => l.callId === watching)) ? watching : null;

  return (
    <div className={`voice-live${shown ? ' has-call' : ''}`}>
      <section className="card card-pad" aria-label="Live calls" data-testid="voice-live-calls">
        <header className="preview-head">
          <strong>Live calls</strong>
          <span className="muted">{live.length === 0 ? 'none now' : `${live.length} now`}</span>
        </header>
        {live.length === 0 ? (
          <p className="muted small voice-live-empty">{note ?? 'No call is being placed right now.'}</p>
        ) : (
          <ul className="voice-live-list">
            {live.map((l) => {
              const log = l.callId ? logs[l.callId] : undefined;
              const state: CallState = log && CALL_STATES.indexOf(log.state) > CALL_STATES.indexOf(l.state) ? log.state : l.state;
              const since = log?.answeredAt ?? l.startedAt;
              return (
                <li key={l.leadId}>
                  <button
                    type="button"
                    className={`voice-live-row${l.callId && l.callId === shown ? ' is-selected' : ''}`}
                    disabled={!l.callId}
                    aria-label={`Follow the call to ${l.name || l.to}`}
                    onClick={() => l.callId && useVoice.getState().watch(l.callId)}
                    data-testid="voice-live-call"
                  >
                    <span className="voice-live-who">
                      <strong>{l.name || l.to}</strong>
                      <span className="mono small muted">{l.to}</span>
                    </span>
                    <Status
                      kind={state === 'in-progress' ? 'valid' : state === 'ended' ? 'unverified' : 'checking'}
                      word={CALL_STATE_LABEL[state]}
                    />
                    <span className="mono voice-live-elapsed" data-testid="voice-live-elapsed">
                      {since ? elapsed(since, now) : '0:00'}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {live.length > 0 && !shown ? (
          <p className="muted small voice-live-hint">Pick a call to follow its transcript as it is spoken.</p>
        ) : null}
      </section>
      {shown ? <LiveCall callId={shown} /> : null}
    </div>
  );
}
