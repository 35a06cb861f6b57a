/**
 * Public text to hand on (an age recipient): a read-only field that selects itself when clicked,
 * and a Copy button. The copy is the page's own copy command on the selection, which needs no
 * clipboard permission (the window grants none); secrets are never copied this way.
 */
import { useRef, type ReactElement } from 'react';
import { IconButton } from '../../components/Button';
import { toast } from '../../stores/toasts';

/** The field and its button. */
export function CopyableText({ value, label, testId }: { value: string; label: string; testId?: string }): ReactElement {
  const input = useRef<HTMLInputElement>(null);
  const copy = (): void => {
    input.current?.select();
    const done = document.execCommand('copy');
    if (done) toast.success(`${label} copied`);
    else toast.error('Not copied', 'Select the text and copy it with the keyboard.');
  };
  return (
    <div className="recipient-line">
      <input
        ref={input}
        className="copyable mono"
        readOnly
        value={value}
        aria-label={label}
        data-testid={testId}
        onFocus={(e) => e.target.select()}
        size={value.length}
      />
      <IconButton icon="copy" label={`Copy ${label.toLowerCase()}`} onClick={copy} />
    </div>
  );
}
