/**
 * The vault: holds the master key while unlocked and opens each workspace's data key with it.
 * The master key lives in the OS keychain, or — where there is none — is wrapped by a key
 * derived from the operator's passphrase. It is never stored in plaintext.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { newPassphraseProblem } from '../../../shared/passphrase';
import { type Db, stmt, tx } from '../store/db';
import { deriveKek, newKdfParams, parseKdfParams } from './kdf';
import type { KeyStore } from './keychain';
import { openBytes, sealBytes } from './seal';

/** How the master key is protected at rest. */
export type VaultMode = 'keychain' | 'passphrase';

/** What the renderer and CLI may know about the vault. */
export interface VaultStatus {
  readonly initialized: boolean;
  readonly mode: VaultMode | null;
  readonly locked: boolean;
  readonly generation: number;
  readonly autoLockMs: number;
}

interface MetaRow {
  vault_id: string;
  mode: VaultMode;
  generation: number;
  kdf: string | null;
  wrapped_master: Buffer | null;
  verifier: Buffer;
}

const VERIFIER = 'switchboard-vault-verifier';
const AAD_VERIFIER = 'vault:verifier';
const AAD_MASTER = 'vault:master';
const aadDataKey = (workspaceId: string): string => `datakey:${workspaceId}`;

/** Options for the vault. */
export interface VaultOptions {
  readonly keyStore: KeyStore;
  /** Lock after this long without use; 0 disables auto-lock. */
  readonly autoLockMs?: number;
  readonly now?: () => Date;
}

/** What rotating needs in passphrase mode; a keychain-held vault needs none of it. */
export interface RotateOptions {
  /** The passphrase in use now: checked against the wrapped master key before anything changes. */
  readonly currentPassphrase?: string;
  /** The passphrase that will wrap the new master key (it may be the same as the current one). */
  readonly newPassphrase?: string;
  /** The new passphrase typed a second time. */
  readonly confirmation?: string;
}

/** The vault; the one place the master key is held. */
export class Vault {
  private master: Buffer | null = null;
  private rotating = false;
  private readonly dataKeys = new Map<string, Buffer>();
  private timer: NodeJS.Timeout | null = null;
  private readonly autoLockMs: number;
  private readonly listeners = new Set<(locked: boolean) => void>();

  constructor(
    private readonly db: Db,
    private readonly opts: VaultOptions,
  ) {
    this.autoLockMs = opts.autoLockMs ?? 15 * 60_000;
  }

  private meta(): MetaRow | undefined {
    return stmt(this.db, 'SELECT vault_id, mode, generation, kdf, wrapped_master, verifier FROM vault_meta WHERE id = 1').get() as
      MetaRow | undefined;
  }

  private account(meta: Pick<MetaRow, 'vault_id' | 'generation'>): string {
    return `master-key:${meta.vault_id}:${meta.generation}`;
  }

  /** Current state, without secrets. */
  status(): VaultStatus {
    const meta = this.meta();
    return {
      initialized: meta !== undefined,
      mode: meta?.mode ?? null,
      locked: this.master === null,
      generation: meta?.generation ?? 0,
      autoLockMs: this.autoLockMs,
    };
  }

