/**
 * A provider's card. Connected: its keys first, the catalog facts folded away under "About".
 * Available: what it is, pricing, free tier, setup time and difficulty, top benefits, Add key.
 */
import { useState, type ReactElement } from 'react';
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

/** "Voice campaigns" from "Voice campaigns (carrier, or Twilio)"; null when the provider is optional. */
function requiredFor(p: ProviderDescriptor): string | null {
  const first = p.requiredFor.find((r) => !/optional/i.test(r));
  return first ? first.replace(/\s*\(.*\)\s*$/, '') : null;
}

/** "voice campaigns" from "Voice campaigns", but "SMS campaigns" stays as it is. */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

/** Props of a provider card. */
export interface ProviderCardProps {
  readonly provider: ProviderDescriptor;
  readonly keys: readonly CredentialView[];
  readonly checking: boolean;
  readonly onAdd: () => void;
}

/** The line under the name: the category, and once connected, what it is required for. */
function Subtitle({ p, connected }: { p: ProviderDescriptor; connected: boolean }): ReactElement {
  const required = requiredFor(p);
  return (
    <p className="provider-sub">
      {[p.category, connected && required ? `required for ${lowerFirst(required)}` : null].filter(Boolean).join(' · ')}
    </p>
  );
}

/** Badges that help choose a provider: what needs it, whether it is popular, how long setup takes. */
function Badges({ p }: { p: ProviderDescriptor }): ReactElement {
  const required = requiredFor(p);
  return (
    <p className="provider-badges">
      {required ? (
        <span className="badge badge-accent" title={p.requiredFor.join('; ')}>
          Required · {required}
        </span>
      ) : null}
      {p.popular ? <span className="badge">Popular</span> : null}
      <span className="badge badge-outline">
        <Icon name="clock" size={12} /> {p.setupMinutes} min · {DIFFICULTY[p.difficulty]}
      </span>
    </p>
  );
}

function Facts({ p, setup }: { p: ProviderDescriptor; setup: boolean }): ReactElement {
  return (
    <>
      <dl className="provider-facts">
        <div>
          <dt>Pricing</dt>
          <dd>{p.pricing}</dd>
        </div>
        <div>
          <dt>Free tier</dt>
          <dd>{p.freeTier ?? 'None'}</dd>
        </div>
        {setup ? (
          <div>
            <dt>Setup</dt>
            <dd>
              <Icon name="clock" size={12} /> {p.setupMinutes} min · {DIFFICULTY[p.difficulty]}
            </dd>
          </div>
        ) : null}
      </dl>
      <ul className="provider-benefits">
        {p.benefits.slice(0, 3).map((b) => (
          <li key={b}>
            <Icon name="check" size={12} /> {b}
          </li>
        ))}
      </ul>
    </>
  );
}

/** One card of the grid. */
export function ProviderCard({ provider: p, keys, checking, onAdd }: ProviderCardProps): ReactElement {
  const [about, setAbout] = useState(false);
  const status = providerStatus(keys, checking);
  const connected = keys.length > 0;
  const aboutId = `about-${p.id}`;
  return (
    <article
      className={`provider-card card${connected ? ' is-connected' : ''}`}
      aria-labelledby={`provider-${p.id}`}
      data-testid={`provider-${p.id}`}
    >
      <header className="provider-head">
        <ProviderMark provider={p} />
        <div className="provider-title">
          <h3 id={`provider-${p.id}`}>{p.name}</h3>
          <Subtitle p={p} connected={connected} />
        </div>
        <div className="provider-state">
          {!connected ? <Status kind="none" /> : keys.length > 1 && status ? <Status kind={status} /> : null}
        </div>
      </header>
      {connected ? (
        <ul className="key-list" aria-label={`${p.name} keys`}>
          {keys.map((k) => (
            <KeyRow key={k.id} cred={k} provider={p} />
          ))}
        </ul>
      ) : null}
      {!connected ? <Badges p={p} /> : null}
      {!connected || about ? (
        <div className="provider-about" id={aboutId}>
          <p className="provider-description">{p.description}</p>
          <Facts p={p} setup={connected} />
        </div>
      ) : null}
      <footer className="provider-foot">
        {connected ? (
          <button
            type="button"
            className="link-button about-toggle"
            aria-expanded={about}
            aria-controls={aboutId}
            onClick={() => setAbout(!about)}
          >
            {about ? 'Less' : 'Pricing & setup'} <Icon name="chevronDown" size={14} className={about ? 'is-flipped' : undefined} />
          </button>
        ) : (
          <ExternalLink href={p.docsUrl} className="small">
            {p.name} docs
          </ExternalLink>
        )}
        <span className="provider-actions">
          {connected ? (
            <ExternalLink href={p.docsUrl} className="small">
              Docs
            </ExternalLink>
          ) : null}
          <Button size="sm" icon="plus" onClick={onAdd} aria-label={`Add ${p.name} key`}>
            Add key
          </Button>
        </span>
      </footer>
    </article>
  );
}
