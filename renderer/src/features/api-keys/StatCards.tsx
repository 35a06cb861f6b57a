/** The three numbers at the top of the dashboard: connected services, estimated cost, API calls. */
import type { ReactElement } from 'react';
import { Skeleton } from '../../components/Page';
import { count, money } from '../../lib/numbers';
import type { UsageSummary } from '../../stores/usage';

/** Props of the stat row. */
export interface StatCardsProps {
  readonly summary: UsageSummary | null;
  /** Keys that need attention (invalid or warning), from the key list. */
  readonly attention: number;
  readonly total: number;
  /** Services with at least one key, working or not. */
  readonly configured: number;
}

function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)).toLocaleString(undefined, { month: 'long', timeZone: 'UTC' });
}

/** Four stat cards; skeletons until the summary arrives. */
export function StatCards({ summary, attention, total, configured }: StatCardsProps): ReactElement {
  if (!summary) {
    return (
      <section className="stats" aria-label="Usage" aria-busy>
        {[0, 1, 2, 3].map((i) => (
          <div className="stat card" key={i}>
            <Skeleton rows={2} />
          </div>
        ))}
      </section>
    );
  }
  const pct = summary.totalProviders > 0 ? Math.round((summary.connected / summary.totalProviders) * 100) : 0;
  const own = summary.byProvider.reduce((s, p) => s + p.ownCost, 0);
  const agency = summary.byProvider.reduce((s, p) => s + p.agencyCost, 0);
  return (
    <section className="stats" aria-label="Usage this month">
      <div className="stat card" data-testid="stat-connected">
        <p className="stat-label">Connected services</p>
        <p className="stat-value">
          {summary.connected} <span className="stat-of">of {summary.totalProviders}</span>
        </p>
        <div
          className="meter"
          role="meter"
          aria-valuemin={0}
          aria-valuemax={summary.totalProviders}
          aria-valuenow={summary.connected}
          aria-label="Connected services"
        >
          <span className="meter-fill" style={{ width: `${pct}%` }} />
        </div>
        {configured > summary.connected ? <p className="stat-note">{configured - summary.connected} more set up but not working</p> : null}
      </div>
      <div className="stat card" data-testid="stat-cost">
        <p className="stat-label">Estimated monthly cost</p>
        <p className="stat-value">{money(summary.estimatedMonthlyCost)}</p>
        <p className="stat-note" title={`${money(own)} on this workspace’s own keys, ${money(agency)} on the agency’s keys`}>
          {money(own + agency)} so far in {monthName(summary.month)}
          {agency > 0 ? ` · ${money(agency)} on agency keys` : ''}
        </p>
      </div>
      <div className="stat card" data-testid="stat-calls">
        <p className="stat-label">API calls</p>
        <p className="stat-value">{count(summary.apiCalls)}</p>
        <p className="stat-note">Requests and messages, {monthName(summary.month)}</p>
      </div>
      <div className={`stat card${attention > 0 ? ' is-attention' : ''}`} data-testid="stat-attention">
        <p className="stat-label">Needs attention</p>
        <p className="stat-value">
          {attention} <span className="stat-of">of {total} keys</span>
        </p>
        <p className="stat-note">{attention > 0 ? 'Invalid or warning, marked below' : 'Every key is in order'}</p>
      </div>
    </section>
  );
}
