/**
 * The Rotate dialog: what depends on the key, the new key pasted (public fields kept, every secret
 * typed again), the live check line by line, the switch in one step, then the old key on standby
 * until the operator confirms it was revoked at the provider.
 */
import { lazy, Suspense, useEffect, useState, type FormEvent, type ReactElement } from 'react';
import type { CredentialView } from '../../../../shared/domain';
import type { ErrorInfo } from '../../../../shared/errors';
import { getProvider, validateFields } from '../../../../shared/providers/catalog';
import type { Capability, ProviderDescriptor } from '../../../../shared/providers/types';
import type { DependentsView, RotationResultView } from '../../../../shared/rotation';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { ExternalLink } from '../../components/ExternalLink';
import { Field } from '../../components/Field';
import { errorSentence } from '../../lib/errors';
import { useRotation } from '../../stores/rotation';
import { CheckSteps, type Step } from './CheckSteps';
import { KeyFields } from './KeyFields';
import { LOCKED_REASON, useVaultLock, VaultLockNotice } from './VaultLockNotice';
import './rotate.css';

// The confirmation loads when it is first asked for.
const RevokedConfirm = lazy(() => import('./RevokedConfirm'));

const WORDS: Readonly<Record<Capability, string>> = {
  sms: 'SMS',
  'voice-carrier': 'calls',
  email: 'e-mail',
  llm: 'LLM',
  stt: 'speech-to-text',
  tts: 'text-to-speech',
  payments: 'payments',
  analytics: 'analytics',
  storage: 'storage',
  'error-tracking': 'error tracking',
  'source-control': 'source control',
  media: 'media',
  tunnel: 'tunnel',
};
const VIA = { own: 'its own key', bundled: 'bundled, uses the agency’s key', fallback: 'no key of its own, falls back' } as const;
const LINE_STATE = { pass: 'pass', warn: 'warn', fail: 'fail', skip: 'skip' } as const;

/** Props of the dialog (open while mounted). */
export interface RotateKeyDialogProps {
  readonly cred: CredentialView;
  readonly provider: ProviderDescriptor;
  readonly onClose: () => void;
}

/** "1 workspace, 2 campaigns" — only the kinds there are. */
function movedWords(m: RotationResultView['moved']): string {
  const parts = [
    [m.workspaces, 'workspace'],
    [m.campaigns, 'campaign'],
    [m.workflows, 'workflow rule'],
    [m.agents, 'voice agent'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}${n === 1 ? '' : 's'}`);
  return said.length > 0 ? said.join(', ') : 'nothing yet';
}

/** What moves to the new key, as the resolver sees it now. */
function Dependents({ deps }: { deps: DependentsView | null }): ReactElement {
  if (!deps) return <p className="muted small">Looking up what uses this key…</p>;
  const none = deps.workspaces.length === 0;
  return (
    <div className="rotate-deps" data-testid="rotate-dependents">
      <h3>What switches to the new key</h3>
      {none ? <p className="muted small">Nothing resolves to this key right now; it is switched all the same.</p> : null}
      <ul>
        {deps.workspaces.map((w) => (
          <li key={w.workspaceId}>
            <strong>{w.name}</strong> <span className="muted">({VIA[w.via]})</span> — {w.capabilities.map((c) => WORDS[c]).join(', ')}
          </li>
        ))}
        {deps.campaigns.map((c) => (
          <li key={c.id}>
            Campaign <strong>{c.name}</strong>{' '}
            <span className="muted">
              ({c.channel}, {c.state})
            </span>
          </li>
        ))}
        {deps.workflows.map((w) => (
          <li key={w.id}>
            Post-call {w.channel === 'sms' ? 'SMS' : 'e-mail'} on <strong>{w.outcome.replace(/_/g, ' ')}</strong>{' '}
            <span className="muted">({w.workspaceName})</span>
          </li>
        ))}
        {deps.agents.map((a) => (
          <li key={a.id}>
            Voice agent <strong>{a.name}</strong> <span className="muted">({a.workspaceName})</span>
          </li>
        ))}
      </ul>
      <p className="muted small">Campaigns running now switch between two messages; calls already under way finish on the old key.</p>
    </div>
  );
}

/** Focuses the first secret field: the public ones are filled in already, the secret is what gets pasted. */
function focusSecret(e: Event): void {
  const content = e.currentTarget instanceof HTMLElement ? e.currentTarget : null;
  const field = content?.querySelector<HTMLElement>('.dialog-body input[type="password"]:not([disabled])');
  if (field) {
    e.preventDefault();
    field.focus();
  }
}

/** The dialog. */
export default function RotateKeyDialog({ cred, provider: p, onClose }: RotateKeyDialogProps): ReactElement {
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Rotate ${p.name} key “${cred.nickname}”`}
      description={`Paste the new key: Switchboard checks it live, then switches everything to it at once. The old key waits on standby, unused, until you confirm it was revoked at ${p.name}.`}
      width="lg"
      onOpenAutoFocus={focusSecret}
    >
      <RotateBody cred={cred} provider={p} onClose={onClose} />
    </Dialog>
  );
}

