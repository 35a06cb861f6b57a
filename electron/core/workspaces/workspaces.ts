/** Workspaces: the one agency workspace and any number of client workspaces. */
import { normalName } from '../../../shared/names';
import { randomUUID } from 'node:crypto';
import { getCountries } from 'libphonenumber-js/max';
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../../../shared/domain';
import type { AuditLog, Actor } from '../audit/audit';
import { type Db, stmt, tx } from '../store/db';

interface Row {
  id: string;
  name: string;
  kind: 'agency' | 'client';
  mode: 'byok' | 'bundled';
  allow_agency_fallback: number;
  default_country: string | null;
  onboarding_completed_at: string | null;
  archived_at: string | null;
  created_at: string;
}

const toWorkspace = (r: Row): Workspace => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  mode: r.mode,
  allowAgencyFallback: r.allow_agency_fallback === 1,
  defaultCountry: r.default_country,
  onboardingCompletedAt: r.onboarding_completed_at,
  archivedAt: r.archived_at,
  createdAt: r.created_at,
});

/** The name the agency workspace is created with. */
export const AGENCY_NAME = 'Agency';

/** Creates, finds and changes workspaces. */
export class Workspaces {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Makes sure the agency workspace exists (first run). */
  ensureAgency(actor: Actor): Workspace {
    const row = stmt(this.db, "SELECT * FROM workspaces WHERE kind = 'agency'").get() as Row | undefined;
    if (row) return toWorkspace(row);
    return this.insert({ name: AGENCY_NAME, kind: 'agency', mode: 'byok' }, actor);
  }

