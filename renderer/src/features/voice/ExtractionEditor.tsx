/**
 * The agent editor's "Results from each call": whether Claude fills a schema after each answered
 * call, and its fields — a snake_case name, a type (enum with its values), whether the call must
 * settle it, and what to look for. The summary is always written. Problems are shown as the operator
 * types; the core checks again and answers with its own sentence.
 */
import type { ReactElement } from 'react';
import {
  EXTRACTION_FIELD_TYPES,
  FIELD_NAME_PATTERN,
  MAX_EXTRACTION_FIELDS,
  RESERVED_FIELD_NAMES,
  type ExtractionField,
  type ExtractionFieldType,
  type ExtractionSchemaView,
} from '../../../../shared/extraction';
import { Button, IconButton } from '../../components/Button';
import { Switch } from '../../components/Switch';

/** One field as typed: enum values as `high|medium|low`. */
export interface DraftField {
  readonly key: number;
  readonly name: string;
  readonly type: ExtractionFieldType;
  readonly description: string;
  readonly required: boolean;
  readonly values: string;
}

/** The section's state: off (the agent extracts nothing), or on with its fields. */
export interface ExtractionDraft {
  readonly on: boolean;
  readonly fields: readonly DraftField[];
}

const TYPE_LABEL: Readonly<Record<ExtractionFieldType, string>> = {
  string: 'Text',
  number: 'Number',
  boolean: 'Yes / no',
  enum: 'One of…',
  datetime: 'Date and time',
};

let nextKey = 1;
const blankField = (): DraftField => ({ key: nextKey++, name: '', type: 'string', description: '', required: false, values: '' });

/** The draft of a stored schema (off when there is none). */
export function draftOf(view: ExtractionSchemaView | null): ExtractionDraft {
  if (!view) return { on: false, fields: [] };
  return {
    on: true,
    fields: view.fields.map((f) => ({ ...f, key: nextKey++, values: (f.values ?? []).join('|') })),
  };
}

/** The fields to save, or null when extraction is off. */
export function fieldsOf(d: ExtractionDraft): ExtractionField[] | null {
  if (!d.on) return null;
  return d.fields.map((f) => ({
    name: f.name.trim(),
    type: f.type,
    description: f.description.trim(),
    required: f.required,
    ...(f.type === 'enum' ? { values: f.values.split('|').map((v) => v.trim()) } : {}),
  }));
}

/** Whether two drafts save the same thing. */
export function sameDraft(a: ExtractionDraft, b: ExtractionDraft): boolean {
  return JSON.stringify(fieldsOf(a)) === JSON.stringify(fieldsOf(b));
}

/** What is wrong with a field as typed, or null. */
function fieldProblem(f: DraftField, all: readonly DraftField[]): string | null {
  const name = f.name.trim();
  if (name === '') return 'Name the field, like appointment_time.';
  if (!FIELD_NAME_PATTERN.test(name)) return 'A field name is snake_case: lowercase letters, digits and underscores.';
  if (RESERVED_FIELD_NAMES.includes(name)) return `${name} is taken: every call or template already has it.`;
  if (all.filter((o) => o.name.trim() === name).length > 1) return 'Two fields have this name.';
  if (f.description.trim() === '') return 'Say what to look for: Claude reads the description.';
  if (f.type === 'enum' && f.values.split('|').filter((v) => v.trim()).length < 2) return 'List at least two values, like high|medium|low.';
  return null;
}

/** The first problem of the draft, or null. */
export function draftProblem(d: ExtractionDraft): string | null {
  if (!d.on) return null;
  for (const f of d.fields) {
    const p = fieldProblem(f, d.fields);
    if (p) return p;
  }
  return null;
}

/** The section. */
export function ExtractionEditor({ draft, onChange }: { draft: ExtractionDraft; onChange: (d: ExtractionDraft) => void }): ReactElement {
  const edit = (key: number, patch: Partial<DraftField>): void =>
    onChange({ ...draft, fields: draft.fields.map((f) => (f.key === key ? { ...f, ...patch } : f)) });
  return (
    <div className="field extraction-editor">
      <Switch
        checked={draft.on}
        onCheckedChange={(on) => onChange({ on, fields: on && draft.fields.length === 0 ? [blankField()] : draft.fields })}
        label="Results from each call"
        description="After each answered call, Claude writes a short summary and fills these fields from the transcript, with this workspace’s Anthropic key. They are sealed with the call and go into the campaign’s CSV and post-call messages ({{summary}}, {{your_field}})."
      />
      {draft.on ? (
        <>
          <ul className="extraction-fields" aria-label="Fields to extract">
            {draft.fields.map((f, i) => {
              const problem = fieldProblem(f, draft.fields);
              return (
                <li key={f.key} className="extraction-field">
                  <input
                    className="input mono"
                    aria-label={`Field ${i + 1} name`}
                    placeholder="appointment_time"
                    maxLength={40}
                    value={f.name}
                    onChange={(e) => edit(f.key, { name: e.target.value })}
                  />
                  <select
                    className="select"
                    aria-label={`Field ${i + 1} type`}
                    value={f.type}
                    onChange={(e) => edit(f.key, { type: e.target.value as ExtractionFieldType })}
                  >
                    {EXTRACTION_FIELD_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {TYPE_LABEL[t]}
                      </option>
                    ))}
                  </select>
                  <label className="extraction-required">
                    <input type="checkbox" checked={f.required} onChange={(e) => edit(f.key, { required: e.target.checked })} /> Required
                  </label>
                  <IconButton
                    icon="trash"
                    label={`Remove field ${i + 1}`}
                    onClick={() => onChange({ ...draft, fields: draft.fields.filter((o) => o.key !== f.key) })}
                  />
                  <input
                    className="input extraction-description"
                    aria-label={`Field ${i + 1} description`}
                    placeholder="What to look for, e.g. when the visit is booked"
                    maxLength={300}
                    value={f.description}
                    onChange={(e) => edit(f.key, { description: e.target.value })}
                  />
                  {f.type === 'enum' ? (
                    <input
                      className="input extraction-values"
                      aria-label={`Field ${i + 1} values`}
                      placeholder="high|medium|low"
                      value={f.values}
                      onChange={(e) => edit(f.key, { values: e.target.value })}
                    />
                  ) : null}
                  {problem && (f.name !== '' || f.description !== '') ? (
                    <p className="field-feedback is-bad extraction-problem" role="alert">
                      <span aria-hidden>✕</span> {problem}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <div>
            <Button
              size="sm"
              icon="plus"
              disabled={draft.fields.length >= MAX_EXTRACTION_FIELDS}
              onClick={() => onChange({ ...draft, fields: [...draft.fields, blankField()] })}
            >
              Add field
            </Button>
          </div>
          <p className="field-help">
            A call that leaves a required field unsettled is recorded as not extracted, with the reason. Changing the fields does not change
            past calls until you extract them again from their record.
          </p>
        </>
      ) : null}
    </div>
  );
}
