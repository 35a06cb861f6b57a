/** Page scaffolding: a header with title and actions, a scrolling body, empty and loading states. */
import type { ReactElement, ReactNode } from 'react';
import { Icon, type IconName } from './Icon';
import { Spinner } from './Spinner';

/** The header of a page. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }): ReactElement {
  return (
    <header className="page-header">
      <div className="page-heading">
        <h1>{title}</h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

/** A page: header plus body; the body is what scrolls. */
export function Page({ header, children, wide = false }: { header: ReactNode; children: ReactNode; wide?: boolean }): ReactElement {
  return (
    <div className="page">
      {header}
      <div className={`page-body${wide ? ' page-body-wide' : ''}`}>{children}</div>
    </div>
  );
}

/** Something to show where a list is empty: what it is, and the one action that fills it. */
export function EmptyState({
  icon,
  title,
  children,
  action,
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}): ReactElement {
  return (
    <div className="empty">
      <span className="empty-icon">
        <Icon name={icon} size={20} />
      </span>
      <h3>{title}</h3>
      {children ? <p className="muted">{children}</p> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </div>
  );
}

/** A centred loading line for a whole pane. */
export function Loading({ label = 'Loading…' }: { label?: string }): ReactElement {
  return (
    <div className="loading" role="status">
      <Spinner /> <span>{label}</span>
    </div>
  );
}

/** Grey placeholder blocks while data loads, shaped like what will arrive. */
export function Skeleton({ rows = 3, className }: { rows?: number; className?: string }): ReactElement {
  return (
    <div className={['skeleton', className].filter(Boolean).join(' ')} aria-hidden>
      {Array.from({ length: rows }, (_, i) => (
        <span key={i} className="skeleton-line" />
      ))}
    </div>
  );
}
