/** A workspace's recent calls from the calls store; each opens its sealed transcript. */
import { useEffect, useState, type ReactElement } from 'react';
import type { CallSummary } from '../../../../shared/calls';
import { IconButton } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Skeleton } from '../../components/Page';
import { clockTime } from '../../lib/call-log';
import { fullTime, timeAgo } from '../../lib/time';
import { useVoice } from '../../stores/voice';
import { CallOutcome } from './CallOutcome';
import { CallRecordDialog } from './CallRecordDialog';

/** The section. */
export function RecentCalls({ workspaceId }: { workspaceId: string }): ReactElement {
  const calls = useVoice((s) => s.recent[workspaceId]);
  const error = useVoice((s) => s.recentErrors[workspaceId] ?? null);
  const [open, setOpen] = useState<CallSummary | null>(null);
  const reload = (): void => void useVoice.getState().loadRecent(workspaceId);
  useEffect(() => {
    void useVoice.getState().loadRecent(workspaceId);
  }, [workspaceId]);

  return (
    <section aria-label="Recent calls">
      <h2 className="section-title voice-section">
        Recent calls
        <IconButton icon="refresh" label="Refresh recent calls" onClick={reload} />
      </h2>
      {error ? (
        <ErrorBanner title="Calls could not be loaded" error={error} onRetry={reload} />
      ) : !calls ? (
        <Skeleton rows={3} />
      ) : calls.length === 0 ? (
        <p className="muted small recent-empty">No calls yet. A call lands here with its transcript, sealed, when it ends.</p>
      ) : (
        <div className="table-wrap agents-table">
          <table className="table" aria-label="Recent calls">
            <thead>
              <tr>
                <th>When</th>
                <th>Agent</th>
                <th>Number</th>
                <th>Outcome</th>
                <th className="num">Length</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.id} data-testid="recent-call">
                  <td className="nowrap" title={fullTime(c.createdAt)}>
                    {timeAgo(c.createdAt)}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setOpen(c)}
                      aria-label={
                        c.carrier === 'console'
                          ? `Open the call with ${c.agentName} from the console`
                          : c.direction === 'inbound'
                            ? `Open the call from ${c.from} answered by ${c.agentName}`
                            : `Open the call by ${c.agentName} to ${c.to}`
                      }
                    >
                      {c.agentName}
                    </button>
                  </td>
                  <td className="nowrap">
                    {c.carrier === 'console' ? (
                      <span className="muted">Console</span>
                    ) : (
                      <span className="mono">{c.direction === 'inbound' ? c.from : c.to}</span>
                    )}
                    {c.direction === 'inbound' ? <span className="badge badge-outline recent-test">Inbound</span> : null}
                    {c.test ? <span className="badge badge-outline recent-test">Test</span> : null}
                  </td>
                  <td title={c.reason ?? undefined}>
                    <CallOutcome call={c} />
                  </td>
                  <td className="num mono">{c.durationSeconds === null ? '—' : clockTime(c.durationSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open ? <CallRecordDialog workspaceId={workspaceId} call={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}