  /** Subscribes to lock/unlock changes. */
  onChange(fn: (locked: boolean) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Creates the vault on first run: a keychain-held master key when the keychain works, else a
   * passphrase-wrapped one. Without a keychain and without a passphrase it refuses (fails closed).
   * A `confirmation`, when given, must match the passphrase; nothing is written unless all is well.
   */
  async initialize(opts: { passphrase?: string; confirmation?: string; preferPassphrase?: boolean } = {}): Promise<VaultMode> {
    if (this.meta()) throw new AppError('CONFLICT', 'The vault is already set up.');
    return (await this.setUp(opts)).mode;
  }

  /**
   * First set-up, safe when several processes start at once on a fresh data folder: exactly one
   * creator's row is written (INSERT … ON CONFLICT DO NOTHING on the single meta row); every other
   * discards the key it made and opens the winner's vault instead. `created` says which one this was.
   * Already set up: opened, like unlock().
   */
  async setUp(
    opts: { passphrase?: string; confirmation?: string; preferPassphrase?: boolean } = {},
  ): Promise<{ mode: VaultMode; created: boolean }> {
    const existing = this.meta();
    if (existing) {
      await this.unlock(opts.passphrase);
      return { mode: existing.mode, created: false };
    }
    const master = randomBytes(32);
    const vaultId = randomUUID();
    const now = this.now();
    let mode: VaultMode = 'passphrase';
    if (!opts.preferPassphrase) {
      try {
        this.opts.keyStore.set(this.account({ vault_id: vaultId, generation: 1 }), master);
        mode = 'keychain';
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'KEYCHAIN_UNAVAILABLE') throw err;
      }
    }
    let kdf: string | null = null;
    let wrapped: Buffer | null = null;
    if (mode === 'passphrase') {
      const passphrase = checkNewPassphrase(opts.passphrase, opts.confirmation);
      const params = newKdfParams();
      const kek = await deriveKek(passphrase, params);
      wrapped = sealBytes(kek, master, AAD_MASTER);
      kek.fill(0);
      kdf = JSON.stringify(params);
    }
    // Deriving the key took a while: another process may have set the vault up meanwhile. One row wins.
    const written = stmt(
      this.db,
      'INSERT INTO vault_meta (id, vault_id, mode, generation, kdf, wrapped_master, verifier, created_at) VALUES (1, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
    ).run(vaultId, mode, kdf, wrapped, sealBytes(master, Buffer.from(VERIFIER), AAD_VERIFIER), now);
    if (written.changes === 0) {
      master.fill(0);
      // Our keychain entry names our own vault id, which no row refers to: removed, not left behind.
      if (mode === 'keychain') {
        try {
          this.opts.keyStore.delete(this.account({ vault_id: vaultId, generation: 1 }));
        } catch {
          // A keychain that just worked and now refuses: the orphan entry is harmless (no data uses it).
        }
      }
      const winner = this.meta();
      await this.unlock(opts.passphrase);
      return { mode: winner?.mode ?? mode, created: false };
    }
    this.setMaster(master);
    return { mode, created: true };
  }

  /** Unlocks: from the keychain, or with the passphrase in passphrase mode. */
  async unlock(passphrase?: string): Promise<void> {
    const meta = this.meta();
    if (!meta) throw new AppError('NOT_FOUND', 'The vault has not been set up yet.');
    let master: Buffer;
    if (meta.mode === 'keychain') {
      const stored = this.opts.keyStore.get(this.account(meta));
      if (!stored)
        throw new AppError(
          'KEYCHAIN_UNAVAILABLE',
          'The master key is missing from the system keychain; the stored secrets cannot be opened.',
        );
      master = stored;
    } else {
      if (passphrase === undefined || passphrase.length === 0)
        throw new AppError('VAULT_LOCKED', 'The vault is locked: enter the passphrase to unlock it.');
      master = await this.unwrap(meta, passphrase, 'That passphrase is not correct.');
    }
    try {
      openBytes(master, meta.verifier, AAD_VERIFIER);
    } catch {
      master.fill(0);
      throw new AppError('TAMPERED', 'The master key does not match this data: the vault cannot be opened.');
    }
    this.setMaster(master);
  }

  /**
   * Proves a passphrase opens the stored master key without unlocking (nothing is held, nothing
   * is audited): the CLI refuses a wrong one even for commands that never unlock. Costs one scrypt
   * derivation. Before set-up and in keychain mode no passphrase is in play, so there is nothing to check.
   */
  async checkPassphrase(passphrase: string): Promise<void> {
    const meta = this.meta();
    if (!meta || meta.mode !== 'passphrase') return;
    (await this.unwrap(meta, passphrase, 'That passphrase is not correct.')).fill(0);
  }

