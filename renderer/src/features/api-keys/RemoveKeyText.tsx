/** The words of a key deletion: exactly which key, which secret, and what happens after. */
import type { ReactElement } from 'react';
import type { CredentialView } from '../../../../shared/domain';
import type { ProviderDescriptor } from '../../../../shared/providers/types';

/** Names the key by nickname, environment and hints, and says there is no second copy. */
export function RemoveKeyText({ cred, provider }: { cred: CredentialView; provider: ProviderDescriptor }): ReactElement {
  const secrets = provider.fields.filter((f) => f.secret && cred.hints[f.name]);
  return (
    <>
      <p>
        This deletes <strong>“{cred.nickname}”</strong> ({cred.environment}) from this workspace:
      </p>
      <ul>
        {secrets.map((f) => (
          <li key={f.name}>
            {f.label} <code>{cred.hints[f.name]}</code> — its encrypted copy is destroyed; there is no second copy.
          </li>
        ))}
        {provider.fields
          .filter((f) => !f.secret && cred.publicFields[f.name])
          .map((f) => (
            <li key={f.name}>
              {f.label} <code>{cred.publicFields[f.name]}</code>
            </li>
          ))}
      </ul>
      <p className="muted">
        The audit log and usage history keep the key’s name. The key itself still works at {provider.name} until you revoke it there.
      </p>
    </>
  );
}
