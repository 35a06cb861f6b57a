/** An error from main, as a banner: what failed, one clear sentence, and the obvious next step. */
import type { ReactElement, ReactNode } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import { errorSentence, remedyOf } from '../lib/errors';
import { navigate } from '../lib/navigation';
import { Button, IconButton } from './Button';
import { Icon } from './Icon';

/** Props of an error banner. */
export interface ErrorBannerProps {
  readonly error: ErrorInfo;
  /** Short title of what failed, e.g. "Key not added". */
  readonly title?: string;
  readonly onRetry?: () => void;
  readonly onDismiss?: () => void;
}

/** A red banner with an Unlock or Try again action when one obviously helps. */
export function ErrorBanner({ error, title, onRetry, onDismiss }: ErrorBannerProps): ReactElement {
  const remedy = remedyOf(error.code);
  return (
    <div className="banner banner-bad" role="alert" data-code={error.code}>
      <Icon name="alert" className="banner-icon" />
      <p className="banner-text">
        {title ? <strong>{title}. </strong> : null}
        {errorSentence(error)}
      </p>
      <div className="banner-actions">
        {remedy === 'unlock' ? (
          <Button size="sm" icon="unlock" onClick={() => navigate('vault')}>
            Open vault
          </Button>
        ) : null}
        {remedy === 'retry' && onRetry ? (
          <Button size="sm" icon="refresh" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
        {onDismiss ? <IconButton icon="close" label="Dismiss" onClick={onDismiss} /> : null}
      </div>
    </div>
  );
}

/** A calm notice: green for success, amber for warnings, neutral for information; `glyph` replaces the icon with a status mark (● ▲ ○). */
export function Notice({
  tone = 'info',
  children,
  title,
  glyph,
}: {
  tone?: 'info' | 'warn' | 'ok';
  title?: string;
  glyph?: '●' | '▲' | '○';
  children: ReactNode;
}): ReactElement {
  const icon = tone === 'warn' ? 'alert' : tone === 'ok' ? 'check' : 'info';
  return (
    <div className={`banner banner-${tone}`} role={tone === 'warn' ? 'status' : undefined}>
      {glyph ? (
        <span className="banner-icon banner-glyph" aria-hidden>
          {glyph}
        </span>
      ) : (
        <Icon name={icon} className="banner-icon" />
      )}
      <div className="banner-text">
        {title ? <strong>{title}. </strong> : null}
        {children}
      </div>
    </div>
  );
}
