/**
 * The last step of a rotation: the operator says the old key was revoked at the provider, and
 * this names exactly what is destroyed before it is (one confirmation, Cancel focused).
 */
import type { ReactElement } from 'react';
import type { ProviderDescriptor } from '../../../../shared/providers/types';
import type { StandbyView } from '../../../../shared/rotation';
import { Confirm } from '../../components/Confirm';
import { errorSentence } from '../../lib/errors';
import { shortDate } from '../../lib/time';
import { useRotation } from '../../stores/rotation';
import { toast } from '../../stores/toasts';

/** Props of the confirmation (open while mounted). */
export interface RevokedConfirmProps {
  readonly workspaceId: string;
  readonly standby: StandbyView;
  readonly environment: string;
  readonly provider: ProviderDescriptor;
  readonly onOpenChange: (open: boolean) => void;
  /** After the key is destroyed. */
  readonly onDone?: () => void;
}

/** The alert dialog, open for as long as it is mounted. */
export default function RevokedConfirm({
  workspaceId,
  standby,
  environment,
  provider,
  onOpenChange,
  onDone,
}: RevokedConfirmProps): ReactElement {
  const confirm = async (): Promise<boolean> => {
    const res = await useRotation.getState().confirmRevoked(workspaceId, standby.credentialId);
    if (!res.ok) {
      toast.error('Old key not destroyed', errorSentence(res.error));
      return false;
    }
    toast.success(`Destroyed “${standby.nickname}”`, 'Its encrypted secret is gone; the audit log keeps the record.');
    onDone?.();
    return true;
  };
  return (
    <Confirm
      open
      onOpenChange={onOpenChange}
      title={`Destroy the old ${provider.name} key?`}
      confirmLabel="Destroy old key"
      onConfirm={confirm}
    >
      <p>
        This destroys <strong>“{standby.nickname}”</strong> ({environment}), the key rotated out on {shortDate(standby.switchedAt)}:
      </p>
      <ul>
        {Object.entries(standby.hints).map(([name, hint]) => (
          <li key={name}>
            {provider.fields.find((f) => f.name === name)?.label ?? 'Secret'} <code>{hint}</code> — its encrypted copy is destroyed; there
            is no second copy.
          </li>
        ))}
      </ul>
      <p className="muted">
        Do this once {provider.name} no longer accepts it. Nothing uses it any more; the audit log and usage history keep its name.
      </p>
    </Confirm>
  );
}
