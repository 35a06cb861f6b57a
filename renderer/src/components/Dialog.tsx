/** A modal dialog on Radix: focus is trapped, Escape closes, the title labels it. */
import * as RD from '@radix-ui/react-dialog';
import type { ReactElement, ReactNode } from 'react';
import { IconButton } from './Button';

/** Props of a dialog. */
export interface DialogProps {
  readonly open: boolean;
  readonly onOpenChange: (open: boolean) => void;
  readonly title: ReactNode;
  readonly description?: ReactNode;
  readonly children: ReactNode;
  readonly footer?: ReactNode;
  readonly width?: 'sm' | 'md' | 'lg';
  /** Extra class on the content, e.g. for a command palette. */
  readonly className?: string;
  /** Element that receives focus on open (defaults to the first focusable one). */
  readonly onOpenAutoFocus?: (e: Event) => void;
}

/** Focuses the first field of a dialog rather than its Close button, so typing can start at once. */
function focusFirstField(e: Event): void {
  const content = e.currentTarget instanceof HTMLElement ? e.currentTarget : null;
  const field = content?.querySelector<HTMLElement>(
    '.dialog-body input:not([disabled]), .dialog-body select:not([disabled]), .dialog-body textarea:not([disabled])',
  );
  if (field) {
    e.preventDefault();
    field.focus();
  }
}

/** A labelled modal with a header, a scrolling body and an optional footer. */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
  width = 'md',
  className,
  onOpenAutoFocus,
}: DialogProps): ReactElement {
  return (
    <RD.Root open={open} onOpenChange={onOpenChange}>
      <RD.Portal>
        <RD.Overlay className="dialog-overlay" />
        <RD.Content
          className={['dialog', `dialog-${width}`, className].filter(Boolean).join(' ')}
          onOpenAutoFocus={onOpenAutoFocus ?? focusFirstField}
        >
          <header className="dialog-header">
            <div>
              <RD.Title className="dialog-title">{title}</RD.Title>
              {description ? (
                <RD.Description className="dialog-description">{description}</RD.Description>
              ) : (
                <RD.Description className="sr-only">{typeof title === 'string' ? title : 'Dialog'}</RD.Description>
              )}
            </div>
            <RD.Close asChild>
              <IconButton icon="close" label="Close" />
            </RD.Close>
          </header>
          <div className="dialog-body">{children}</div>
          {footer ? <footer className="dialog-footer">{footer}</footer> : null}
        </RD.Content>
      </RD.Portal>
    </RD.Root>
  );
}
