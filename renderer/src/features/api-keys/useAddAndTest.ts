/**
 * Add & Test (and the Messaging tab's Save & Test): check formats here, seal and store in main,
 * then run the live check, showing each step and each of the provider's check lines as it finishes.
 * Re-running updates the same key rather than adding a second one.
 */
import { useCallback, useState } from 'react';
import type { CheckResultView, Environment } from '../../../../shared/domain';
import type { ErrorInfo } from '../../../../shared/errors';
import { getProvider, validateFields } from '../../../../shared/providers/catalog';
import type { ProviderId } from '../../../../shared/providers/types';
import { errorSentence } from '../../lib/errors';
import { useCredentials } from '../../stores/credentials';
import type { Step } from './CheckSteps';

/** What to save. */
export interface SaveRequest {
  readonly workspaceId: string;
  readonly provider: ProviderId;
  readonly fields: Readonly<Record<string, string>>;
  readonly nickname?: string;
  readonly environment?: Environment;
  /** Update this key instead of adding one. */
  readonly existingId?: string | null;
  /** Also make the saved key the one in use (a standby key being brought back). */
  readonly activate?: boolean;
}

/** The state of a run. */
export interface AddAndTest {
  readonly phase: 'idle' | 'running' | 'done';
  readonly steps: readonly Step[];
  readonly result: CheckResultView | null;
  readonly error: ErrorInfo | null;
  /** The key stored by this run (kept so a retry updates it). */
  readonly credentialId: string | null;
  start(req: SaveRequest): Promise<CheckResultView | null>;
  /** Puts a standby key back in use and checks it again, with the same live lines. */
  reuse(id: string, provider: ProviderId): Promise<CheckResultView | null>;
  reset(): void;
}

const LINE_STATE = { pass: 'pass', warn: 'warn', fail: 'fail', skip: 'skip' } as const;

/** The hook behind both Save & Test buttons. */
export function useAddAndTest(): AddAndTest {
  const [phase, setPhase] = useState<AddAndTest['phase']>('idle');
  const [steps, setSteps] = useState<Step[]>([]);
  const [result, setResult] = useState<CheckResultView | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [credentialId, setCredentialId] = useState<string | null>(null);

  const done = useCallback((s: Step[]): void => {
    setSteps(s);
    setPhase('done');
  }, []);

  /** The live check after `before`: the provider's own lines (account, number, domain…) appear one by one as main reports them, the spinner staying on the line still pending. */
  const liveCheck = useCallback(
    async (id: string, provider: ProviderId, before: readonly Step[]): Promise<CheckResultView | null> => {
      const d = getProvider(provider);
      const heard: Step[] = [];
      const pending = (): Step => ({
        label: 'Live check',
        state: 'running',
        detail: heard.length === 0 ? d.checkSummary : 'Checking the rest…',
      });
      setSteps([...before, pending()]);
      const checked = await useCredentials.getState().test(id, (l) => {
        heard.push({ label: l.label, state: LINE_STATE[l.status], detail: l.detail });
        setSteps([...before, ...heard, pending()]);
      });
      if (!checked.ok) {
        setError(checked.error);
        done([...before, { label: 'Live check', state: 'fail', detail: errorSentence(checked.error) }]);
        return null;
      }
      setResult(checked.value);
      done([...before, ...checked.value.lines.map((l) => ({ label: l.label, state: LINE_STATE[l.status], detail: l.detail }))]);
      return checked.value;
    },
    [done],
  );

  const start = useCallback(
    async (req: SaveRequest): Promise<CheckResultView | null> => {
      const d = getProvider(req.provider);
      const { add, update, activate } = useCredentials.getState();
      setPhase('running');
      setResult(null);
      setError(null);
      const valid = validateFields(req.provider, req.fields);
      if (!valid.ok) {
        done([{ label: 'Format', state: 'fail', detail: Object.values(valid.errors)[0] ?? 'A field is not in the expected format.' }]);
        return null;
      }
      const format: Step = { label: 'Format', state: 'pass', detail: `Every field looks like a ${d.name} value.` };
      setSteps([format, { label: 'Encrypt and store', state: 'running', detail: 'Sealing the secret with this workspace’s key…' }]);
      const id = req.existingId ?? credentialId;
      const saved = id
        ? await update(id, { fields: valid.fields, ...(req.nickname !== undefined ? { nickname: req.nickname } : {}) })
        : await add({
            workspaceId: req.workspaceId,
            provider: req.provider,
            fields: valid.fields,
            nickname: req.nickname,
            environment: req.environment,
          });
      if (!saved.ok) {
        setError(saved.error);
        done([format, { label: 'Encrypt and store', state: 'fail', detail: errorSentence(saved.error) }]);
        return null;
      }
      setCredentialId(saved.value.id);
      const stored: Step = {
        label: 'Encrypt and store',
        state: 'pass',
        detail: 'Sealed with AES-256-GCM; only a masked hint leaves the vault.',
      };
      if (req.activate && !saved.value.active) {
        const back = await activate(saved.value.id);
        if (!back.ok) {
          setError(back.error);
          done([format, stored, { label: 'Back in use', state: 'fail', detail: errorSentence(back.error) }]);
          return null;
        }
      }
      return liveCheck(saved.value.id, req.provider, [format, stored]);
    },
    [credentialId, done, liveCheck],
  );

  const reuse = useCallback(
    async (id: string, provider: ProviderId): Promise<CheckResultView | null> => {
      setPhase('running');
      setResult(null);
      setError(null);
      setCredentialId(id);
      setSteps([{ label: 'Back in use', state: 'running', detail: 'Making the kept key the one in use…' }]);
      const back = await useCredentials.getState().activate(id);
      if (!back.ok) {
        setError(back.error);
        done([{ label: 'Back in use', state: 'fail', detail: errorSentence(back.error) }]);
        return null;
      }
      return liveCheck(id, provider, [{ label: 'Back in use', state: 'pass', detail: 'The kept key is the one in use again.' }]);
    },
    [done, liveCheck],
  );

  const reset = useCallback(() => {
    setPhase('idle');
    setSteps([]);
    setResult(null);
    setError(null);
  }, []);

  return { phase, steps, result, error, credentialId, start, reuse, reset };
}
