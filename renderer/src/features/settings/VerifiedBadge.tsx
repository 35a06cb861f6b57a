/**
 * Seed 000's badge: "Verified ✓" or "Not Verified", in the seed's words but drawn by the shared
 * Status component, so a key reads with the same glyph and colour here as on the dashboard.
 */
import type { ReactElement } from 'react';
import type { CredentialStatus } from '../../../../shared/domain';
import { Status } from '../../components/Status';

const WORD: Readonly<Record<CredentialStatus, string>> = {
  valid: 'Verified ✓',
  warning: 'Verified, with a warning',
  invalid: 'Not Verified',
  unverified: 'Not Verified',
};

/** The badge for a stored messaging key's status, or a spinner while it is being checked. */
export function VerifiedBadge({ status, checking }: { status: CredentialStatus; checking: boolean }): ReactElement {
  if (checking) return <Status kind="checking" />;
  return (
    <span className={`verified-badge is-${status}`} data-testid="verified-badge" data-status={status}>
      <Status kind={status} word={WORD[status]} />
    </span>
  );
}
