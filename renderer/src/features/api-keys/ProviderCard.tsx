/** A provider's card: what it is, what it costs, how long setup takes, its keys, and Add key. */
import type { ReactElement } from 'react';
import type { CredentialView } from '../../../../shared/domain';
import type { ProviderDescriptor } from '../../../../shared/providers/types';
import { Button } from '../../components/Button';
import { ExternalLink } from '../../components/ExternalLink';
import { Icon } from '../../components/Icon';
import { ProviderMark } from '../../components/ProviderMark';
import { Status, type StatusKind } from '../../components/Status';
import { KeyRow } from './KeyRow';

const DIFFICULTY = { easy: 'Easy', medium: 'Medium', hard: 'Involved' } as const;

/** The card's overall status: the active production key's, else the best of the rest. */
export function providerStatus(keys: readonly CredentialView[], checking: boolean): StatusKind | null {
  if (keys.length === 0) return null;
  if (checking) return 'checking';
  const lead = keys.find((k) => k.active && k.environment === 'production') ?? keys.find((k) => k.active) ?? keys[0];
  return lead?.status ?? null;
}

/** Props of a provider card. */
export interface ProviderCardProps {
  readonly provider: ProviderDescriptor;
  readonly keys: readonly CredentialView[];
  readonly checking: boolean;
  readonly onAdd: () => void;
}

/** One card of the catalog grid. */
export function ProviderCard({ provider: p, keys, checking, onAdd }: ProviderCardProps): ReactElement {
  const status = providerStatus(keys, checking);
  const required = p.requiredFor.filter((r) => !/optional/i.test(r));
  return (
    <article className={`provider-card card${keys.length > 0 ? ' is-connected' : ''}`} aria-labelledby={`provider-${p.id}`} data-testid={`provider-${p.id}`}>
      <header className="provider-head">
        <ProviderMark provider={p} />
        <div className="provider-title">
          <h3 id={`provider-${p.id}`}>{p.name}</h3>
          <p className="provider-category">{p.category}</p>
        </div>
        <div className="provider-state">{status ? <Status kind={status} /> : <span className="faint small">Not connected</span>}</div>
      </header>
      <div className="provider-badges">
        {required.length > 0 ? (
          <span className="badge badge-accent" title={required.join(', ')}>
            Required · {required[0]}
          </span>
        ) : null}
        {p.popular ? <span className="badge">Popular</span> : null}
        <span className="badge badge-outline">
          <Icon name="clock" size={12} /> {p.setupMinutes} min · {DIFFICULTY[p.difficulty]}
        </span>
      </div>
      <p className="provider-description">{p.description}</p>
      <dl className="provider-facts">
        <div>
          <dt>Pricing</dt>
          <dd>{p.pricing}</dd>
        </div>
        <div>
          <dt>Free tier</dt>
          <dd>{p.freeTier ?? 'None'}</dd>
        </div>
      </dl>
      <ul className="provider-benefits">
        {p.benefits.slice(0, 3).map((b) => (
          <li key={b}>
            <Icon name="check" size={12} /> {b}
          </li>
        ))}
      </ul>
      {keys.length > 0 ? (
        <ul className="key-list" aria-label={`${p.name} keys`}>
          {keys.map((k) => (
            <KeyRow key={k.id} cred={k} provider={p} />
          ))}
        </ul>
      ) : null}
      <footer className="provider-foot">
        <Button size="sm" variant={keys.length > 0 ? 'secondary' : 'primary'} icon="plus" onClick={onAdd} aria-label={`Add ${p.name} key`}>
          {keys.length > 0 ? 'Add another' : 'Add key'}
        </Button>
        <ExternalLink href={p.docsUrl} className="small">
          Docs
        </ExternalLink>
      </footer>
    </article>
  );
}