function RotateBody({ cred, provider: p, onClose }: RotateKeyDialogProps): ReactElement {
  // Public fields stay as they are unless changed; secrets are never pre-filled.
  const [values, setValues] = useState<Record<string, string>>(() => ({ ...cred.publicFields }));
  const [nickname, setNickname] = useState('');
  const [deps, setDeps] = useState<DependentsView | null>(null);
  const [steps, setSteps] = useState<Step[]>([]);
  const [phase, setPhase] = useState<'paste' | 'testing' | 'done'>('paste');
  const [result, setResult] = useState<RotationResultView | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [confirming, setConfirming] = useState(false);
  const locked = useVaultLock() !== null;
  const d = getProvider(cred.provider);

  useEffect(() => {
    let live = true;
    void useRotation
      .getState()
      .dependents(cred.id)
      .then((res) => {
        if (live && res.ok) setDeps(res.value);
      });
    return () => {
      live = false;
    };
  }, [cred.id]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (locked || phase === 'testing') return;
    setError(null);
    setResult(null);
    const valid = validateFields(cred.provider, values);
    if (!valid.ok) {
      setSteps([{ label: 'Format', state: 'fail', detail: Object.values(valid.errors)[0] ?? 'A field is not in the expected format.' }]);
      setPhase('done');
      return;
    }
    const format: Step = { label: 'Format', state: 'pass', detail: `Every field looks like a ${d.name} value.` };
    const heard: Step[] = [];
    const pending = (): Step => ({
      label: 'Live check',
      state: 'running',
      detail: heard.length === 0 ? d.checkSummary : 'Checking the rest…',
    });
    setPhase('testing');
    setSteps([format, pending()]);
    const res = await useRotation.getState().rotate(cred.workspaceId, cred.id, valid.fields, nickname.trim() || undefined, (l) => {
      heard.push({ label: l.label, state: LINE_STATE[l.status], detail: l.detail });
      setSteps([format, ...heard, pending()]);
    });
    setPhase('done');
    if (!res.ok) {
      setError(res.error);
      setSteps([format, { label: 'Rotation', state: 'fail', detail: errorSentence(res.error) }]);
      return;
    }
    const lines: Step[] = res.value.check.lines.map((l) => ({ label: l.label, state: LINE_STATE[l.status], detail: l.detail }));
    const sw: Step = res.value.switched
      ? { label: 'Switch', state: 'pass', detail: `Everything that used “${cred.nickname}” now uses the new key.` }
      : { label: 'Switch', state: 'skip', detail: 'Nothing was switched.' };
    setSteps([format, ...lines, sw]);
    setResult(res.value);
    // The typed secret has no reason to stay in the form once switched.
    if (res.value.switched) setValues({});
  };

  const switched = result?.switched === true && result.standby !== null;
  return (
    <div className="add-key rotate-key">
      <aside className="add-key-guide">
        <ol className="setup-steps">
          {[
            `Create a new key at ${p.name} (keep the old one for now).`,
            'Paste it here: it is checked live before anything changes.',
            'Everything switches to it at once; the old key waits on standby.',
            `Revoke the old key at ${p.name}, then confirm here to destroy it.`,
          ].map((text, i) => (
            <li key={text}>
              <span className="setup-step-no">{i + 1}</span>
              <span>{text}</span>
            </li>
          ))}
        </ol>
        <ExternalLink href={p.keyUrl} className="key-page-link">
          Open the {p.name} key page
        </ExternalLink>
        <Dependents deps={deps} />
      </aside>
      <form className="add-key-form" onSubmit={(e) => void submit(e)} aria-label={`New ${p.name} key`}>
        {switched ? null : (
          <>
            <VaultLockNotice />
            <KeyFields
              provider={p}
              values={values}
              hints={cred.hints}
              onChange={(name, v) => setValues((prev) => ({ ...prev, [name]: v }))}
              disabled={phase === 'testing' || locked}
            />
            <Field
              label="Nickname of the new key"
              optional
              value={nickname}
              onChange={setNickname}
              placeholder={cred.nickname}
              maxLength={60}
              disabled={phase === 'testing' || locked}
              help="Keeps the old key’s nickname unless you give another."
            />
          </>
        )}
        {steps.length > 0 ? <CheckSteps steps={steps} /> : null}
        {error ? <ErrorBanner title="Nothing was switched" error={error} /> : null}
        {result && !result.switched ? (
          <div className="banner banner-bad" role="alert" data-testid="rotate-refused">
            <span className="banner-icon banner-glyph" aria-hidden>
              ✕
            </span>
            <p className="banner-text">
              <strong>Not switched. </strong>
              {result.reason}
            </p>
          </div>
        ) : null}
        {switched && result.standby ? (
          <>
            <Notice tone="ok" glyph="●" title={`Switched — the new key is in use`}>
              It now serves {movedWords(result.moved)}. {result.check.summary}
            </Notice>
            <div className="rotate-standby" data-testid="rotate-standby">
              <p>
                <span className="badge badge-outline">Standby</span> <strong>“{result.standby.nickname}”</strong>{' '}
                <span className="mono">{Object.values(result.standby.hints).join(', ')}</span> is kept, and nothing uses it. It still works
                at {p.name} until you revoke it there.
              </p>
              <p className="muted small">
                Revoke it at {p.name} (<ExternalLink href={p.keyUrl}>key page</ExternalLink>), then confirm: Switchboard destroys its
                encrypted copy. You can also confirm later from the key’s row.
              </p>
            </div>
          </>
        ) : null}
        <div className="add-key-actions">
          {switched ? (
            <>
              <Button onClick={onClose}>Later</Button>
              <Button variant="danger" icon="trash" onClick={() => setConfirming(true)}>
                I revoked it at {p.name}
              </Button>
            </>
          ) : (
            <>
              <Button onClick={onClose} disabled={phase === 'testing'}>
                Cancel
              </Button>
              <Button
                type="submit"
                variant="primary"
                icon="key"
                busy={phase === 'testing'}
                disabled={locked}
                title={locked ? LOCKED_REASON : undefined}
              >
                {result || error ? 'Test & switch again' : 'Test & switch'}
              </Button>
            </>
          )}
        </div>
      </form>
      {confirming && result?.standby ? (
        <Suspense fallback={null}>
          <RevokedConfirm
            workspaceId={cred.workspaceId}
            standby={result.standby}
            environment={cred.environment}
            provider={p}
            onOpenChange={setConfirming}
            onDone={onClose}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
