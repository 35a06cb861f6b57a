/** Buttons: one primary action per view, secondary for the rest, danger for what destroys. */
import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon';
import { Spinner } from './Spinner';

/** Props of a button. */
export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  readonly size?: 'sm' | 'md';
  readonly icon?: IconName;
  /** Shows a spinner and disables the button while work runs. */
  readonly busy?: boolean;
  readonly children?: ReactNode;
}

/** A button; `busy` keeps its width and says so to screen readers. */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'secondary', size = 'md', icon, busy = false, disabled, children, className, type = 'button', ...rest },
  ref,
) {
  const cls = ['btn', `btn-${variant}`, `btn-${size}`, className].filter(Boolean).join(' ');
  return (
    <button ref={ref} type={type} className={cls} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <Spinner /> : icon ? <Icon name={icon} size={size === 'sm' ? 14 : 16} /> : null}
      {children}
    </button>
  );
});

/** A square button that shows only an icon; the label is for screen readers and the tooltip. */
export const IconButton = forwardRef<HTMLButtonElement, Omit<ButtonProps, 'children' | 'icon'> & { icon: IconName; label: string }>(
  function IconButton({ icon, label, variant = 'ghost', size = 'sm', className, ...rest }, ref) {
    return (
      <Button
        ref={ref}
        variant={variant}
        size={size}
        icon={icon}
        aria-label={label}
        title={label}
        className={['btn-icon', className].filter(Boolean).join(' ')}
        {...rest}
      />
    );
  },
);
