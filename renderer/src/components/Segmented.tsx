/**
 * A single-choice group (radiogroup) of buttons: one tab stop, arrow keys move and choose, as
 * WAI-ARIA's radio group pattern asks. Styled as a segmented control or as chips.
 */
import { useRef, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';

/** One choice. */
export interface SegmentedOption<T extends string> {
  readonly value: T;
  readonly label: ReactNode;
  readonly disabled?: boolean;
}

/** Props of the group. */
export interface SegmentedProps<T extends string> {
  readonly options: readonly SegmentedOption<T>[];
  readonly value: T;
  readonly onChange: (value: T) => void;
  /** Accessible name of the group (or use labelledBy). */
  readonly label?: string;
  readonly labelledBy?: string;
  readonly variant?: 'segmented' | 'chips';
  readonly disabled?: boolean;
}

/** The group. */
export function Segmented<T extends string>({
  options,
  value,
  onChange,
  label,
  labelledBy,
  variant = 'segmented',
  disabled,
}: SegmentedProps<T>): ReactElement {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const enabled = options.map((o, i) => ({ o, i })).filter(({ o }) => !o.disabled && !disabled);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number): void => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (step === 0 || enabled.length === 0) return;
    e.preventDefault();
    const at = enabled.findIndex((x) => x.i === index);
    const next = enabled[(at + step + enabled.length) % enabled.length];
    if (!next) return;
    onChange(next.o.value);
    refs.current[next.i]?.focus();
  };
  return (
    <div className={variant === 'chips' ? 'chips' : 'segmented'} role="radiogroup" aria-label={label} aria-labelledby={labelledBy}>
      {options.map((o, i) => (
        <button
          key={o.value}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          tabIndex={o.value === value ? 0 : -1}
          className={variant === 'chips' ? 'chip' : undefined}
          disabled={disabled || o.disabled}
          onClick={() => onChange(o.value)}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
