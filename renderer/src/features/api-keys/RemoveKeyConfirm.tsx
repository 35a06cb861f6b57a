/** The one confirmation before a key is deleted, naming the key, its hints and what is lost. */
import type { ReactElement } from 'react';
import type { CredentialView } from '../../../../shared/domain';
import type { ProviderDescriptor } from '../../../../shared/providers/types';
import { Confirm } from '../../components/Confirm';
import { RemoveKeyText } from './RemoveKeyText';

/** Props of the confirmation (open while mounted). */
export interface RemoveKeyConfirmProps {
  readonly cred: CredentialView;
  readonly provider: ProviderDescriptor;
  readonly onOpenChange: (open: boolean) => void;
  readonly onConfirm: () => Promise<boolean>;
}

/** The alert dialog, open for as long as it is mounted. */
export default function RemoveKeyConfirm({ cred, provider, onOpenChange, onConfirm }: RemoveKeyConfirmProps): ReactElement {
  return (
    <Confirm open onOpenChange={onOpenChange} title={`Delete this ${provider.name} key?`} confirmLabel="Delete key" onConfirm={onConfirm}>
      <RemoveKeyText cred={cred} provider={provider} />
    </Confirm>
  );
}
