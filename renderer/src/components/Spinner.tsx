/** The spinner shown while something is being checked or loaded. */
import type { ReactElement } from 'react';

/** A small rotating ring; pass a label when it stands alone so screen readers hear it. */
export function Spinner({ label, size = 14 }: { label?: string; size?: number }): ReactElement {
  return (
    <span className="spinner" role={label ? 'status' : undefined} aria-label={label} aria-hidden={label ? undefined : true}>
      <svg width={size} height={size} viewBox="0 0 16 16" fill="none">
        <circle cx="8" cy="8" r="6.5" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
        <path d="M14.5 8A6.5 6.5 0 0 0 8 1.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
    </span>
  );
}
