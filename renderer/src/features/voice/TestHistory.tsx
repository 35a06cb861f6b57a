/**
 * An agent's test runs by prompt version, newest version first: which scenarios each version broke or
 * fixed against the one before it, and its runs, each of which opens with its results.
 */
import type { ReactElement } from 'react';
import type { PromptVersionRuns } from '../../../../shared/agent-scenarios';
import { Button } from '../../components/Button';
import { Status } from '../../components/Status';
import { fullTime, timeAgo } from '../../lib/time';

/** The history; `onOpen` shows a run's results. */
export function TestHistory({
  versions,
  shownRunId,
  onOpen,
}: {
  versions: readonly PromptVersionRuns[];
  shownRunId: string | null;
  onOpen: (runId: string) => void;
}): ReactElement {
  return (
    <section className="test-history" aria-label="Runs by prompt version">
      <h3 className="test-subtitle">Runs by prompt version</h3>
      {versions.length === 0 ? <p className="muted small">No runs yet.</p> : null}
      <ol className="test-versions">
        {versions.map((v) => (
          <li key={v.promptVersion} className="test-version" data-testid={`prompt-version-${v.promptVersion}`}>
            <div className="test-version-head">
              <span className="mono">{v.promptVersion}</span>
              {v.current ? <span className="badge">Current prompt</span> : <span className="badge badge-outline">Earlier prompt</span>}
              {v.broke.length > 0 ? (
                <span className="test-change is-bad">
                  <span aria-hidden>✕</span> Broke {v.broke.join(', ')}
                </span>
              ) : null}
              {v.fixed.length > 0 ? (
                <span className="test-change is-ok">
                  <span aria-hidden>●</span> Fixed {v.fixed.join(', ')}
                </span>
              ) : null}
            </div>
            <table className="table test-runs" aria-label={`Runs of prompt version ${v.promptVersion}`}>
              <tbody>
                {v.runs.map((r) => (
                  <tr key={r.id} className={r.id === shownRunId ? 'is-shown' : undefined}>
                    <td className="nowrap" title={fullTime(r.startedAt)}>
                      {timeAgo(r.startedAt)}
                    </td>
                    <td>
                      {r.finishedAt === null ? (
                        <Status kind="warning" word="Cut short" />
                      ) : (
                        <Status kind={r.failed === 0 ? 'valid' : 'invalid'} word={`${r.passed} of ${r.planned} passed`} />
                      )}
                    </td>
                    <td className="small muted">
                      {r.scenarios.map((s) => (
                        <span key={s.name} className="test-run-scenario">
                          <span aria-hidden>{s.passed ? '●' : '✕'}</span> {s.name}
                        </span>
                      ))}
                    </td>
                    <td className="num mono small nowrap">{(r.tokens.input + r.tokens.output).toLocaleString('en-US')} tokens</td>
                    <td className="num">
                      <Button size="sm" variant="ghost" disabled={r.id === shownRunId} onClick={() => onOpen(r.id)}>
                        {r.id === shownRunId ? 'Shown' : 'Show'}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ol>
    </section>
  );
}
