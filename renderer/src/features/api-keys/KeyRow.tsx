/**
 * One stored key: masked hint, status, environment, usage, last test, age; Reveal (audited, hides
 * after 30 s), Copy (main writes and clears the clipboard), Test, Rotate and Remove (asks once,
 * naming the loss). A key in use for 90 days says so calmly; a key rotated out waits on standby
 * until the operator confirms it was revoked at the provider.
 */
import { lazy, Suspense, useEffect, useState, type ReactElement } from 'react';
import type { CredentialView } from '../../../../shared/domain';
import type { ProviderDescriptor } from '../../../../shared/providers/types';
import { Button, IconButton } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Status } from '../../components/Status';
import { errorSentence } from '../../lib/errors';
import { count } from '../../lib/numbers';
import { fullTime, shortDate, timeAgo } from '../../lib/time';
import { useCredentials } from '../../stores/credentials';
import { useRotation } from '../../stores/rotation';
import { toast } from '../../stores/toasts';
import './rotate.css';

const REVEAL_MS = 30_000;
// Loaded on first use: a dashboard of forty keys renders without any dialog code.
const RemoveKeyConfirm = lazy(() => import('./RemoveKeyConfirm'));
const RotateKeyDialog = lazy(() => import('./RotateKeyDialog'));
const RevokedConfirm = lazy(() => import('./RevokedConfirm'));

/** When a reveal starting now hides itself. */
function revealDeadline(): number {
  return Date.now() + REVEAL_MS;
}

/** Plaintext shown after Reveal, and the second it hides itself. */
interface Revealed {
  readonly fields: Readonly<Record<string, string>>;
  readonly until: number;
}

/** Hides a reveal after 30 s and ticks the countdown once a second. */
function useReveal(): [Revealed | null, (r: Revealed | null) => void, number] {
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!revealed) return;
    const tick = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= revealed.until) setRevealed(null);
    }, 1000);
    return () => clearInterval(tick);
  }, [revealed]);
  return [revealed, setRevealed, revealed ? Math.max(0, Math.ceil((revealed.until - now) / 1000)) : 0];
}

