/** The one confirmation every destructive action asks: it names exactly what will be lost. */
import * as AD from '@radix-ui/react-alert-dialog';
import { useState, type ReactElement, type ReactNode } from 'react';
import { Button } from './Button';

/** Props of a confirmation. */
export interface ConfirmProps {
  readonly open: boolean;
  readonly onOpenChange: (open: boolean) => void;
  readonly title: string;
  /** What exactly goes, in words and, when useful, a list. */
  readonly children: ReactNode;
  readonly confirmLabel: string;
  /** Runs the action; the dialog stays open (busy) until it settles, and closes on success. */
  readonly onConfirm: () => Promise<boolean> | boolean;
}

/** An alert dialog whose Cancel button holds the initial focus, so Enter never destroys by accident. */
export function Confirm({ open, onOpenChange, title, children, confirmLabel, onConfirm }: ConfirmProps): ReactElement {
  const [busy, setBusy] = useState(false);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    try {
      if (await onConfirm()) onOpenChange(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AD.Root open={open} onOpenChange={(o) => !busy && onOpenChange(o)}>
      <AD.Portal>
        <AD.Overlay className="dialog-overlay" />
        <AD.Content className="dialog dialog-sm confirm">
          <header className="dialog-header">
            <AD.Title className="dialog-title">{title}</AD.Title>
          </header>
          <AD.Description asChild>
            <div className="dialog-body confirm-body">{children}</div>
          </AD.Description>
          <footer className="dialog-footer">
            <AD.Cancel asChild>
              <Button disabled={busy}>Cancel</Button>
            </AD.Cancel>
            <Button variant="danger" busy={busy} onClick={() => void confirm()}>
              {confirmLabel}
            </Button>
          </footer>
        </AD.Content>
      </AD.Portal>
    </AD.Root>
  );
}
