/** A provider's input fields with live format feedback; secrets are masked and never pre-filled. */
import type { ReactElement } from 'react';
import { checkFieldFormat } from '../../../../shared/providers/catalog';
import type { FieldDescriptor, ProviderDescriptor } from '../../../../shared/providers/types';
import { Field } from '../../components/Field';
import { withArticle } from '../../lib/words';
import './check-steps.css';

/** Props of the field set. */
export interface KeyFieldsProps {
  readonly provider: ProviderDescriptor;
  readonly values: Readonly<Record<string, string>>;
  readonly onChange: (name: string, value: string) => void;
  /** Masked hints of the stored secrets, shown as placeholders when re-entering. */
  readonly hints?: Readonly<Record<string, string>>;
  readonly disabled?: boolean;
  /** Only these fields (default: all). */
  readonly only?: readonly string[];
}

function placeholderOf(f: FieldDescriptor, hint: string | undefined): string {
  if (f.secret && hint) return `${hint} — type a new value to replace it`;
  return f.example;
}

/** One input per field; a choice field becomes a select. */
export function KeyFields({ provider, values, onChange, hints, disabled, only }: KeyFieldsProps): ReactElement {
  const fields = only ? provider.fields.filter((f) => only.includes(f.name)) : provider.fields;
  return (
    <div className="key-fields-form">
      {fields.map((f) => {
        const value = values[f.name] ?? '';
        if (f.choices) {
          return (
            <div className="field" key={f.name}>
              <label className="field-label" htmlFor={`field-${provider.id}-${f.name}`}>
                {f.label}
                {f.required ? null : <span className="field-optional">optional</span>}
              </label>
              <select
                id={`field-${provider.id}-${f.name}`}
                className="select"
                value={value}
                disabled={disabled}
                onChange={(e) => onChange(f.name, e.target.value)}
              >
                <option value="">Default</option>
                {f.choices.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <p className="field-help">{f.help}</p>
            </div>
          );
        }
        return (
          <Field
            key={f.name}
            label={f.label}
            value={value}
            onChange={(v) => onChange(f.name, v)}
            secret={f.secret}
            optional={!f.required}
            placeholder={placeholderOf(f, hints?.[f.name])}
            problem={checkFieldFormat(provider, f.name, value)}
            okText={`Looks like ${withArticle(provider.name)} ${f.label}`}
            help={f.help}
            disabled={disabled}
            name={`${provider.id}-${f.name}`}
            data-field={f.name}
          />
        );
      })}
    </div>
  );
}
