/** Audit actions the filter offers, grouped; a group's value matches every action under it. */

/** One choice of the action filter. */
export interface ActionOption {
  readonly value: string;
  readonly label: string;
}

/** Groups of the action filter, in menu order. */
export const ACTION_GROUPS: readonly { readonly label: string; readonly options: readonly ActionOption[] }[] = [
  {
    label: 'Keys',
    options: [
      { value: 'credential', label: 'Any key action' },
      { value: 'credential.add', label: 'Key added' },
      { value: 'credential.update', label: 'Key updated' },
      { value: 'credential.test', label: 'Key tested' },
      { value: 'credential.reveal', label: 'Key revealed' },
      { value: 'credential.copy', label: 'Key copied' },
      { value: 'credential.activate', label: 'Key activated' },
      { value: 'credential.deactivate', label: 'Key put on standby' },
      { value: 'credential.delete', label: 'Key deleted' },
      { value: 'credential.rotate', label: 'Any rotation step' },
      { value: 'credential.rotate.start', label: 'Rotation started' },
      { value: 'credential.rotate.switch', label: 'Rotation switched' },
      { value: 'credential.rotate.abort', label: 'Rotation not switched' },
      { value: 'credential.rotate.confirm', label: 'Old key confirmed revoked' },
    ],
  },
  {
    label: 'Workspaces',
    options: [
      { value: 'workspace', label: 'Any workspace action' },
      { value: 'workspace.create', label: 'Workspace created' },
      { value: 'workspace.rename', label: 'Workspace renamed' },
      { value: 'workspace.mode', label: 'Mode switched' },
      { value: 'workspace.archive', label: 'Workspace archived' },
    ],
  },
  {
    label: 'Onboarding, vault and audit',
    options: [
      { value: 'onboarding', label: 'Onboarding' },
      { value: 'vault', label: 'Vault' },
      { value: 'audit', label: 'Audit (verify, export)' },
      { value: 'usage', label: 'Spend alerts' },
    ],
  },
  {
    label: 'Import and export',
    options: [
      { value: 'import', label: '.env imports' },
      { value: 'bundle', label: 'Bundles' },
      { value: 'intake', label: 'Client intakes' },
    ],
  },
  {
    label: 'Campaigns and calls',
    options: [
      { value: 'campaign', label: 'Campaigns' },
      { value: 'call', label: 'Calls' },
    ],
  },
];

const WORDS: Readonly<Record<string, string>> = Object.fromEntries(ACTION_GROUPS.flatMap((g) => g.options.map((o) => [o.value, o.label])));

/** A readable label for an action code, e.g. `credential.reveal` → "Key revealed". */
export function actionLabel(action: string): string {
  return WORDS[action] ?? action.replace(/[._]/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}
