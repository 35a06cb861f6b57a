/**
 * Usage and cost: every send and call records which key paid (own or agency) per key per day;
 * from that come the API Keys dashboard's stat cards, spend alerts and the monthly billing CSV.
 */
import { AppError } from '../../../shared/errors';
import { CATALOG } from '../../../shared/providers/catalog';
import type { ProviderId, UsageUnit } from '../../../shared/providers/types';
import type { Actor, AuditLog } from '../audit/audit';
import { CredentialRepo } from '../credentials/repo';
import { type Db, tx } from '../store/db';
import type { Workspaces } from '../workspaces/workspaces';
import {
  addAmounts,
  dayOf,
  monthDays,
  monthOf,
  parseMonth,
  projectionFactor,
  roundUsd,
  type UnitAmounts,
  UNITS,
  usageCost,
  ZERO,
} from './cost';
import { toCsv } from './csv';
import { UsageRepo } from './repo';

/** One metered use of a key. */
export interface UsageEvent {
  /** The workspace the send or call was for (not necessarily the key's holder). */
  readonly workspaceId: string;
  readonly provider: ProviderId;
  readonly credentialId: string;
  /** Whose key paid, as resolution said. */
  readonly owner: 'own' | 'agency';
  readonly unit: UsageUnit;
  readonly amount: number;
  /** When it happened (default now); filed under its UTC day. */
  readonly at?: Date | string;
}

/** One provider's line of the dashboard. */
export interface ProviderUsage extends UnitAmounts {
  readonly provider: ProviderId;
  readonly name: string;
  /** Has a live (active, not deleted, not invalid) key in scope. */
  readonly connected: boolean;
  /** Requests plus messages this month. */
  readonly apiCalls: number;
  /** Usage cost so far this month, split by who paid. */
  readonly ownCost: number;
  readonly agencyCost: number;
  /** Usage so far projected to the whole month, plus the monthly base of live production keys. */
  readonly estimatedMonthlyCost: number;
  readonly alertUsd: number | null;
  readonly alertExceeded: boolean;
}

/** The API Keys dashboard's stat cards. */
export interface UsageSummary {
  readonly month: string;
  readonly workspaceId: string | null;
  /** Providers with a live key. */
  readonly connected: number;
  readonly totalProviders: number;
  /** Requests plus messages this month. */
  readonly apiCalls: number;
  readonly estimatedMonthlyCost: number;
  readonly byProvider: readonly ProviderUsage[];
}

/** A threshold the projected cost exceeds. */
export interface SpendAlert {
  readonly workspaceId: string;
  readonly workspaceName: string;
  readonly provider: ProviderId;
  readonly monthlyUsd: number;
  readonly projectedUsd: number;
}

const COUNTED: ReadonlySet<UsageUnit> = new Set(['requests', 'messages']);
const WHOLE: ReadonlySet<UsageUnit> = new Set(['requests', 'messages', 'characters', 'tokens']);

/** Records usage and turns it into cost. */
export class Usage {
  private readonly repo: UsageRepo;
  /** Asked which key is whose, which keys are live, and to count a key's uses: the credentials table is its. */
  private readonly keys: CredentialRepo;

  constructor(
    private readonly db: Db,
    private readonly workspaces: Workspaces,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repo = new UsageRepo(db);
    this.keys = new CredentialRepo(db);
  }

  /** Adds one use to its key's day; requests and messages also count on the key itself. */
  record(e: UsageEvent): void {
    if (!Number.isFinite(e.amount) || e.amount < 0) throw new AppError('INVALID_INPUT', 'A usage amount must be a number zero or above.');
    if (WHOLE.has(e.unit) && !Number.isInteger(e.amount)) throw new AppError('INVALID_INPUT', `Usage in ${e.unit} must be a whole number.`);
    const key = this.keys.holder(e.credentialId);
    if (!key) throw new AppError('NOT_FOUND', 'Usage names a key that does not exist.');
    if (key.provider !== e.provider) throw new AppError('INVALID_INPUT', 'Usage names a key of a different provider.');
    const owner = key.workspaceId === e.workspaceId ? 'own' : 'agency';
    if (owner !== e.owner)
      throw new AppError(
        'INVALID_INPUT',
        `Usage says the ${e.owner === 'own' ? "workspace's own" : "agency's"} key paid, but the key belongs to ${owner === 'own' ? 'the workspace' : 'another workspace'}.`,
      );
    const at = e.at === undefined ? this.now() : new Date(e.at);
    if (Number.isNaN(at.getTime())) throw new AppError('INVALID_INPUT', 'The usage time is not a valid date.');
    if (e.amount === 0) return;
    tx(this.db, () => {
      this.repo.add({
        workspaceId: e.workspaceId,
        credentialId: e.credentialId,
        provider: e.provider,
        owner,
        day: dayOf(at),
        unit: e.unit,
        amount: e.amount,
      });
      if (COUNTED.has(e.unit)) this.keys.bumpUsageCount(e.credentialId, e.amount);
    });
  }

