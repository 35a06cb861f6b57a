/** A drop zone with a Choose file button: the file is read here and handed on; nothing is uploaded anywhere. */
import { useId, useRef, useState, type DragEvent, type ReactElement } from 'react';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';

/** Props of the picker. */
export interface FilePickProps {
  /** What to call the file in sentences ("a .env file", "a bundle"). */
  readonly what: string;
  readonly accept?: string;
  readonly onFile: (file: File) => void;
  readonly busy?: boolean;
}

/** The drop zone. */
export function FilePick({ what, accept, onFile, busy }: FilePickProps): ReactElement {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const id = useId();
  const drop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) onFile(file);
  };
  return (
    <div
      className={`file-pick${over ? ' is-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <Icon name="download" size={20} />
      <span className="muted">Drop {what} here, or</span>
      <Button size="sm" busy={busy} onClick={() => input.current?.click()} aria-describedby={id}>
        Choose file…
      </Button>
      <input
        ref={input}
        id={id}
        type="file"
        accept={accept}
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so choosing the same file again still fires.
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </div>
  );
}

/** A file's bytes as base64, for a channel that takes a file. */
export async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
