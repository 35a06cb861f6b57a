/**
 * Calls at once, and why that number: the Anthropic key's tier, the campaign's own cap, the
 * runner's maximum, the carrier's dial rate, and the workspace's other campaigns sharing the key.
 */
import type { ReactElement } from 'react';
import type { CeilingView } from '../../../../shared/voice-campaigns';

/** The ceiling card; before a run has resolved the keys, what it will be made of. */
export function VoiceCeiling({
  ceiling: c,
  callsNow,
  cap,
  cps,
}: {
  ceiling: CeilingView | null;
  callsNow: number;
  cap: number;
  cps: number;
}): ReactElement {
  const limit = (by: CeilingView['limitedBy']): string => (c?.limitedBy === by ? ' is-limit' : '');
  const sets = <span className="badge badge-accent voice-sets">sets it</span>;
  return (
    <section className="card card-pad voice-ceiling" aria-label="Calls at once" data-testid="voice-ceiling">
      <header className="preview-head">
        <strong>Calls at once</strong>
        <span className="voice-ceiling-count" data-testid="ceiling-count">
          {callsNow.toLocaleString()}
          <span className="stat-of"> of {c ? c.ceiling : '—'}</span>
        </span>
      </header>
      {c ? (
        <p className="small voice-ceiling-reason">{c.reason}</p>
      ) : (
        <p className="muted small voice-ceiling-reason">
          Worked out when the campaign runs: the smallest of the Anthropic key’s tier (from its last check), this campaign’s cap and the
          runner’s maximum.
        </p>
      )}
      <dl className="voice-ceiling-facts">
        <dt>Anthropic key</dt>
        <dd className={limit('anthropic')}>
          {c?.anthropic
            ? `Tier ${c.anthropic.tier ?? '?'} (${c.anthropic.owner === 'own' ? 'client’s' : 'agency’s'}) — ${c.anthropic.concurrency}`
            : c
              ? 'Not checked — 1'
              : 'Read at start'}
          {c?.limitedBy === 'anthropic' ? sets : null}
        </dd>
        <dt>This campaign</dt>
        <dd className={limit('campaign')}>
          {cap}
          {c?.limitedBy === 'campaign' ? sets : null}
        </dd>
        <dt>Runner</dt>
        <dd className={limit('runner')}>
          {c ? c.runnerMax : '—'}
          {c?.limitedBy === 'runner' ? sets : null}
        </dd>
        <dt>Carrier</dt>
        <dd>
          {c?.carrierCps ?? cps} dial{(c?.carrierCps ?? cps) === 1 ? '' : 's'} per second
        </dd>
        <dt>Shared</dt>
        <dd>
          {c && c.sharedWith > 0
            ? `With ${c.sharedWith} other campaign${c.sharedWith === 1 ? '' : 's'} — ${c.workspaceCallsNow} of the workspace’s calls now`
            : 'Not shared now'}
        </dd>
      </dl>
    </section>
  );
}