  /** Stat cards for one workspace (or every workspace) for a month (default this month). */
  summary(workspaceId?: string, month: string = monthOf(this.now())): UsageSummary {
    if (workspaceId) this.workspaces.get(workspaceId);
    const { first, last } = monthDays(month);
    const factor = projectionFactor(month, this.now());
    const sums = this.repo.sums(first, last, workspaceId);
    const connected = this.keys.connectedProviders(workspaceId);
    const liveKeys = this.keys.liveProductionCounts(workspaceId);
    const alerts = new Map<ProviderId, number>();
    if (workspaceId) for (const a of this.repo.alerts(workspaceId)) alerts.set(a.provider, a.monthlyUsd);

    const byProvider = CATALOG.map((d): ProviderUsage => {
      const mine = sums.filter((s) => s.provider === d.id);
      const amounts = mine.reduce<UnitAmounts>((acc, s) => addAmounts(acc, s), ZERO);
      const ownCost = mine.filter((s) => s.owner === 'own').reduce((c, s) => c + usageCost(d.id, s), 0);
      const agencyCost = mine.filter((s) => s.owner === 'agency').reduce((c, s) => c + usageCost(d.id, s), 0);
      const estimated = roundUsd((ownCost + agencyCost) * factor + d.monthlyBase * (liveKeys.get(d.id) ?? 0));
      const alertUsd = alerts.get(d.id) ?? null;
      return {
        provider: d.id,
        name: d.name,
        connected: connected.has(d.id),
        ...amounts,
        apiCalls: amounts.requests + amounts.messages,
        ownCost: roundUsd(ownCost),
        agencyCost: roundUsd(agencyCost),
        estimatedMonthlyCost: estimated,
        alertUsd,
        alertExceeded: alertUsd !== null && estimated > alertUsd,
      };
    });
    return {
      month,
      workspaceId: workspaceId ?? null,
      connected: connected.size,
      totalProviders: CATALOG.length,
      apiCalls: byProvider.reduce((n, p) => n + p.apiCalls, 0),
      estimatedMonthlyCost: roundUsd(byProvider.reduce((c, p) => c + p.estimatedMonthlyCost, 0)),
      byProvider,
    };
  }

  /** Sets (or, with null, clears) a workspace's monthly spend alert for a provider; audited. */
  setAlert(
    workspaceId: string,
    provider: ProviderId,
    monthlyUsd: number | null,
    actor: Actor,
  ): { workspaceId: string; provider: ProviderId; monthlyUsd: number | null } {
    const ws = this.workspaces.get(workspaceId);
    if (monthlyUsd !== null && (!Number.isFinite(monthlyUsd) || monthlyUsd <= 0 || monthlyUsd > 1e9)) {
      throw new AppError('INVALID_INPUT', 'A spend alert is an amount in US dollars above zero.');
    }
    tx(this.db, () => {
      this.repo.setAlert(ws.id, provider, monthlyUsd, this.now().toISOString());
      this.audit.append({ actor, action: 'usage.alert', workspaceId: ws.id, target: ws.id, detail: { provider, monthlyUsd } });
    });
    return { workspaceId: ws.id, provider, monthlyUsd };
  }

  /** The thresholds this month's projected cost exceeds (one workspace, or all). */
  alerts(workspaceId?: string): SpendAlert[] {
    const out: SpendAlert[] = [];
    const byWorkspace = new Map<string, ReturnType<UsageRepo['alerts']>>();
    for (const a of this.repo.alerts(workspaceId)) byWorkspace.set(a.workspaceId, [...(byWorkspace.get(a.workspaceId) ?? []), a]);
    for (const [wsId, list] of byWorkspace) {
      const ws = this.workspaces.get(wsId);
      const summary = this.summary(wsId);
      for (const a of list) {
        const projected = summary.byProvider.find((p) => p.provider === a.provider)?.estimatedMonthlyCost ?? 0;
        if (projected > a.monthlyUsd)
          out.push({ workspaceId: wsId, workspaceName: ws.name, provider: a.provider, monthlyUsd: a.monthlyUsd, projectedUsd: projected });
      }
    }
    return out;
  }

  /**
   * The month's usage per workspace, provider and key owner, for billing clients: what ran on
   * the agency's keys is what the agency re-bills. Costs are usage at catalog prices (no
   * monthly base, no projection). Formula-injection-safe CSV.
   */
  billingCsv(month: string, workspaceId?: string): string {
    parseMonth(month);
    const { first, last } = monthDays(month);
    const names = new Map(this.workspaces.list({ includeArchived: true }).map((w) => [w.id, w.name]));
    const rows = this.repo
      .sums(first, last, workspaceId)
      .map((s) => ({ ...s, workspace: names.get(s.workspaceId) ?? s.workspaceId }))
      .sort((a, b) => a.workspace.localeCompare(b.workspace) || a.provider.localeCompare(b.provider) || a.owner.localeCompare(b.owner));
    const header = ['month', 'workspace_id', 'workspace', 'provider', 'key_owner', ...UNITS, 'estimated_cost_usd'];
    return toCsv([
      header,
      ...rows.map((r) => [
        month,
        r.workspaceId,
        r.workspace,
        r.provider,
        r.owner,
        ...UNITS.map((u) => roundUsd(r[u])),
        roundUsd(usageCost(r.provider, r)).toFixed(4),
      ]),
    ]);
  }
}