/** A key row inside its provider's card. */
export function KeyRow({ cred, provider }: { cred: CredentialView; provider: ProviderDescriptor }): ReactElement {
  const checking = useCredentials((s) => Boolean(s.checking[cred.id]));
  const { reveal, copy, test, remove } = useCredentials.getState();
  const [revealed, setRevealed, secondsLeft] = useReveal();
  const [confirming, setConfirming] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [revoked, setRevoked] = useState(false);
  const age = useRotation((s) => s.ages[cred.id]);
  const standby = age?.standby === true;
  // The rotation that put this key on standby is told by the key that replaced it.
  const rotatedOut = useRotation((s) =>
    standby ? (Object.values(s.ages).find((a) => a.replaces?.credentialId === cred.id)?.replaces ?? null) : null,
  );
  const [busy, setBusy] = useState<'reveal' | 'copy' | null>(null);
  const secretFields = provider.fields.filter((f) => f.secret);
  const primary = secretFields[0];
  const publicShown = provider.fields.filter((f) => !f.secret && cred.publicFields[f.name]);
  // Forty rows of "Reveal" buttons are told apart by the key they act on.
  const which = `${provider.name} key “${cred.nickname}”`;

  const onReveal = async (): Promise<void> => {
    if (revealed) {
      setRevealed(null);
      return;
    }
    setBusy('reveal');
    const res = await reveal(cred.id);
    setBusy(null);
    if (res.ok) setRevealed({ fields: res.value, until: revealDeadline() });
    else toast.error('Key not revealed', errorSentence(res.error));
  };
  const onCopy = async (): Promise<void> => {
    if (!primary) return;
    setBusy('copy');
    const res = await copy(cred.id, primary.name);
    setBusy(null);
    if (res.ok)
      toast.success(`Copied the ${primary.label}`, `It is cleared from the clipboard in ${Math.round(res.value.clearsInMs / 1000)} s.`);
    else toast.error(`${primary.label} not copied`, errorSentence(res.error));
  };
  const onTest = async (): Promise<void> => {
    const res = await test(cred.id);
    if (!res.ok) toast.error('Check did not run', errorSentence(res.error));
    else if (res.value.status === 'valid') toast.success(`${provider.name}: key works`, res.value.summary);
    else
      toast.error(
        `${provider.name}: ${res.value.status === 'unreachable' ? 'not reachable' : res.value.status === 'warning' ? 'works with a warning' : 'key rejected'}`,
        res.value.summary,
      );
  };
  const onRemove = async (): Promise<boolean> => {
    const res = await remove(cred.id);
    if (res.ok) toast.success(`Deleted “${cred.nickname}”`, 'Its encrypted secret is gone; the audit log keeps the record.');
    else toast.error('Key not deleted', errorSentence(res.error));
    return res.ok;
  };

  return (
    <li
      className={`key-row${cred.active ? '' : ' is-inactive'}${standby ? ' is-standby' : ''}`}
      data-testid="key-row"
      data-credential={cred.id}
    >
      <div className="key-head">
        <span className={`badge ${cred.environment === 'production' ? 'badge-accent' : 'badge-outline'}`}>
          {cred.environment === 'production' ? 'Production' : 'Test'}
        </span>
        {/* The Standby badge flows with the nickname, so a long name wraps around it instead of squeezing into a column. */}
        <span className="key-name">
          {cred.nickname}
          {/* A plain space rather than a margin: it vanishes when the badge starts a new line. */}
          {!cred.active ? (
            <>
              {' '}
              <span className="badge badge-outline key-standby">{standby ? 'Standby · rotated out' : 'Standby'}</span>
            </>
          ) : null}
        </span>
        <span className="key-status">
          <Status kind={checking ? 'checking' : cred.status} />
        </span>
      </div>
      <dl className="key-fields">
        {secretFields.map((f) => (
          <div key={f.name} className="key-field">
            <dt>{f.label}</dt>
            <dd
              className={`mono${revealed ? ' is-revealed' : ''}`}
              data-testid={revealed ? 'revealed-value' : 'hint'}
              title={revealed ? undefined : cred.hints[f.name]}
            >
              {revealed ? (revealed.fields[f.name] ?? '—') : (cred.hints[f.name] ?? '—')}
            </dd>
          </div>
        ))}
        {publicShown.map((f) => (
          <div key={f.name} className="key-field">
            <dt>{f.label}</dt>
            <dd className="mono" title={cred.publicFields[f.name]}>
              {cred.publicFields[f.name]}
            </dd>
          </div>
        ))}
      </dl>
      {cred.lastCheckSummary && cred.status !== 'valid' ? <p className={`key-summary is-${cred.status}`}>{cred.lastCheckSummary}</p> : null}
      {age?.rotationDue ? (
        <p className="key-note" data-testid="rotation-due">
          <Icon name="clock" size={14} />
          <span className="key-note-text">In use for {age.ageDays} days. Rotating keys every 90 days limits what a leaked one can do.</span>
          <Button size="sm" icon="key" onClick={() => setRotating(true)} aria-label={`Rotate ${which}`}>
            Rotate
          </Button>
        </p>
      ) : null}
      {standby && rotatedOut ? (
        <p className="key-note" data-testid="standby-note">
          <Icon name="lock" size={14} />
          <span className="key-note-text">
            Rotated out {shortDate(rotatedOut.switchedAt)}: kept, and nothing uses it. It still works at {provider.name} until you revoke it
            there.
          </span>
          <Button size="sm" variant="danger" onClick={() => setRevoked(true)} aria-label={`I revoked ${which} at ${provider.name}`}>
            I revoked it at {provider.name}
          </Button>
        </p>
      ) : null}
      <div className="key-foot">
        <span className="faint small" title={cred.lastTestedAt ? fullTime(cred.lastTestedAt) : undefined}>
          {revealed ? <span className="reveal-timer">Visible for {secondsLeft} s · </span> : null}
          Tested {timeAgo(cred.lastTestedAt)} · {count(cred.usageCount)} {cred.usageCount === 1 ? 'call' : 'calls'}
          {age ? (
            <span title={`Stored ${shortDate(cred.createdAt)}`}>
              {' '}
              · {age.ageDays === 0 ? 'added today' : `${age.ageDays} ${age.ageDays === 1 ? 'day' : 'days'} old`}
            </span>
          ) : null}
        </span>
        <span className="key-actions">
          <IconButton
            icon={revealed ? 'eyeOff' : 'eye'}
            label={`${revealed ? 'Hide' : 'Reveal'} ${which}`}
            title={revealed ? 'Hide' : 'Reveal'}
            busy={busy === 'reveal'}
            onClick={() => void onReveal()}
          />
          {primary ? (
            <IconButton
              icon="copy"
              label={`Copy ${primary.label} of ${which}`}
              title={`Copy ${primary.label}`}
              busy={busy === 'copy'}
              onClick={() => void onCopy()}
            />
          ) : null}
          <IconButton icon="refresh" label={`Test ${which}`} title="Test now" disabled={checking} onClick={() => void onTest()} />
          {cred.active && !standby ? (
            <IconButton icon="key" label={`Rotate ${which}`} title="Rotate" onClick={() => setRotating(true)} />
          ) : null}
          <IconButton icon="trash" label={`Remove ${which}`} title="Remove" onClick={() => setConfirming(true)} />
        </span>
      </div>
      {/* Mounted only while asked: forty idle dialogs would slow the first render of a full dashboard. */}
      {confirming ? (
        <Suspense fallback={null}>
          <RemoveKeyConfirm cred={cred} provider={provider} onOpenChange={setConfirming} onConfirm={onRemove} />
        </Suspense>
      ) : null}
      {rotating ? (
        <Suspense fallback={null}>
          <RotateKeyDialog cred={cred} provider={provider} onClose={() => setRotating(false)} />
        </Suspense>
      ) : null}
      {revoked && rotatedOut ? (
        <Suspense fallback={null}>
          <RevokedConfirm
            workspaceId={cred.workspaceId}
            standby={rotatedOut}
            environment={cred.environment}
            provider={provider}
            onOpenChange={setRevoked}
          />
        </Suspense>
      ) : null}
    </li>
  );
}
