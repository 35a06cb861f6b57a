/**
 * One call on record: its outcome and why, the results extracted from it (CallExtraction.tsx), length
 * and cost, its recording (RecordingPlayer.tsx), what the agent did (tools, transfers) and its
 * transcript, opened from the sealed store only while this dialog is open (the vault must be unlocked).
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { CallSummary, CallView } from '../../../../shared/calls';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Page';
import type { ErrorInfo } from '../../lib/api';
import { clockTime } from '../../lib/call-log';
import { fullTime } from '../../lib/time';
import { useVoice } from '../../stores/voice';
import { CallExtraction } from './CallExtraction';
import { CallEvents } from './CallEvents';
import { CallOutcome } from './CallOutcome';
import { RecordingPlayer } from './RecordingPlayer';

const usd = (n: number): string => `$${n.toFixed(n < 1 ? 4 : 2)}`;

/** What a list knows of a call before it is opened: all of it (recent calls), or who and where (a campaign's lead). */
export type CallRef = CallSummary | Pick<CallSummary, 'id' | 'agentName' | 'to'>;

/** The dialog; it reads the call when it mounts. */
export function CallRecordDialog({
  workspaceId,
  call: ref,
  onClose,
}: {
  workspaceId: string;
  call: CallRef;
  onClose: () => void;
}): ReactElement {
  const [view, setView] = useState<CallView | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    void useVoice
      .getState()
      .openCall(workspaceId, ref.id)
      .then((res) => {
        if (!live) return;
        if (res.ok) setView(res.value);
        else setError(res.error);
      });
    return () => {
      live = false;
    };
  }, [workspaceId, ref.id, attempt]);

  // The opened call is the truth; until then, whatever the list knew.
  const call: CallSummary | null = view ?? ('createdAt' in ref ? ref : null);
  const facts = call
    ? [
        call.test ? 'Test call' : null,
        call.direction === 'inbound' ? 'Inbound' : null,
        // A call from the console (Talk) has no numbers.
        call.carrier === 'console' ? 'From the console' : `${call.from} → ${call.to}`,
        fullTime(call.createdAt),
        call.durationSeconds === null ? null : clockTime(call.durationSeconds),
      ]
        .filter(Boolean)
        .join(' · ')
    : ref.to;
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      width="md"
      // An inbound call is the caller's: it came from them to the agent.
      title={
        call?.carrier === 'console'
          ? `Console → ${call.agentName}`
          : call?.direction === 'inbound'
            ? `${call.from} → ${call.agentName}`
            : `${ref.agentName} → ${ref.to}`
      }
      description={facts}
      footer={<Button onClick={onClose}>Close</Button>}
    >
      <div className="call-record">
        {call ? (
          <p className="call-record-outcome">
            <CallOutcome call={call} />
            {call.reason ? <span className="muted"> — {call.reason}</span> : null}
          </p>
        ) : null}
        {error ? (
          <ErrorBanner
            title="Transcript not opened"
            error={error}
            onRetry={() => {
              setError(null);
              setAttempt((n) => n + 1);
            }}
          />
        ) : !view ? (
          <Loading label="Opening the transcript…" />
        ) : (
          <>
            <CallExtraction workspaceId={workspaceId} call={view} onChange={(extraction) => setView({ ...view, extraction })} />
            <RecordingPlayer workspaceId={workspaceId} callId={view.id} />
            <CallEvents events={view.events} />
            <ol className="transcript transcript-record" aria-label="Transcript">
              {view.transcript.length === 0 ? <li className="transcript-empty muted small">Nothing was said.</li> : null}
              {view.transcript.map((l) => (
                <li key={l.seq} className={`transcript-line is-${l.speaker}`}>
                  <span className="transcript-speaker">
                    {l.speaker === 'agent' ? 'Agent' : 'Caller'}
                    {l.interrupted ? <span className="transcript-cut"> · cut off</span> : null}
                  </span>
                  <span className="transcript-text">{l.text}</span>
                </li>
              ))}
            </ol>
            {view.usage.length > 0 ? (
              <p className="small muted" data-testid="call-cost">
                Estimated cost {usd(view.cost.totalUsd)} — this workspace’s keys {usd(view.cost.ownUsd)}, the agency’s{' '}
                {usd(view.cost.agencyUsd)}.
              </p>
            ) : null}
          </>
        )}
      </div>
    </Dialog>
  );
}
