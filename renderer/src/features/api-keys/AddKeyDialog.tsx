/**
 * The Add Key dialog: how to get the key (steps, the provider's key page, pricing), the masked
 * form with live format feedback, nickname and environment, then Add & Test with live progress.
 */
import { useState, type FormEvent, type ReactElement } from 'react';
import type { Environment } from '../../../../shared/domain';
import type { ProviderDescriptor } from '../../../../shared/providers/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ExternalLink } from '../../components/ExternalLink';
import { Field } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import { withArticle } from '../../lib/words';
import { CheckSteps } from './CheckSteps';
import { KeyFields } from './KeyFields';
import { ResultBanner } from './ResultBanner';
import { useAddAndTest } from './useAddAndTest';
import { LOCKED_REASON, useVaultLock, VaultLockNotice } from './VaultLockNotice';

/** Props of the dialog. */
export interface AddKeyDialogProps {
  readonly provider: ProviderDescriptor | null;
  readonly workspaceId: string;
  readonly onClose: () => void;
}

/** The dialog; its form lives only while open, so typed secrets go when it closes. */
export default function AddKeyDialog({ provider, workspaceId, onClose }: AddKeyDialogProps): ReactElement {
  return (
    <Dialog
      open={provider !== null}
      onOpenChange={(o) => !o && onClose()}
      title={provider ? `Add ${withArticle(provider.name)} key` : 'Add a key'}
      description={provider ? provider.description : undefined}
      width="lg"
    >
      {provider ? <AddKeyBody provider={provider} workspaceId={workspaceId} onClose={onClose} /> : null}
    </Dialog>
  );
}

function AddKeyBody({
  provider: p,
  workspaceId,
  onClose,
}: {
  provider: ProviderDescriptor;
  workspaceId: string;
  onClose: () => void;
}): ReactElement {
  const [values, setValues] = useState<Record<string, string>>({});
  const [nickname, setNickname] = useState('');
  const [environment, setEnvironment] = useState<Environment>('production');
  const run = useAddAndTest();
  const running = run.phase === 'running';
  const succeeded = run.phase === 'done' && run.result !== null && run.result.status !== 'invalid';
  // A locked vault cannot seal the key: no typing a secret that cannot be saved.
  const locked = useVaultLock() !== null;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (locked) return;
    const result = await run.start({ workspaceId, provider: p.id, fields: values, nickname: nickname.trim() || undefined, environment });
    // Once stored and accepted, the typed secret has no reason to stay in this form.
    if (result && result.status !== 'invalid') setValues({});
  };

  return (
    <div className="add-key">
      <aside className="add-key-guide">
        <h3>Get your key</h3>
        <ol className="setup-steps">
          {p.steps.map((s, i) => (
            <li key={s.text}>
              <span className="setup-step-no">{i + 1}</span>
              <span>
                {s.text} {s.url ? <ExternalLink href={s.url}>Open</ExternalLink> : null}
              </span>
            </li>
          ))}
        </ol>
        <ExternalLink href={p.keyUrl} className="key-page-link">
          Open the {p.name} key page
        </ExternalLink>
        <dl className="guide-facts">
          <div>
            <dt>Pricing</dt>
            <dd>{p.pricing}</dd>
          </div>
          <div>
            <dt>Free tier</dt>
            <dd>{p.freeTier ?? 'None'}</dd>
          </div>
          <div>
            <dt>What Switchboard checks</dt>
            <dd>{p.checkSummary}</dd>
          </div>
        </dl>
      </aside>
      <form className="add-key-form" onSubmit={(e) => void submit(e)} aria-label={`${p.name} key`}>
        {succeeded ? null : (
          <>
            <VaultLockNotice />
            <KeyFields
              provider={p}
              values={values}
              onChange={(name, v) => setValues((prev) => ({ ...prev, [name]: v }))}
              disabled={running || locked}
            />
            <Field
              label="Nickname"
              optional
              value={nickname}
              onChange={setNickname}
              placeholder={`${p.name} ${environment}`}
              maxLength={60}
              disabled={running || locked}
              help="How this key is named in lists and the audit log."
            />
            <fieldset className="env-choice" disabled={running || locked || run.credentialId !== null}>
              <legend className="field-label">Environment</legend>
              <Segmented
                label="Environment"
                value={environment}
                onChange={setEnvironment}
                options={[
                  { value: 'production', label: 'Production' },
                  { value: 'test', label: 'Test' },
                ]}
              />
            </fieldset>
          </>
        )}
        {run.steps.length > 0 ? <CheckSteps steps={run.steps} /> : null}
        <ResultBanner run={run} provider={p} />
        <div className="add-key-actions">
          {succeeded ? (
            <Button variant="primary" onClick={onClose} autoFocus>
              Done
            </Button>
          ) : (
            <>
              <Button onClick={onClose} disabled={running}>
                {run.credentialId ? 'Keep it and close' : 'Cancel'}
              </Button>
              <Button
                type="submit"
                variant="primary"
                busy={running}
                icon="check"
                disabled={locked}
                title={locked ? LOCKED_REASON : undefined}
              >
                {run.credentialId ? 'Save & Test again' : 'Add & Test Key'}
              </Button>
            </>
          )}
        </div>
      </form>
    </div>
  );
}
