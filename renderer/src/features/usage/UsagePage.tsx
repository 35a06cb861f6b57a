/**
 * Usage & billing for the selected workspace: this month's usage per provider, split by whose
 * key paid (the client's own or the agency's), the projection to the month's end, a spend alert
 * per provider, and the billing CSV the agency re-bills clients from.
 */
import { useEffect, useState, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { EmptyState, Page, PageHeader, Skeleton } from '../../components/Page';
import { errorSentence } from '../../lib/errors';
import { count, money } from '../../lib/numbers';
import { saveFile } from '../../lib/saveFile';
import { toast } from '../../stores/toasts';
import { type UsageSummary, useUsage } from '../../stores/usage';
import { useCurrentWorkspace } from '../../stores/workspaces';
import { AlertCell } from './AlertCell';
import './usage.css';

type Row = UsageSummary['byProvider'][number];

/** "November 2026". */
function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)).toLocaleString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** A unit column's cell: blank for none, so the numbers that matter stand out. */
function amount(n: number): string {
  return n > 0 ? count(n) : '—';
}

/** The screen. */
export default function UsagePage(): ReactElement {
  const ws = useCurrentWorkspace();
  const wsId = ws?.id ?? '';
  const summary = useUsage((s) => s.byWorkspace[wsId] ?? null);
  const error = useUsage((s) => s.errors[wsId] ?? null);
  const [showAll, setShowAll] = useState(false);

  useEffect(() => {
    if (wsId) void useUsage.getState().load(wsId, { fresh: true });
  }, [wsId]);

  if (!ws) return <Page header={<PageHeader title="Usage & billing" />}>{null}</Page>;
  const used = (p: Row): boolean =>
    p.apiCalls + p.minutes + p.characters + p.tokens > 0 || p.ownCost + p.agencyCost > 0 || p.alertUsd !== null || p.connected;
  const rows = summary ? (showAll ? summary.byProvider : summary.byProvider.filter(used)) : [];
  const hidden = summary ? summary.byProvider.length - summary.byProvider.filter(used).length : 0;
  const own = summary ? summary.byProvider.reduce((s, p) => s + p.ownCost, 0) : 0;
  const agency = summary ? summary.byProvider.reduce((s, p) => s + p.agencyCost, 0) : 0;
  const over = summary ? summary.byProvider.filter((p) => p.alertExceeded) : [];

  return (
    <Page
      wide
      header={
        <PageHeader
          title="Usage & billing"
          subtitle={`${ws.name} · ${summary ? monthLabel(summary.month) : 'this month'} so far, at catalog prices, by whose key paid`}
          actions={<BillingExport workspaceId={ws.id} isAgency={ws.kind === 'agency'} name={ws.name} />}
        />
      }
    >
      {error ? (
        <ErrorBanner title="Usage could not be read" error={error} onRetry={() => void useUsage.getState().load(wsId, { fresh: true })} />
      ) : null}
      {over.map((p) => (
        <Notice key={p.provider} tone="warn" glyph="▲" title={`${p.name} is over its spend alert`}>
          Projected {money(p.estimatedMonthlyCost)} this month against an alert at {money(p.alertUsd ?? 0)}.
        </Notice>
      ))}
      {!summary ? (
        <Skeleton rows={8} />
      ) : (
        <>
          <section className="stats usage-totals" aria-label="Totals this month">
            <div className="stat card">
              <p className="stat-label">So far this month</p>
              <p className="stat-value" data-testid="usage-so-far">
                {money(own + agency)}
              </p>
              <p className="stat-note">
                {ws.kind === 'client'
                  ? `${money(own)} own keys · ${money(agency)} agency keys, to re-bill`
                  : `${money(own + agency)} on the agency’s keys`}
              </p>
            </div>
            <div className="stat card">
              <p className="stat-label">Projected for the month</p>
              <p className="stat-value">{money(summary.estimatedMonthlyCost)}</p>
              <p className="stat-note">Usage so far at this pace, plus monthly fees of live keys</p>
            </div>
            <div className="stat card">
              <p className="stat-label">API calls</p>
              <p className="stat-value">{count(summary.apiCalls)}</p>
              <p className="stat-note">Requests and messages</p>
            </div>
          </section>
          {rows.length === 0 ? (
            <EmptyState icon="chart" title="Nothing used yet this month">
              Checks, campaigns and calls are counted here as they happen, per key and per day.
            </EmptyState>
          ) : (
            <div className="table-wrap usage-table">
              <table className="table">
                <thead>
                  <tr>
                    <th>Provider</th>
                    <th className="amount">Requests</th>
                    <th className="amount">Messages</th>
                    <th className="amount">Minutes</th>
                    <th className="amount">Characters</th>
                    <th className="amount">Tokens</th>
                    <th className="amount">Own keys</th>
                    <th className="amount">Agency keys</th>
                    <th className="amount">Projected</th>
                    <th>Spend alert</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((p) => (
                    <tr key={p.provider} data-provider={p.provider}>
                      <th scope="row" className="usage-provider">
                        {p.name}
                      </th>
                      <td className="amount">{amount(p.requests)}</td>
                      <td className="amount">{amount(p.messages)}</td>
                      <td className="amount">{amount(p.minutes)}</td>
                      <td className="amount">{amount(p.characters)}</td>
                      <td className="amount">{amount(p.tokens)}</td>
                      <td className="amount">{money(p.ownCost)}</td>
                      <td className="amount">{money(p.agencyCost)}</td>
                      <td className={`amount${p.alertExceeded ? ' is-over' : ''}`}>{money(p.estimatedMonthlyCost)}</td>
                      <td>
                        <AlertCell workspaceId={ws.id} row={p} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {hidden > 0 || showAll ? (
            <Button size="sm" variant="ghost" onClick={() => setShowAll(!showAll)}>
              {showAll ? 'Only providers in use' : `Show ${hidden} more provider${hidden === 1 ? '' : 's'} with no usage`}
            </Button>
          ) : null}
        </>
      )}
    </Page>
  );
}

/** The month picker and the CSV export (this workspace; every workspace from the agency). */
function BillingExport({ workspaceId, isAgency, name }: { workspaceId: string; isAgency: boolean; name: string }): ReactElement {
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7));
  const [busy, setBusy] = useState<'one' | 'all' | null>(null);
  const exportCsv = async (scope: 'one' | 'all'): Promise<void> => {
    setBusy(scope);
    const res = await useUsage.getState().billingCsv(month, scope === 'one' ? workspaceId : null);
    setBusy(null);
    if (!res.ok) {
      toast.error('Billing not exported', errorSentence(res.error));
      return;
    }
    saveFile(res.value.filename, res.value.content, 'text/csv');
    toast.success(`Exported ${res.value.filename}`);
  };
  return (
    <div className="billing-export">
      <label className="billing-month">
        <span>Billing month</span>
        <input
          className="input"
          type="month"
          value={month}
          max={new Date().toISOString().slice(0, 7)}
          onChange={(e) => setMonth(e.target.value)}
          required
        />
      </label>
      <Button
        icon="download"
        busy={busy === 'one'}
        disabled={!/^\d{4}-\d{2}$/.test(month)}
        onClick={() => void exportCsv('one')}
        aria-label={`Export billing CSV for ${name}`}
      >
        Export CSV
      </Button>
      {isAgency ? (
        <Button icon="download" busy={busy === 'all'} disabled={!/^\d{4}-\d{2}$/.test(month)} onClick={() => void exportCsv('all')}>
          All workspaces
        </Button>
      ) : null}
    </div>
  );
}
