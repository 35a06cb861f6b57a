/** The toast stack, bottom right; announced politely to screen readers. */
import type { ReactElement } from 'react';
import { useToasts } from '../stores/toasts';
import { IconButton } from './Button';

const GLYPH = { success: '●', error: '✕', info: 'i' } as const;

/** Renders the queued toasts. */
export function Toaster(): ReactElement {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toaster" role="region" aria-label="Notifications">
      <ol aria-live="polite" aria-relevant="additions">
        {toasts.map((t) => (
          <li key={t.id} className={`toast toast-${t.kind}`} data-testid="toast">
            <span className="toast-glyph" aria-hidden>
              {GLYPH[t.kind]}
            </span>
            <div className="toast-text">
              <p className="toast-title">{t.title}</p>
              {t.detail ? <p className="toast-detail">{t.detail}</p> : null}
            </div>
            <IconButton icon="close" label="Dismiss" onClick={() => dismiss(t.id)} />
          </li>
        ))}
      </ol>
    </div>
  );
}
