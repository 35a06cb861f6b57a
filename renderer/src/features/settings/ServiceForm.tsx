/** The Messaging tab's form: provider choice (email), fields, Save & Test Credentials. */
import { useState, type FormEvent, type ReactElement } from 'react';
import type { CredentialView, Workspace } from '../../../../shared/domain';
import { getProvider } from '../../../../shared/providers/catalog';
import type { ProviderId } from '../../../../shared/providers/types';
import { Button } from '../../components/Button';
import { Segmented } from '../../components/Segmented';
import { toast } from '../../stores/toasts';
import { CheckSteps } from '../api-keys/CheckSteps';
import { KeyFields } from '../api-keys/KeyFields';
import { ResultBanner } from '../api-keys/ResultBanner';
import type { AddAndTest } from '../api-keys/useAddAndTest';
import { LOCKED_REASON, useVaultLock, VaultLockNotice } from '../api-keys/VaultLockNotice';

/** Props of the form. */
export interface ServiceFormProps {
  readonly ws: Workspace;
  readonly kind: 'sms' | 'email';
  readonly providers: readonly ProviderId[];
  readonly fields: readonly string[];
  readonly existing: CredentialView | null;
  readonly run: AddAndTest;
  /** Called after a save; `valid` when the provider accepted the key (warnings included). */
  readonly onSaved: (valid: boolean) => void;
  readonly onCancel?: () => void;
}

/** The form; public fields start from the stored key, secrets always start empty. */
export function ServiceForm({ ws, kind, providers, fields, existing, run, onSaved, onCancel }: ServiceFormProps): ReactElement {
  const [provider, setProvider] = useState<ProviderId>(existing?.provider ?? providers[0] ?? 'twilio');
  const [values, setValues] = useState<Record<string, string>>(() => (existing ? { ...existing.publicFields } : {}));
  const d = getProvider(provider);
  const running = run.phase === 'running';
  // A locked vault cannot seal the key: no typing a secret that cannot be saved.
  const locked = useVaultLock() !== null;

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (locked) return;
    // Saving here means using it: a key kept on standby (the switch was off) comes back into use.
    const result = await run.start({ workspaceId: ws.id, provider, fields: values, existingId: existing?.id ?? null, activate: true });
    // Secrets never stay in the form once saved: the next change types them again.
    if (result) setValues((v) => Object.fromEntries(Object.entries(v).filter(([name]) => !d.fields.find((f) => f.name === name)?.secret)));
    if (result?.status === 'valid') toast.success(`${d.name} verified`, result.summary);
    if (result) onSaved(result.status === 'valid' || result.status === 'warning');
  };

  return (
    <form className="service-form" onSubmit={(e) => void save(e)} aria-label={`${kind === 'sms' ? 'SMS' : 'Email'} credentials`}>
      {providers.length > 1 ? (
        <div className="field">
          <span className="field-label" id={`provider-${kind}`}>
            Provider
          </span>
          <Segmented
            labelledBy={`provider-${kind}`}
            value={provider}
            onChange={setProvider}
            disabled={existing !== null || running}
            options={providers.map((p) => ({ value: p, label: getProvider(p).name }))}
          />
          {existing ? (
            <p className="field-help">
              To switch provider, remove the {getProvider(existing.provider).name} key on the API Keys screen first (Revert to Platform
              Credentials removes every messaging key).
            </p>
          ) : null}
        </div>
      ) : null}
      <VaultLockNotice what="save these credentials" />
      <KeyFields
        provider={d}
        values={values}
        only={fields}
        hints={existing?.hints}
        disabled={running || locked}
        onChange={(name, v) => setValues((prev) => ({ ...prev, [name]: v }))}
      />
      {existing ? (
        <p className="field-help">
          For security, the{' '}
          {d.fields
            .filter((f) => f.secret)
            .map((f) => f.label)
            .join(' and ')}{' '}
          must be typed again to save any change.
        </p>
      ) : null}
      {run.steps.length > 0 ? <CheckSteps steps={run.steps} /> : null}
      <ResultBanner run={run} provider={d} />
      <div className="service-actions">
        <Button type="submit" variant="primary" busy={running} icon="check" disabled={locked} title={locked ? LOCKED_REASON : undefined}>
          Save &amp; Test Credentials
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel} disabled={running}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
