/**
 * One workspace in the switcher: pick it, rename it in place, archive or restore it. A grid row
 * rather than a listbox option, because an option may not hold buttons: the first cell is the
 * workspace (what the search box's arrow keys point at), the second holds its actions.
 */
import { useState, type ReactElement } from 'react';
import type { Workspace } from '../../../shared/domain';
import { IconButton } from '../components/Button';
import { Icon } from '../components/Icon';
import { errorSentence } from '../lib/errors';
import { toast } from '../stores/toasts';
import { useWorkspaces } from '../stores/workspaces';

/** Props of a switcher row. */
export interface WorkspaceRowProps {
  readonly id: string;
  readonly ws: Workspace;
  readonly active: boolean;
  readonly current: boolean;
  readonly onHover: () => void;
  readonly onChoose: () => void;
}

/** Initials for the avatar square. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return ((words[0]?.[0] ?? '') + (words[1]?.[0] ?? '')).toUpperCase() || '?';
}

/** A switcher row; its buttons stop the click so they never also select the row. */
export function WorkspaceRow({ id, ws, active, current, onHover, onChoose }: WorkspaceRowProps): ReactElement {
  const { rename, setArchived } = useWorkspaces.getState();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(ws.name);

  const saveName = async (): Promise<void> => {
    setEditing(false);
    if (name.trim() === ws.name) return;
    const res = await rename(ws.id, name);
    if (res.ok) toast.success(`Renamed to “${res.value.name}”`);
    else {
      setName(ws.name);
      toast.error('Workspace not renamed', errorSentence(res.error));
    }
  };
  const archive = async (): Promise<void> => {
    const res = await setArchived(ws.id, !ws.archivedAt);
    if (res.ok)
      toast.success(
        ws.archivedAt ? `Restored “${ws.name}”` : `Archived “${ws.name}”`,
        ws.archivedAt ? undefined : 'Its keys and history are kept; restore it any time.',
      );
    else toast.error('Workspace not changed', errorSentence(res.error));
  };

  const meta =
    ws.kind === 'agency'
      ? 'Agency · its keys are the platform keys'
      : ws.archivedAt
        ? 'Archived · restore it to open it'
        : ws.mode === 'byok'
          ? 'Client · BYOK'
          : 'Client · Bundled';
  return (
    <div
      role="row"
      className={`switcher-item${active ? ' is-active' : ''}${ws.archivedAt ? ' is-archived' : ''}`}
      onMouseEnter={onHover}
      onClick={editing ? undefined : onChoose}
    >
      <div role="gridcell" id={id} aria-selected={active} aria-label={`${ws.name}, ${meta}`} className="switcher-cell">
        <span className={`switcher-avatar${ws.kind === 'agency' ? ' is-agency' : ''}`} aria-hidden>
          {ws.kind === 'agency' ? <Icon name="building" size={14} /> : initials(ws.name)}
        </span>
        {editing ? (
          <input
            className="switcher-rename"
            value={name}
            autoFocus
            aria-label={`New name for ${ws.name}`}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => setName(e.target.value)}
            onBlur={() => void saveName()}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.key === 'Enter') void saveName();
              if (e.key === 'Escape') {
                e.preventDefault();
                setName(ws.name);
                setEditing(false);
              }
            }}
          />
        ) : (
          <span className="switcher-name">
            {ws.name}
            <span className="switcher-meta">{meta}</span>
          </span>
        )}
        {current ? (
          <span className="switcher-current">
            <Icon name="check" size={14} /> Current
          </span>
        ) : null}
      </div>
      <div role="gridcell" className="switcher-actions" onClick={(e) => e.stopPropagation()}>
        <IconButton icon="edit" label={`Rename ${ws.name}`} onClick={() => setEditing(true)} tabIndex={active ? 0 : -1} />
        {ws.kind === 'client' ? (
          <IconButton
            icon="archive"
            label={ws.archivedAt ? `Restore ${ws.name}` : `Archive ${ws.name}`}
            onClick={() => void archive()}
            tabIndex={active ? 0 : -1}
          />
        ) : null}
      </div>
    </div>
  );
}
