/** Status is always icon + word + colour: ● Validated, ▲ Warning, ✕ Invalid, ○ Unverified, or a spinner. */
import type { ReactElement } from 'react';
import type { CheckStatus, CredentialStatus } from '../../../shared/domain';
import { Spinner } from './Spinner';

/** Every status the console shows, `checking` while a check runs, and `none` where no key is stored yet. */
export type StatusKind = CredentialStatus | 'checking' | 'none';

const LOOK: Readonly<Record<StatusKind, { glyph: string; word: string }>> = {
  valid: { glyph: '●', word: 'Validated' },
  warning: { glyph: '▲', word: 'Warning' },
  invalid: { glyph: '✕', word: 'Invalid' },
  unverified: { glyph: '○', word: 'Unverified' },
  checking: { glyph: '', word: 'Checking…' },
  none: { glyph: '○', word: 'Not connected' },
};

/**
 * A status label; `word` overrides the default word (e.g. "Verified ✓" in the Messaging tab, "2 of 4
 * ready" in onboarding) while the glyph and colour stay those of `kind`, so one state reads the same
 * on every screen.
 */
export function Status({ kind, word, upper = false }: { kind: StatusKind; word?: string; upper?: boolean }): ReactElement {
  const look = LOOK[kind];
  const text = word ?? look.word;
  return (
    <span className={`status status-${kind}${upper ? ' status-upper' : ''}`} data-status={kind}>
      {kind === 'checking' ? (
        <Spinner />
      ) : (
        <span className="status-glyph" aria-hidden>
          {look.glyph}
        </span>
      )}
      <span>{text}</span>
    </span>
  );
}

/** Maps one check's outcome to the credential status it implies; unreachable stays unverified. */
export function statusOfCheck(status: CheckStatus): CredentialStatus {
  return status === 'unreachable' ? 'unverified' : status;
}
