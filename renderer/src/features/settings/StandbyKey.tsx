/**
 * A messaging key kept on standby (the custom service was switched off): offered again when the
 * switch comes back on — put it back in use and check it again, or type new credentials.
 */
import type { ReactElement } from 'react';
import type { CredentialView } from '../../../../shared/domain';
import { getProvider } from '../../../../shared/providers/catalog';
import { Button } from '../../components/Button';
import { timeAgo } from '../../lib/time';
import { toast } from '../../stores/toasts';
import { CheckSteps } from '../api-keys/CheckSteps';
import { ResultBanner } from '../api-keys/ResultBanner';
import type { AddAndTest } from '../api-keys/useAddAndTest';
import { useVaultLock } from '../api-keys/VaultLockNotice';
import { KeyFacts } from './KeyFacts';

/** Props of the standby key. */
export interface StandbyKeyProps {
  readonly cred: CredentialView;
  readonly run: AddAndTest;
  readonly onEdit: () => void;
}

/** The kept key, its hints, and the two ways back. */
export function StandbyKey({ cred, run, onEdit }: StandbyKeyProps): ReactElement {
  const d = getProvider(cred.provider);
  const locked = useVaultLock() !== null;
  const running = run.phase === 'running';
  const reuse = async (): Promise<void> => {
    const result = await run.reuse(cred.id, cred.provider);
    if (result?.status === 'valid') toast.success(`${d.name} in use again`, result.summary);
  };
  return (
    <div className="service-summary" data-testid="standby-key">
      <p className="muted">
        Kept on standby since the switch was turned off: “{cred.nickname}”, last tested {timeAgo(cred.lastTestedAt)}. Use it again, or type
        new credentials.
      </p>
      <KeyFacts cred={cred} />
      {run.steps.length > 0 ? <CheckSteps steps={run.steps} /> : null}
      <ResultBanner run={run} provider={d} />
      <div className="service-actions">
        <Button
          variant="primary"
          icon="check"
          busy={running}
          disabled={locked}
          title={locked ? 'Unlock the vault first: checking the key needs it.' : undefined}
          onClick={() => void reuse()}
        >
          Use this key again
        </Button>
        <Button variant="ghost" icon="edit" disabled={running} onClick={onEdit}>
          Update credentials
        </Button>
      </div>
    </div>
  );
}