  /** Forgets the master key and every data key; locking a locked vault does nothing (and tells no one). */
  lock(): void {
    if (this.master === null) return;
    this.master.fill(0);
    this.master = null;
    for (const key of this.dataKeys.values()) key.fill(0);
    this.dataKeys.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.emit(true);
  }

  /** True while the master key is held. */
  isUnlocked(): boolean {
    return this.master !== null;
  }

  /** The data key of a workspace, created on first use. Throws VAULT_LOCKED when locked. */
  dataKey(workspaceId: string, o: { activity?: boolean } = {}): Buffer {
    const master = this.requireMaster(o.activity ?? true);
    const cached = this.dataKeys.get(workspaceId);
    if (cached) return cached;
    const row = stmt(this.db, 'SELECT wrapped FROM data_keys WHERE workspace_id = ?').get(workspaceId) as { wrapped: Buffer } | undefined;
    let key: Buffer;
    if (row) {
      key = openBytes(master, row.wrapped, aadDataKey(workspaceId));
    } else {
      key = randomBytes(32);
      const generation = this.meta()?.generation ?? 1;
      // Another process may create the same workspace's key at the same moment: the first row wins and both use it.
      const written = stmt(
        this.db,
        'INSERT INTO data_keys (workspace_id, wrapped, generation) VALUES (?, ?, ?) ON CONFLICT(workspace_id) DO NOTHING',
      ).run(workspaceId, sealBytes(master, key, aadDataKey(workspaceId)), generation);
      if (written.changes === 0) {
        key.fill(0);
        const theirs = stmt(this.db, 'SELECT wrapped FROM data_keys WHERE workspace_id = ?').get(workspaceId) as { wrapped: Buffer };
        key = openBytes(master, theirs.wrapped, aadDataKey(workspaceId));
      }
    }
    this.dataKeys.set(workspaceId, key);
    return key;
  }

  /**
   * Replaces the master key and re-wraps every data key in one transaction. The new key is
   * written to the keychain under a new generation before the database switches to it, and the
   * old entry is removed only after, so a crash at any point leaves a key that opens the data.
   * In passphrase mode the current passphrase must open the stored master key and the new one
   * must be typed twice, all checked before anything is written: a typo cannot lock the owner out.
   */
  async rotateMasterKey(opts: RotateOptions = {}): Promise<number> {
    this.requireMaster();
    if (this.rotating) throw new AppError('CONFLICT', 'The master key is already being rotated.');
    this.rotating = true;
    try {
      return await this.rotate(opts);
    } finally {
      this.rotating = false;
    }
  }

