/** A stored messaging key, read-only: public fields, masked secrets, the last check; Test Connection and Update. */
import type { ReactElement } from 'react';
import type { CredentialView } from '../../../../shared/domain';
import { getProvider } from '../../../../shared/providers/catalog';
import { Button } from '../../components/Button';
import { errorSentence } from '../../lib/errors';
import { useCredentials } from '../../stores/credentials';
import { toast } from '../../stores/toasts';
import { CheckSteps } from '../api-keys/CheckSteps';
import { ResultBanner } from '../api-keys/ResultBanner';
import type { AddAndTest } from '../api-keys/useAddAndTest';
import { DomainWarning } from './DomainWarning';
import { KeyFacts } from './KeyFacts';

/** Props of the summary. */
export interface ServiceSummaryProps {
  readonly kind: 'sms' | 'email';
  readonly cred: CredentialView;
  /** The last Save & Test of this section, if it ran in this session. */
  readonly run: AddAndTest;
  readonly onEdit: () => void;
}

/** The summary. */
export function ServiceSummary({ kind, cred, run, onEdit }: ServiceSummaryProps): ReactElement {
  const d = getProvider(cred.provider);
  const checking = useCredentials((s) => Boolean(s.checking[cred.id]));
  const lastCheck = useCredentials((s) => s.lastCheck[cred.id]);
  const test = async (): Promise<void> => {
    run.reset();
    const res = await useCredentials.getState().test(cred.id);
    if (!res.ok) toast.error('Connection not tested', errorSentence(res.error));
    else if (res.value.status === 'valid') toast.success(`${d.name}: connection works`, res.value.summary);
    else toast.error(`${d.name}: ${res.value.status === 'unreachable' ? 'not reachable' : 'needs attention'}`, res.value.summary);
  };
  const steps =
    run.phase !== 'idle' ? run.steps : lastCheck ? lastCheck.lines.map((l) => ({ label: l.label, state: l.status, detail: l.detail })) : [];
  return (
    <div className="service-summary">
      <KeyFacts cred={cred} />
      {kind === 'email' && cred.status === 'warning' ? <DomainWarning cred={cred} /> : null}
      {kind === 'sms' && cred.status !== 'valid' && cred.lastCheckSummary && run.phase === 'idle' ? (
        <p className={`key-summary is-${cred.status}`}>{cred.lastCheckSummary}</p>
      ) : null}
      {steps.length > 0 ? <CheckSteps steps={steps} /> : null}
      <ResultBanner run={run} provider={d} />
      <div className="service-actions">
        <Button busy={checking} icon="refresh" onClick={() => void test()}>
          Test Connection
        </Button>
        <Button variant="ghost" icon="edit" onClick={onEdit}>
          Update credentials
        </Button>
      </div>
    </div>
  );
}
