/**
 * The workspace switcher (⌘/Ctrl+K): search, pick with arrows and Enter, create from the query,
 * rename and archive in place. A command palette rather than a menu, so it scales to many clients.
 * The popup is a grid (WAI-ARIA's combobox with a grid popup): each row has the workspace cell the
 * arrow keys point at and a cell of its buttons, which a listbox option could not hold.
 */
import { useMemo, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { Workspace } from '../../../shared/domain';
import { Dialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import { errorSentence } from '../lib/errors';
import { toast } from '../stores/toasts';
import { useUi } from '../stores/ui';
import { useWorkspaces } from '../stores/workspaces';
import { WorkspaceRow } from './WorkspaceRow';

type Item = { readonly kind: 'workspace'; readonly ws: Workspace } | { readonly kind: 'create'; readonly name: string };

/** The switcher dialog; open state lives in the ui store so the shortcut and the button share it. */
export default function WorkspaceSwitcher(): ReactElement {
  const open = useUi((s) => s.switcherOpen);
  const setOpen = useUi((s) => s.setSwitcherOpen);
  return (
    <Dialog open={open} onOpenChange={setOpen} title="Switch workspace" width="md" className="switcher">
      {open ? <SwitcherBody onDone={() => setOpen(false)} /> : null}
    </Dialog>
  );
}

function SwitcherBody({ onDone }: { onDone: () => void }): ReactElement {
  const all = useWorkspaces((s) => s.all);
  const currentId = useWorkspaces((s) => s.currentId);
  const { select, create } = useWorkspaces.getState();
  const [query, setQuery] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);

  const items = useMemo<Item[]>(() => {
    const q = query.trim().toLowerCase();
    const matches = all.filter((w) => (showArchived || !w.archivedAt) && w.name.toLowerCase().includes(q));
    const list: Item[] = matches.map((ws) => ({ kind: 'workspace', ws }));
    if (q && !all.some((w) => w.name.toLowerCase() === q)) list.push({ kind: 'create', name: query.trim() });
    return list;
  }, [all, query, showArchived]);
  const index = Math.min(active, Math.max(0, items.length - 1));
  const archivedCount = all.filter((w) => w.archivedAt).length;

  const choose = async (item: Item | undefined): Promise<void> => {
    if (!item) return;
    if (item.kind === 'workspace') {
      if (item.ws.archivedAt) return;
      select(item.ws.id);
      onDone();
      return;
    }
    setBusy(true);
    const res = await create(item.name);
    setBusy(false);
    if (!res.ok) {
      toast.error('Workspace not created', errorSentence(res.error));
      return;
    }
    toast.success(`Created “${res.value.name}”`, 'It starts in BYOK mode with no keys; add its keys next.');
    onDone();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((index + 1) % Math.max(1, items.length));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((index - 1 + items.length) % Math.max(1, items.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void choose(items[index]);
    }
  };

  const optionId = (i: number): string => `switcher-option-${i}`;
  return (
    <div className="switcher-body">
      <div className="switcher-search">
        <Icon name="search" />
        <input
          autoFocus
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          placeholder="Search workspaces or type a new client’s name…"
          role="combobox"
          aria-haspopup="grid"
          aria-expanded
          aria-controls="switcher-list"
          aria-activedescendant={items.length > 0 ? optionId(index) : undefined}
          aria-label="Search workspaces"
          disabled={busy}
        />
      </div>
      <div id="switcher-list" role="grid" aria-label="Workspaces" className="switcher-list">
        {items.map((item, i) =>
          item.kind === 'workspace' ? (
            <WorkspaceRow
              key={item.ws.id}
              id={optionId(i)}
              ws={item.ws}
              active={i === index}
              current={item.ws.id === currentId}
              onHover={() => setActive(i)}
              onChoose={() => void choose(item)}
            />
          ) : (
            <div
              key="create"
              role="row"
              className={`switcher-item switcher-create${i === index ? ' is-active' : ''}`}
              onMouseEnter={() => setActive(i)}
              onClick={() => void choose(item)}
            >
              <div role="gridcell" id={optionId(i)} aria-selected={i === index} className="switcher-cell">
                <span className="switcher-avatar" aria-hidden>
                  <Icon name="plus" size={14} />
                </span>
                <span className="switcher-create-text">
                  Create client workspace <strong>“{item.name}”</strong>
                </span>
                <kbd aria-hidden>↵</kbd>
              </div>
            </div>
          ),
        )}
      </div>
      {items.length === 0 ? <p className="switcher-none muted">No workspace matches. Type a name to create one.</p> : null}
      <footer className="switcher-footer">
        <span className="faint small">
          <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>↵</kbd> to open · <kbd>Esc</kbd> to close
        </span>
        {archivedCount > 0 ? (
          <label className="check small">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived (
            {archivedCount})
          </label>
        ) : null}
      </footer>
    </div>
  );
}