  /** The agency workspace. */
  agency(): Workspace {
    const row = stmt(this.db, "SELECT * FROM workspaces WHERE kind = 'agency'").get() as Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'The agency workspace has not been set up yet.');
    return toWorkspace(row);
  }

  /** Creates a client workspace. */
  create(input: { name: string; mode?: 'byok' | 'bundled'; defaultCountry?: string | null }, actor: Actor): Workspace {
    const defaultCountry = input.defaultCountry == null ? null : countryCode(input.defaultCountry);
    return this.insert({ name: input.name, kind: 'client', mode: input.mode ?? 'byok', defaultCountry }, actor);
  }

  private insert(
    input: { name: string; kind: 'agency' | 'client'; mode: 'byok' | 'bundled'; defaultCountry?: string | null },
    actor: Actor,
  ): Workspace {
    const name = cleanName(input.name);
    const id = randomUUID();
    const at = this.now().toISOString();
    return tx(this.db, () => {
      if (stmt(this.db, 'SELECT 1 FROM workspaces WHERE name = ?').get(name)) {
        throw new AppError('CONFLICT', `A workspace named “${name}” already exists.`);
      }
      stmt(
        this.db,
        'INSERT INTO workspaces (id, name, kind, mode, default_country, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(id, name, input.kind, input.mode, input.defaultCountry ?? null, at, at);
      this.audit.append({
        actor,
        action: 'workspace.create',
        workspaceId: id,
        target: id,
        detail: { name, kind: input.kind, mode: input.mode, ...(input.defaultCountry ? { country: input.defaultCountry } : {}) },
      });
      return this.get(id);
    });
  }

  /** Every workspace, the agency first, then clients by name; archived ones only when asked. */
  list(opts: { includeArchived?: boolean } = {}): Workspace[] {
    const rows = stmt(
      this.db,
      `SELECT * FROM workspaces ${opts.includeArchived ? '' : 'WHERE archived_at IS NULL'} ORDER BY kind = 'client', name`,
    ).all() as Row[];
    return rows.map(toWorkspace);
  }

  /** A workspace by id. */
  get(id: string): Workspace {
    const row = stmt(this.db, 'SELECT * FROM workspaces WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'That workspace does not exist.');
    return toWorkspace(row);
  }

  /** A workspace by id or (case-insensitive) name, as the CLI takes it. */
  find(idOrName: string): Workspace {
    const row = stmt(this.db, 'SELECT * FROM workspaces WHERE id = ? OR name = ?').get(idOrName, normalName(idOrName)) as Row | undefined;
    // Never repeated back: what was typed where a workspace goes may be a secret pasted in the wrong place.
    if (!row) throw new AppError('NOT_FOUND', 'No workspace has that id or name; `switchboard workspace list` shows them.');
    return toWorkspace(row);
  }

  /** Renames a workspace. */
  rename(id: string, name: string, actor: Actor): Workspace {
    const clean = cleanName(name);
    return tx(this.db, () => {
      const ws = this.get(id);
      const clash = stmt(this.db, 'SELECT id FROM workspaces WHERE name = ? AND id <> ?').get(clean, id);
      if (clash) throw new AppError('CONFLICT', `A workspace named “${clean}” already exists.`);
      stmt(this.db, 'UPDATE workspaces SET name = ?, updated_at = ? WHERE id = ?').run(clean, this.now().toISOString(), id);
      this.audit.append({ actor, action: 'workspace.rename', workspaceId: id, target: id, detail: { from: ws.name, to: clean } });
      return this.get(id);
    });
  }

  /** Archives (or restores) a client workspace; its keys and history stay. */
  setArchived(id: string, archived: boolean, actor: Actor): Workspace {
    return tx(this.db, () => {
      const ws = this.get(id);
      if (ws.kind === 'agency') throw new AppError('FORBIDDEN', 'The agency workspace cannot be archived.');
      stmt(this.db, 'UPDATE workspaces SET archived_at = ?, updated_at = ? WHERE id = ?').run(
        archived ? this.now().toISOString() : null,
        this.now().toISOString(),
        id,
      );
      this.audit.append({ actor, action: archived ? 'workspace.archive' : 'workspace.restore', workspaceId: id, target: id });
      return this.get(id);
    });
  }

  /** Switches BYOK ↔ bundled. Never deletes keys: in bundled mode they simply go dormant. */
  setMode(id: string, mode: 'byok' | 'bundled', actor: Actor): Workspace {
    return tx(this.db, () => {
      const ws = this.get(id);
      if (ws.kind === 'agency') throw new AppError('FORBIDDEN', 'The agency workspace always uses its own keys.');
      if (ws.mode === mode) return ws;
      stmt(this.db, 'UPDATE workspaces SET mode = ?, updated_at = ? WHERE id = ?').run(mode, this.now().toISOString(), id);
      this.audit.append({ actor, action: 'workspace.mode', workspaceId: id, target: id, detail: { from: ws.mode, to: mode } });
      return this.get(id);
    });
  }

  /** Sets whether campaigns may fall back to the agency's keys. */
  setFallback(id: string, allow: boolean, actor: Actor): Workspace {
    return tx(this.db, () => {
      this.get(id);
      stmt(this.db, 'UPDATE workspaces SET allow_agency_fallback = ?, updated_at = ? WHERE id = ?').run(
        allow ? 1 : 0,
        this.now().toISOString(),
        id,
      );
      this.audit.append({ actor, action: 'workspace.fallback', workspaceId: id, target: id, detail: { allow } });
      return this.get(id);
    });
  }

  /** Sets (or, with null, clears) the country that numbers without a country code are read in. */
  setCountry(id: string, country: string | null, actor: Actor): Workspace {
    const code = country === null ? null : countryCode(country);
    return tx(this.db, () => {
      const ws = this.get(id);
      if (ws.defaultCountry === code) return ws;
      stmt(this.db, 'UPDATE workspaces SET default_country = ?, updated_at = ? WHERE id = ?').run(code, this.now().toISOString(), id);
      this.audit.append({ actor, action: 'workspace.country', workspaceId: id, target: id, detail: { from: ws.defaultCountry, to: code } });
      return this.get(id);
    });
  }

  /** Records or clears onboarding completion (the onboarding service decides whether it may). */
  setOnboardingCompleted(id: string, at: string | null): void {
    stmt(this.db, 'UPDATE workspaces SET onboarding_completed_at = ?, updated_at = ? WHERE id = ?').run(at, this.now().toISOString(), id);
  }
}

function cleanName(name: string): string {
  const clean = normalName(name);
  if (clean.length === 0) throw new AppError('INVALID_INPUT', 'A workspace needs a name.');
  if (clean.length > 80) throw new AppError('INVALID_INPUT', 'A workspace name can be at most 80 characters long.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(clean)) throw new AppError('INVALID_INPUT', 'A workspace name cannot contain control characters.');
  return clean;
}

const COUNTRIES: ReadonlySet<string> = new Set(getCountries());

/** A country as libphonenumber-js knows it (ISO 3166 alpha-2, any case); anything else is refused without being repeated back. */
export function countryCode(raw: string): string {
  const code = raw.trim().toUpperCase();
  if (!COUNTRIES.has(code))
    throw new AppError('INVALID_INPUT', 'A country is a two-letter ISO 3166 code with a phone numbering plan, such as US, GB or IN.');
  return code;
}
