/** Seed 000's badge: a green "Verified ✓" or "Not Verified", always with its icon and word. */
import type { ReactElement } from 'react';
import type { CredentialStatus } from '../../../../shared/domain';
import { Status } from '../../components/Status';

/** The badge for a stored messaging key's status, or a spinner while it is being checked. */
export function VerifiedBadge({ status, checking }: { status: CredentialStatus; checking: boolean }): ReactElement {
  if (checking) return <Status kind="checking" />;
  switch (status) {
    case 'valid':
      return (
        <span className="verified-badge is-valid" data-testid="verified-badge" data-status="valid">
          Verified ✓
        </span>
      );
    case 'warning':
      return (
        <span className="verified-badge is-warning" data-testid="verified-badge" data-status="warning">
          ▲ Verified, with a warning
        </span>
      );
    case 'invalid':
      return (
        <span className="verified-badge is-invalid" data-testid="verified-badge" data-status="invalid">
          ✕ Not Verified
        </span>
      );
    case 'unverified':
      return (
        <span className="verified-badge is-unverified" data-testid="verified-badge" data-status="unverified">
          ○ Not Verified
        </span>
      );
  }
}
