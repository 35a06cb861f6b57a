/**
 * Offline preparation: .env import, bundles and client key intake. The store keeps only what may
 * be shown (previews with masked hints, public recipients, open intakes); a file's text or bytes
 * and any passphrase pass through a call and are never kept here.
 */
import { create } from 'zustand';
import type { Input, Output } from '../../../shared/ipc/contract';
import { call, type ErrorInfo, type Result } from '../lib/api';
import { useCredentials } from './credentials';
import { registerStore } from './devtools';
import { useWorkspaces } from './workspaces';

/** What a .env file would import. */
export type EnvPreview = Output<'env:preview'>;
/** What a bundle would add or replace, and the digest that ties an import to it. */
export type BundlePreview = Output<'bundles:preview'>;
/** A public age recipient Switchboard holds. */
export type Recipient = NonNullable<Output<'bundles:identity'>>;
/** A new intake with its sheet and page. */
export type NewIntake = Output<'intake:create'>;

interface TransferState {
  /** The agency's own recipient: undefined until read, null when there is none yet. */
  readonly agency: Recipient | null | undefined;
  readonly agencyError: ErrorInfo | null;
  /** Open intakes per workspace. */
  readonly intakes: Readonly<Record<string, readonly Recipient[]>>;
  loadAgency(): Promise<void>;
  createAgency(): Promise<Result<Recipient>>;
  loadIntakes(workspaceId: string): Promise<void>;
  previewEnv(text: string): Promise<Result<EnvPreview>>;
  /** Stores the chosen providers' keys; the workspace's key list is read again. */
  importEnv(workspaceId: string, text: string, providers: Input<'env:import'>['providers']): Promise<Result<Output<'env:import'>>>;
  exportBundle(input: Input<'bundles:export'>): Promise<Result<Output<'bundles:export'>>>;
  previewBundle(data: string, passphrase?: string): Promise<Result<BundlePreview>>;
  /** Imports what the preview showed; workspaces, keys and intakes are read again. */
  importBundle(data: string, digest: string, passphrase?: string, trustedHosts?: string[]): Promise<Result<Output<'bundles:import'>>>;
  createIntake(input: Input<'intake:create'>): Promise<Result<NewIntake>>;
  /** Closes an open intake, so a file encrypted to it can never be opened. */
  closeIntake(workspaceId: string, id: string): Promise<Result<Output<'intake:close'>>>;
}

/** The transfer store. */
export const useTransfer = create<TransferState>()((set, get) => ({
  agency: undefined,
  agencyError: null,
  intakes: {},
  async loadAgency() {
    const res = await call('bundles:identity', {});
    set(res.ok ? { agency: res.value, agencyError: null } : { agencyError: res.error });
  },
  async createAgency() {
    const res = await call('bundles:createIdentity', {});
    if (res.ok) set({ agency: res.value, agencyError: null });
    return res;
  },
  async loadIntakes(workspaceId) {
    const res = await call('intake:list', { workspaceId });
    if (res.ok) set({ intakes: { ...get().intakes, [workspaceId]: res.value } });
  },
  previewEnv: (text) => call('env:preview', { text }),
  async importEnv(workspaceId, text, providers) {
    const res = await call('env:import', { workspaceId, text, providers });
    if (res.ok) await useCredentials.getState().load(workspaceId, { fresh: true });
    return res;
  },
  exportBundle: (input) => call('bundles:export', input),
  previewBundle: (data, passphrase) => call('bundles:preview', passphrase === undefined ? { data } : { data, passphrase }),
  async importBundle(data, digest, passphrase, trustedHosts) {
    const res = await call('bundles:import', {
      data,
      digest,
      ...(passphrase === undefined ? {} : { passphrase }),
      ...(trustedHosts && trustedHosts.length > 0 ? { trustedHosts } : {}),
    });
    if (res.ok) {
      await useWorkspaces.getState().load();
      const ids = Object.keys(useCredentials.getState().byWorkspace);
      await Promise.all([
        ...ids.map((id) => useCredentials.getState().load(id, { fresh: true })),
        ...Object.keys(get().intakes).map((id) => get().loadIntakes(id)),
      ]);
    }
    return res;
  },
  async createIntake(input) {
    const res = await call('intake:create', input);
    if (res.ok) await get().loadIntakes(input.workspaceId);
    return res;
  },
  async closeIntake(workspaceId, id) {
    const res = await call('intake:close', { workspaceId, id });
    await get().loadIntakes(workspaceId);
    return res;
  },
}));

registerStore('transfer', useTransfer);
