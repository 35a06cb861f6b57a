/** Settings of the current workspace: Messaging (seed 000) and the workspace itself. */
import * as Tabs from '@radix-ui/react-tabs';
import type { ReactElement } from 'react';
import { Page, PageHeader } from '../../components/Page';
import { currentPath, navigate } from '../../lib/navigation';
import { useCurrentWorkspace } from '../../stores/workspaces';
import { MessagingTab } from './MessagingTab';
import { WorkspaceTab } from './WorkspaceTab';
import './settings.css';

const TABS = [
  { id: 'messaging', label: 'Messaging' },
  { id: 'workspace', label: 'Workspace' },
] as const;

/** The settings screen; the tab is part of the path (`#/settings/messaging`) so it survives reloads. */
export default function SettingsPage(): ReactElement {
  const ws = useCurrentWorkspace();
  const tab = TABS.find((t) => t.id === currentPath()[1])?.id ?? 'messaging';
  return (
    <Page
      header={
        <PageHeader
          title="Settings"
          subtitle={
            ws
              ? `${ws.name} · ${ws.kind === 'agency' ? 'the agency workspace: its keys are the platform credentials clients fall back to' : 'a client workspace'}`
              : undefined
          }
        />
      }
    >
      <Tabs.Root value={tab} onValueChange={(v) => navigate(`settings/${v}`)} className="tabs">
        <Tabs.List className="tab-list" aria-label="Settings sections">
          {TABS.map((t) => (
            <Tabs.Trigger key={t.id} value={t.id} className="tab">
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="messaging" className="tab-panel">
          {ws ? <MessagingTab ws={ws} /> : null}
        </Tabs.Content>
        <Tabs.Content value="workspace" className="tab-panel">
          {ws ? <WorkspaceTab ws={ws} /> : null}
        </Tabs.Content>
      </Tabs.Root>
    </Page>
  );
}