  private async rotate(opts: RotateOptions): Promise<number> {
    const meta = this.meta();
    if (!meta) throw new AppError('NOT_FOUND', 'The vault has not been set up yet.');
    const next = randomBytes(32);
    const generation = meta.generation + 1;
    let kdf = meta.kdf;
    let wrapped: Buffer | null = null;
    if (meta.mode === 'passphrase') {
      if (!opts.currentPassphrase || opts.newPassphrase === undefined) {
        throw new AppError(
          'INVALID_INPUT',
          'Rotating a passphrase-protected vault needs the passphrase: the current one, and the new one typed twice.',
        );
      }
      const problem = newPassphraseProblem(opts.newPassphrase, opts.confirmation ?? '');
      if (problem) throw new AppError('INVALID_INPUT', `${problem} Nothing was changed.`);
      const current = await this.unwrap(meta, opts.currentPassphrase, 'The current passphrase is not correct; nothing was changed.');
      const held = this.requireMaster();
      const same = current.length === held.length && timingSafeEqual(current, held);
      current.fill(0);
      if (!same) throw new AppError('TAMPERED', 'The stored master key does not match the one in use; nothing was changed.');
      const params = newKdfParams();
      const kek = await deriveKek(opts.newPassphrase, params);
      wrapped = sealBytes(kek, next, AAD_MASTER);
      kek.fill(0);
      kdf = JSON.stringify(params);
    } else {
      this.opts.keyStore.set(this.account({ vault_id: meta.vault_id, generation }), next);
    }
    // Taken after the slow key derivations: a lock meanwhile stops the rotation here.
    const oldMaster = this.requireMaster();
    tx(this.db, () => {
      if (this.meta()?.generation !== meta.generation)
        throw new AppError('CONFLICT', 'The master key changed while rotating; nothing was changed.');
      const rows = stmt(this.db, 'SELECT workspace_id, wrapped FROM data_keys').all() as { workspace_id: string; wrapped: Buffer }[];
      const update = stmt(this.db, 'UPDATE data_keys SET wrapped = ?, generation = ? WHERE workspace_id = ?');
      for (const row of rows) {
        const key = openBytes(oldMaster, row.wrapped, aadDataKey(row.workspace_id));
        update.run(sealBytes(next, key, aadDataKey(row.workspace_id)), generation, row.workspace_id);
        key.fill(0);
      }
      stmt(this.db, 'UPDATE vault_meta SET generation = ?, kdf = ?, wrapped_master = ?, verifier = ?, rotated_at = ? WHERE id = 1').run(
        generation,
        kdf,
        wrapped,
        sealBytes(next, Buffer.from(VERIFIER), AAD_VERIFIER),
        this.now(),
      );
    });
    if (meta.mode === 'keychain') {
      try {
        this.opts.keyStore.delete(this.account(meta));
      } catch {
        // The old entry opens nothing any more; leaving it behind is harmless.
      }
    }
    for (const key of this.dataKeys.values()) key.fill(0);
    this.dataKeys.clear();
    this.setMaster(next);
    oldMaster.fill(0);
    return generation;
  }

  /** Opens the passphrase-wrapped master key; a passphrase that does not open it is WRONG_PASSPHRASE. */
  private async unwrap(meta: MetaRow, passphrase: string, wrong: string): Promise<Buffer> {
    const params = parseKdfParams(meta.kdf);
    const kek = await deriveKek(passphrase, params);
    try {
      return openBytes(kek, meta.wrapped_master ?? Buffer.alloc(0), AAD_MASTER);
    } catch {
      throw new AppError('WRONG_PASSPHRASE', wrong);
    } finally {
      kek.fill(0);
    }
  }

  /** Marks activity so auto-lock counts from now. */
  touch(): void {
    if (!this.master || this.autoLockMs <= 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.lock(), this.autoLockMs);
    this.timer.unref();
  }

  /** The master key; a use on the operator's behalf (not a background re-check) counts as activity for auto-lock. */
  private requireMaster(activity = true): Buffer {
    if (!this.master && !this.meta())
      throw new AppError('VAULT_LOCKED', 'The vault has not been set up yet: choose its passphrase before storing keys.');
    if (!this.master) throw new AppError('VAULT_LOCKED', 'The vault is locked: unlock it to use stored keys.');
    if (activity) this.touch();
    return this.master;
  }

  private setMaster(master: Buffer): void {
    this.master = master;
    this.touch();
    this.emit(false);
  }

  private emit(locked: boolean): void {
    for (const fn of this.listeners) fn(locked);
  }

  private now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }
}

/** A passphrase for a new master-key wrapping: present, long enough, and typed the same twice when a confirmation is given. */
function checkNewPassphrase(passphrase: string | undefined, confirmation?: string): string {
  if (passphrase === undefined || passphrase.length === 0) {
    throw new AppError(
      'KEYCHAIN_UNAVAILABLE',
      'The system keychain is not available; set a passphrase to protect the vault (prompt, --passphrase-file or SWITCHBOARD_PASSPHRASE).',
    );
  }
  const problem = newPassphraseProblem(passphrase, confirmation ?? passphrase);
  if (problem) throw new AppError('INVALID_INPUT', `${problem} Nothing was created.`);
  return passphrase;
}
