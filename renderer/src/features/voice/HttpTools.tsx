/**
 * An agent's HTTP tools: what the model reads (name, description, JSON-schema parameters), the https
 * URL the operator fixes, an optional secret header whose value is typed once here, sealed in main
 * like any key and never shown again, and a timeout; added and removed here.
 */
import { useState, type ReactElement } from 'react';
import type { AgentToolView, TOOL_TIMEOUT_MS } from '../../../../shared/agent-tools';
import { Button, IconButton } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, TextAreaField } from '../../components/Field';
import type { ErrorInfo } from '../../lib/api';
import { errorSentence } from '../../lib/errors';
import { useAgentExtras } from '../../stores/agent-extras';
import { toast } from '../../stores/toasts';

/** The contract's timeout bounds; typed by its literal values, so a change there fails the type check here. */
const TIMEOUT: typeof TOOL_TIMEOUT_MS = { min: 500, max: 10_000, default: 5_000 };
const NO_INPUT = '{\n  "type": "object",\n  "properties": {}\n}';
const BLANK = {
  name: '',
  description: '',
  url: '',
  parameters: NO_INPUT,
  secretHeader: '',
  secretValue: '',
  timeout: String(TIMEOUT.default),
};

/** Where a tool posts, without its query: host and path. */
const where = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
};

/** The parameters text as a JSON object, or why not. */
function parametersOf(text: string): { value: Record<string, unknown> } | { problem: string } {
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      return { problem: 'The parameters must be a JSON schema of type "object".' };
    return { value: json as Record<string, unknown> };
  } catch {
    return { problem: 'The parameters are not JSON yet.' };
  }
}

/** The section: the tools, then the form that adds one. */
export function HttpTools({
  workspaceId,
  agentId,
  tools,
}: {
  workspaceId: string;
  agentId: string;
  tools: readonly AgentToolView[];
}): ReactElement {
  const [form, setForm] = useState(BLANK);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const parameters = parametersOf(form.parameters);
  const timeoutMs = Number(form.timeout);
  const timeoutProblem =
    Number.isInteger(timeoutMs) && timeoutMs >= TIMEOUT.min && timeoutMs <= TIMEOUT.max
      ? null
      : `A timeout is ${TIMEOUT.min} to ${TIMEOUT.max} milliseconds: the caller waits on the line.`;
  const headerWithoutValue = form.secretHeader.trim() !== '' && form.secretValue === '';
  const ready =
    form.name.trim() !== '' &&
    form.description.trim() !== '' &&
    form.url.trim() !== '' &&
    'value' in parameters &&
    !timeoutProblem &&
    !headerWithoutValue;

  const add = async (): Promise<void> => {
    if (!('value' in parameters)) return;
    setBusy(true);
    setError(null);
    const header = form.secretHeader.trim();
    const res = await useAgentExtras.getState().addTool(
      workspaceId,
      agentId,
      {
        name: form.name,
        description: form.description,
        url: form.url,
        parametersJson: JSON.stringify(parameters.value),
        ...(header ? { secretHeader: header } : {}),
        timeoutMs,
      },
      header ? form.secretValue : null,
    );
    setBusy(false);
    // The secret leaves the form either way: sealed in main, or to be typed again.
    setForm((f) => ({ ...f, secretValue: '' }));
    if (!res.ok) return setError(res.error);
    toast.success(`Added tool “${res.value.name}”`);
    setForm(BLANK);
  };
  const remove = async (t: AgentToolView): Promise<void> => {
    const res = await useAgentExtras.getState().removeTool(workspaceId, agentId, t.id);
    if (res.ok) toast.success(`Removed tool “${t.name}”`);
    else toast.error('Not removed', errorSentence(res.error));
  };

  return (
    <section className="extras-section" aria-label="HTTP tools">
      <h3 className="extras-title">HTTP tools</h3>
      <p className="field-help">
        During a call the agent may call these, on a confirmed turn only, at most five times a call. The model fills the parameters; the URL
        and the secret header are yours and never reach it. Only public https addresses are called.
      </p>
      {tools.length === 0 ? (
        <p className="extras-empty muted small">No HTTP tools yet.</p>
      ) : (
        <ul className="extras-list" data-testid="http-tools">
          {tools.map((t) => (
            <li key={t.id} className="extras-item" data-testid={`tool-${t.name}`}>
              <div className="extras-item-main">
                <span className="extras-item-head">
                  <strong className="mono">{t.name}</strong>
                  <span className="mono small muted">{where(t.url)}</span>
                  <span className="badge badge-outline">{t.timeoutMs} ms</span>
                  {t.secretHeader ? (
                    <span className="badge badge-ok" title="Its value is sealed like a key and cannot be shown.">
                      <span aria-hidden>●</span> {t.secretHeader} sealed
                    </span>
                  ) : null}
                </span>
                <span className="extras-item-text muted small">{t.description}</span>
              </div>
              <IconButton icon="trash" label={`Remove ${t.name}`} onClick={() => void remove(t)} />
            </li>
          ))}
        </ul>
      )}
      {error ? <ErrorBanner title="Tool not added" error={error} onDismiss={() => setError(null)} /> : null}
      <div className="extras-form">
        <div className="extras-form-row">
          <Field label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} maxLength={64} placeholder="order_status" />
          <Field
            label="URL"
            value={form.url}
            onChange={(url) => setForm({ ...form, url })}
            maxLength={2000}
            placeholder="https://api.example.com/orders"
          />
        </div>
        <TextAreaField
          label="Description"
          rows={2}
          maxLength={1000}
          value={form.description}
          onChange={(description) => setForm({ ...form, description })}
          placeholder="Look up where a customer’s order is. Call it when the caller gives an order number."
        />
        <TextAreaField
          label="Parameters (JSON schema)"
          mono
          rows={4}
          value={form.parameters}
          onChange={(text) => setForm({ ...form, parameters: text })}
          problem={'problem' in parameters ? parameters.problem : null}
        />
        <div className="extras-form-row extras-form-row-3">
          <Field
            label="Secret header"
            optional
            value={form.secretHeader}
            onChange={(secretHeader) => setForm({ ...form, secretHeader })}
            maxLength={64}
            placeholder="Authorization"
          />
          <Field
            label="Its value"
            secret
            value={form.secretValue}
            onChange={(secretValue) => setForm({ ...form, secretValue })}
            disabled={form.secretHeader.trim() === ''}
            help="Sealed like a key; it cannot be shown again."
          />
          <Field
            label="Timeout (ms)"
            value={form.timeout}
            onChange={(timeout) => setForm({ ...form, timeout })}
            inputMode="numeric"
            maxLength={5}
            problem={timeoutProblem}
          />
        </div>
        <div className="extras-form-foot">
          <span />
          <Button variant="primary" icon="plus" busy={busy} disabled={!ready} onClick={() => void add()}>
            Add tool
          </Button>
        </div>
      </div>
    </section>
  );
}
