/**
 * The voice runner at a glance: how carriers reach this machine (a public URL, a tunnel up or
 * down, or nothing), calls now against the ceiling, and the calls being held, each one a click
 * away from its live view. When there is no runner, its note says why.
 */
import type { ReactElement } from 'react';
import type { RunnerState } from '../../../../shared/voice-runner';
import { IconButton } from '../../components/Button';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Skeleton } from '../../components/Page';
import { Status } from '../../components/Status';
import type { ErrorInfo } from '../../lib/api';
import { useVoice } from '../../stores/voice';
import { CALL_STATE_LABEL } from './labels';
import { RunnerControl } from './RunnerControl';

/** Reachability as status + words. */
function Reach({ reach }: { reach: RunnerState['reach'] }): ReactElement {
  if (reach.kind === 'none') return <Status kind="unverified" word="Not reachable yet" />;
  if (reach.kind === 'public-url')
    return <Status kind={reach.up ? 'valid' : 'invalid'} word={reach.up ? 'Public URL' : 'Public URL not answering'} />;
  return <Status kind={reach.up ? 'valid' : 'invalid'} word={reach.up ? 'Tunnel up' : 'Tunnel down'} />;
}

/** The card. */
export function RunnerCard({ runner, error }: { runner: RunnerState | null; error: ErrorInfo | null }): ReactElement {
  const watching = useVoice((s) => s.watching);
  const refresh = (): void => void useVoice.getState().refreshRunner();
  return (
    <section className="card card-pad runner-card" aria-label="Voice runner" data-testid="runner-card">
      <div className="voice-card-head">
        <h2>Voice runner</h2>
        <IconButton icon="refresh" label="Refresh the runner’s state" onClick={refresh} />
      </div>
      {error ? <ErrorBanner title="State not read" error={error} onRetry={refresh} /> : null}
      {!runner ? (
        error ? null : (
          <Skeleton rows={3} />
        )
      ) : (
        <>
          {!runner.available ? (
            <Notice tone="warn" glyph="▲" title="No runner">
              {runner.note ?? 'The voice runner is not running.'}
            </Notice>
          ) : null}
          <dl className="runner-facts">
            <dt>Reach</dt>
            <dd data-testid="runner-reach">
              <Reach reach={runner.reach} />
              {runner.reach.url ? (
                <span className="mono small runner-url">{runner.reach.url}</span>
              ) : runner.reach.kind === 'none' ? (
                <span className="small muted">Carriers need a public URL or an ngrok tunnel to reach this machine.</span>
              ) : null}
            </dd>
            <dt>Calls now</dt>
            <dd data-testid="runner-calls">
              <span>
                <strong className="runner-count">{runner.callsNow}</strong>
                <span className="muted"> of {runner.ceiling ?? '—'}</span>
              </span>
              {runner.ceiling === null ? (
                <span className="small muted">The ceiling comes from the Anthropic key’s rate limits once it is checked.</span>
              ) : null}
            </dd>
          </dl>
          <RunnerControl runner={runner} />
          {runner.calls.length > 0 ? (
            <ul className="runner-calls" aria-label="Calls now">
              {runner.calls.map((c) => (
                <li key={c.callId}>
                  <button
                    type="button"
                    className={`runner-call${c.callId === watching ? ' is-selected' : ''}`}
                    onClick={() => useVoice.getState().watch(c.callId)}
                  >
                    <span>
                      <strong>{c.agentName}</strong> → <span className="mono">{c.to}</span>
                    </span>
                    <span className="small muted">{CALL_STATE_LABEL[c.state]}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}
