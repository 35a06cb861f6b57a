/** A .env preview: per provider the fields found (masked), the format verdict and what is missing; then the lines not stored. */
import type { ReactElement } from 'react';
import { ProviderMark } from '../../components/ProviderMark';
import { Status } from '../../components/Status';
import type { EnvPreview } from '../../stores/transfer';

type Credential = EnvPreview['credentials'][number];

const VERDICT: Readonly<Record<Credential['verdict'], { kind: 'valid' | 'warning' | 'invalid'; word: string }>> = {
  ready: { kind: 'valid', word: 'Ready' },
  incomplete: { kind: 'warning', word: 'Incomplete' },
  invalid: { kind: 'invalid', word: 'Wrong format' },
};

const REASON: Readonly<Record<EnvPreview['skipped'][number]['reason'], string>> = {
  unknown: 'Unknown',
  'not-used': 'Not needed',
  duplicate: 'Duplicate',
  empty: 'Empty',
  'not-a-variable': 'Not a variable',
};

/** Props of the table; `chosen` and `onToggle` make ready rows choosable. */
export interface EnvPreviewTableProps {
  readonly preview: EnvPreview;
  readonly chosen?: ReadonlySet<string>;
  readonly onToggle?: (provider: Credential['provider'], on: boolean) => void;
}

/** The table and the list of lines left out. */
export function EnvPreviewTable({ preview, chosen, onToggle }: EnvPreviewTableProps): ReactElement {
  return (
    <div className="env-preview">
      <table className="table env-table" data-testid="env-preview">
        <thead>
          <tr>
            {onToggle ? <th className="env-pick" aria-label="Store" /> : null}
            <th>Provider</th>
            <th>Fields found</th>
            <th>Format</th>
          </tr>
        </thead>
        <tbody>
          {preview.credentials.map((c) => {
            const v = VERDICT[c.verdict];
            return (
              <tr key={c.provider} data-provider={c.provider} className={c.verdict === 'ready' ? undefined : 'is-muted'}>
                {onToggle ? (
                  <td className="env-pick">
                    <input
                      type="checkbox"
                      aria-label={`Store the ${c.providerName} key`}
                      checked={chosen?.has(c.provider) ?? false}
                      disabled={c.verdict !== 'ready'}
                      onChange={(e) => onToggle(c.provider, e.target.checked)}
                    />
                  </td>
                ) : null}
                <td>
                  <div className="env-provider">
                    <ProviderMark provider={{ id: c.provider, name: c.providerName }} size="sm" />
                    <span>
                      <strong>{c.providerName}</strong>
                      <span className="faint"> · {c.environment}</span>
                    </span>
                  </div>
                </td>
                <td>
                  <ul className="env-fields">
                    {c.fields.map((f) => (
                      <li key={f.field}>
                        <span className={f.problem ? 'env-bad' : 'env-ok'} aria-hidden>
                          {f.problem ? '✕' : '✓'}
                        </span>{' '}
                        {f.label}{' '}
                        <span className="faint">
                          ← {f.variable}, line {f.line}
                        </span>{' '}
                        <code className="mono">{f.hint}</code>
                        {f.public ? <span className="badge badge-warn">public prefix</span> : null}
                        {f.problem ? <div className="env-problem">{f.problem}</div> : null}
                      </li>
                    ))}
                  </ul>
                  {c.missing.length > 0 ? <p className="env-missing">Missing: {c.missing.join(', ')}</p> : null}
                  {c.warnings.map((w) => (
                    <p key={w} className="env-warning">
                      <span aria-hidden>▲</span> {w}
                    </p>
                  ))}
                </td>
                <td>
                  <Status kind={v.kind} word={v.word} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {preview.credentials.length === 0 ? <p className="muted">No provider keys were found in this file.</p> : null}
      {preview.skipped.length > 0 ? (
        <details className="env-skipped">
          <summary>
            {preview.skipped.length} line{preview.skipped.length === 1 ? '' : 's'} not stored
          </summary>
          <ul>
            {preview.skipped.map((s) => (
              <li key={`${s.line}-${s.reason}`}>
                <span className="faint">Line {s.line}</span> {s.name ? <code className="mono">{s.name}</code> : null}{' '}
                <span className="badge badge-outline">{REASON[s.reason]}</span> <span className="muted">{s.note}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
