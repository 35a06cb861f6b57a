/**
 * Add & Test (and the Messaging tab's Save & Test): check formats here, seal and store in main,
 * then run the live check, showing each step as it finishes. Re-running updates the same key
 * rather than adding a second one.
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

  const start = useCallback(
    async (req: SaveRequest): Promise<CheckResultView | null> => {
      const d = getProvider(req.provider);
      const { add, update, test } = useCredentials.getState();
      setPhase('running');
      setResult(null);
      setError(null);
      const done = (s: Step[]): void => {
        setSteps(s);
        setPhase('done');
      };
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
        : await add({ workspaceId: req.workspaceId, provider: req.provider, fields: valid.fields, nickname: req.nickname, environment: req.environment });
      if (!saved.ok) {
        setError(saved.error);
        done([format, { label: 'Encrypt and store', state: 'fail', detail: errorSentence(saved.error) }]);
        return null;
      }
      setCredentialId(saved.value.id);
      const stored: Step = { label: 'Encrypt and store', state: 'pass', detail: 'Sealed with AES-256-GCM; only a masked hint leaves the vault.' };
      setSteps([format, stored, { label: `Live check`, state: 'running', detail: d.checkSummary }]);
      const checked = await test(saved.value.id);
      if (!checked.ok) {
        setError(checked.error);
        done([format, stored, { label: 'Live check', state: 'fail', detail: errorSentence(checked.error) }]);
        return null;
      }
      setResult(checked.value);
      done([format, stored, ...checked.value.lines.map((l) => ({ label: l.label, state: LINE_STATE[l.status], detail: l.detail }))]);
      return checked.value;
    },
    [credentialId],
  );

  const reset = useCallback(() => {
    setPhase('idle');
    setSteps([]);
    setResult(null);
    setError(null);
  }, []);

  return { phase, steps, result, error, credentialId, start, reset };
}
