/** API Keys (seed 001): stat cards, category filter, one card per provider, and the Add Key dialog. */
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { CredentialView } from '../../../../shared/domain';
import { CATALOG, getProvider, isProviderId } from '../../../../shared/providers/catalog';
import type { ProviderId } from '../../../../shared/providers/types';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Icon } from '../../components/Icon';
import { EmptyState, Page, PageHeader } from '../../components/Page';
import { errorSentence } from '../../lib/errors';
import { currentPath, navigate } from '../../lib/navigation';
import { useCredentials } from '../../stores/credentials';
import { toast } from '../../stores/toasts';
import { useUsage } from '../../stores/usage';
import { useCurrentWorkspace } from '../../stores/workspaces';
import { CategoryFilter, type CategoryChoice } from './CategoryFilter';
import { ProviderCard } from './ProviderCard';
import { StatCards } from './StatCards';
import './dashboard.css';

const EMPTY: readonly CredentialView[] = [];
// The dialog code loads when a dialog first opens: the dashboard itself renders without it.
const AddKeyDialog = lazy(() => import('./AddKeyDialog'));
const RANK = { invalid: 0, warning: 1, unverified: 2, valid: 3 } as const;

/** Cards whose keys need attention come first (Array.sort is stable, so catalog order holds otherwise). */
function severity(keys: readonly CredentialView[] | undefined): number {
  return Math.min(...(keys ?? []).map((k) => RANK[k.status]));
}

/** The dashboard of the current workspace. */
export default function DashboardPage(): ReactElement {
  const ws = useCurrentWorkspace();
  const wsId = ws?.id ?? '';
  const keys = useCredentials((s) => s.byWorkspace[wsId] ?? EMPTY);
  const loaded = useCredentials((s) => wsId in s.byWorkspace);
  const error = useCredentials((s) => s.errors[wsId] ?? null);
  const checking = useCredentials((s) => s.checking);
  const batch = useCredentials((s) => (s.batch?.workspaceId === wsId ? s.batch : null));
  const summary = useUsage((s) => s.byWorkspace[wsId] ?? null);
  const [category, setCategory] = useState<CategoryChoice>('All');
  const [query, setQuery] = useState('');
  // The Add Key dialog is part of the path (`#/keys/add/twilio`) so onboarding can link straight to it.
  const [, verb, target] = currentPath();
  const adding = verb === 'add' && isProviderId(target) ? getProvider(target) : null;

  useEffect(() => {
    if (!wsId) return;
    void useCredentials.getState().load(wsId);
    void useUsage.getState().load(wsId);
  }, [wsId]);
  // Connected counts and costs follow the keys: re-read them when a key is added, removed or re-checked.
  const signature = keys.map((k) => `${k.id}:${k.status}:${k.active}`).join(',');
  const seen = useRef<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  // "/" jumps to the service filter, as in most consoles, unless the operator is typing somewhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (
        e.key !== '/' ||
        e.metaKey ||
        e.ctrlKey ||
        e.altKey ||
        target?.closest('input, textarea, select, [contenteditable], [role="dialog"]')
      )
        return;
      e.preventDefault();
      search.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (!wsId || !loaded) return;
    if (seen.current !== null && seen.current !== signature) void useUsage.getState().load(wsId, { fresh: true });
    seen.current = signature;
  }, [wsId, loaded, signature]);

  const byProvider = useMemo(() => {
    const map = new Map<ProviderId, CredentialView[]>();
    for (const k of keys) map.set(k.provider, [...(map.get(k.provider) ?? []), k]);
    return map;
  }, [keys]);
  const visible = CATALOG.filter(
    (p) =>
      (category === 'All' || p.category === category) &&
      (query.trim() === '' || `${p.name} ${p.description} ${p.category}`.toLowerCase().includes(query.trim().toLowerCase())),
  );
  const attention = keys.filter((k) => k.status === 'invalid' || k.status === 'warning').length;

  const checkAll = async (): Promise<void> => {
    const res = await useCredentials.getState().testAll(wsId);
    if (!res.ok) toast.error('Keys not checked', errorSentence(res.error));
    else {
      const bad = res.value.filter((r) => r.status === 'invalid').length;
      toast[bad > 0 ? 'error' : 'success'](
        `Checked ${res.value.length} ${res.value.length === 1 ? 'key' : 'keys'}`,
        bad > 0 ? `${bad} rejected by their provider.` : 'No key was rejected.',
      );
    }
  };

  return (
    <Page
      header={
        <PageHeader
          title="API Keys"
          subtitle={`${ws?.name ?? ''} · keys are sealed in the vault; this screen only ever shows their hints.`}
          actions={
            <>
              <Button onClick={() => navigate('transfer/env')}>Import .env…</Button>
              <Button icon="refresh" busy={batch !== null} disabled={keys.length === 0} onClick={() => void checkAll()}>
                {batch ? `Checking ${batch.done} of ${batch.total}…` : 'Check all keys'}
              </Button>
            </>
          }
        />
      }
    >
      {error ? (
        <ErrorBanner title="Keys could not be loaded" error={error} onRetry={() => void useCredentials.getState().load(wsId)} />
      ) : null}
      <StatCards summary={summary} attention={attention} total={keys.length} configured={byProvider.size} />
      <div className="catalog-bar">
        <CategoryFilter catalog={CATALOG} value={category} onChange={setCategory} />
        <label className="search">
          <Icon name="search" />
          <input
            ref={search}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setQuery('')}
            placeholder="Filter services"
            aria-label="Filter services"
            aria-keyshortcuts="/"
          />
          <kbd aria-hidden>/</kbd>
        </label>
      </div>
      {visible.length === 0 ? (
        <EmptyState icon="search" title="No service matches">
          Try another category or clear the filter.
        </EmptyState>
      ) : (
        [
          {
            id: 'configured',
            title: 'Configured',
            list: visible
              .filter((p) => byProvider.has(p.id))
              .sort((a, b) => severity(byProvider.get(a.id)) - severity(byProvider.get(b.id))),
          },
          { id: 'available', title: 'Not configured', list: visible.filter((p) => !byProvider.has(p.id)) },
        ]
          .filter((g) => g.list.length > 0)
          .map((g) => (
            <section key={g.id} className="provider-section" aria-labelledby={`section-${g.id}`} aria-busy={!loaded}>
              <h2 id={`section-${g.id}`} className="section-heading">
                {g.title} <span className="section-count">{g.list.length}</span>
              </h2>
              <div className="provider-grid">
                {g.list.map((p) => {
                  const list = byProvider.get(p.id) ?? EMPTY;
                  return (
                    <ProviderCard
                      key={p.id}
                      provider={p}
                      keys={list}
                      checking={list.some((k) => checking[k.id])}
                      onAdd={() => navigate(`keys/add/${p.id}`)}
                    />
                  );
                })}
              </div>
            </section>
          ))
      )}
      {adding ? (
        <Suspense fallback={null}>
          <AddKeyDialog provider={adding} workspaceId={wsId} onClose={() => navigate('keys')} />
        </Suspense>
      ) : null}
    </Page>
  );
}
