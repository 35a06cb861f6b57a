/** A stored messaging key as the Messaging tab shows it: its provider, public values and secret hints. */
import type { ReactElement } from 'react';
import type { CredentialView } from '../../../../shared/domain';
import { getProvider } from '../../../../shared/providers/catalog';

/** The facts list; a secret field shows only its hint, and a field with no value is left out. */
export function KeyFacts({ cred }: { cred: CredentialView }): ReactElement {
  const d = getProvider(cred.provider);
  const shown = d.fields.filter((f) => (f.secret ? cred.hints[f.name] : cred.publicFields[f.name]));
  return (
    <dl className="summary-fields">
      <div>
        <dt>Provider</dt>
        <dd>{d.name}</dd>
      </div>
      {shown.map((f) => (
        <div key={f.name}>
          <dt>{f.label}</dt>
          <dd className="mono">{f.secret ? cred.hints[f.name] : cred.publicFields[f.name]}</dd>
        </div>
      ))}
    </dl>
  );
}
