/** A link that leaves the app: main opens https links in the operator's browser and blocks the rest. */
import type { ReactElement, ReactNode } from 'react';
import { Icon } from './Icon';

/** `<a target=_blank rel=noreferrer>` with the external-link mark. */
export function ExternalLink({ href, children, className }: { href: string; children: ReactNode; className?: string }): ReactElement {
  return (
    <a href={href} target="_blank" rel="noreferrer" className={['ext-link', className].filter(Boolean).join(' ')}>
      {children}
      <Icon name="external" size={12} />
    </a>
  );
}
