/** Labelled form fields with help text and live format feedback. */
import { useId, type InputHTMLAttributes, type ReactElement, type ReactNode, type TextareaHTMLAttributes } from 'react';

/** Props of a text field. */
export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly help?: ReactNode;
  /** A sentence shown under the field in red when the value is wrong. */
  readonly problem?: string | null;
  /** Shown in green when the value is filled and fine. */
  readonly okText?: string;
  readonly optional?: boolean;
  /** Password-style masking for secrets. */
  readonly secret?: boolean;
  readonly trailing?: ReactNode;
}

/** A text input with its label, help and feedback lines, all wired for screen readers. */
export function Field({
  label,
  value,
  onChange,
  help,
  problem,
  okText,
  optional,
  secret,
  trailing,
  className,
  ...rest
}: FieldProps): ReactElement {
  const id = useId();
  const helpId = `${id}-help`;
  const feedbackId = `${id}-feedback`;
  const showProblem = Boolean(problem) && value.trim() !== '';
  const showOk = !showProblem && Boolean(okText) && value.trim() !== '';
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="field-label">
        {label}
        {optional ? <span className="field-optional">optional</span> : null}
      </label>
      <div className={`field-control${showProblem ? ' is-invalid' : ''}${showOk ? ' is-ok' : ''}`}>
        <input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          type={secret ? 'password' : 'text'}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          aria-invalid={showProblem || undefined}
          aria-describedby={[help ? helpId : '', showProblem || showOk ? feedbackId : ''].filter(Boolean).join(' ') || undefined}
          className={secret ? 'mono' : undefined}
          {...rest}
        />
        {trailing}
      </div>
      {/* Always present and polite: a live region must exist before its text changes, and a format
          hint that changes on every keystroke must not interrupt the operator the way role=alert does. */}
      <div id={feedbackId} aria-live="polite" className="field-live">
        {showProblem ? (
          <p className="field-feedback is-bad" data-testid="field-problem">
            <span aria-hidden>✕</span> {problem}
          </p>
        ) : showOk ? (
          <p className="field-feedback is-ok">
            <span aria-hidden>●</span> {okText}
          </p>
        ) : null}
      </div>
      {help ? (
        <p id={helpId} className="field-help">
          {help}
        </p>
      ) : null}
    </div>
  );
}

/** Props of a text area field. */
export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly help?: ReactNode;
  /** A sentence shown under the text in red while the value is wrong. */
  readonly problem?: string | null;
  readonly optional?: boolean;
  /** Monospace, for JSON and other text read by a machine. */
  readonly mono?: boolean;
}

/** A multi-line text with its label, help and problem lines, wired for screen readers like Field. */
export function TextAreaField({
  label,
  value,
  onChange,
  help,
  problem,
  optional,
  mono,
  className,
  ...rest
}: TextAreaFieldProps): ReactElement {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="field-label">
        {label}
        {optional ? <span className="field-optional">optional</span> : null}
      </label>
      <textarea
        id={id}
        className={mono ? 'textarea mono' : 'textarea'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={help ? helpId : undefined}
        {...rest}
      />
      {problem ? (
        <p className="field-feedback is-bad">
          <span aria-hidden>✕</span> {problem}
        </p>
      ) : null}
      {help ? (
        <p id={helpId} className="field-help">
          {help}
        </p>
      ) : null}
    </div>
  );
}
