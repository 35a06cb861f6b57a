/**
 * `.env` import: dotenv's parser reads the file, the well-known names map variables to provider
 * fields, and a preview says per provider what was found, whether it has the right shape and what
 * is missing. Only confirmed, complete credentials are stored, unverified, in one transaction.
 * No value leaves this module except into the vault: the preview carries masked hints only.
 */
import { parse } from 'dotenv';
import { AppError } from '../../../shared/errors';
import type { CredentialView, Environment } from '../../../shared/domain';
import { CATALOG, checkFieldFormat, getField, getProvider, validateFields } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import type { Actor } from '../audit/audit';
import type { Core } from '../app';
import { maskSecret } from '../credentials/mask';
import { tx } from '../store/db';
import { matchEnvName, splitCloudinaryUrl } from './env-names';

/** One field found for a credential. */
export interface EnvFieldPreview {
  readonly field: string;
  readonly label: string;
  /** The variable it came from, as written. */
  readonly variable: string;
  readonly line: number;
  readonly secret: boolean;
  /** A masked hint, never the value. */
  readonly hint: string;
  /** The format problem in one sentence, or null. */
  readonly problem: string | null;
  /** Written under a prefix bundlers ship to browsers (NEXT_PUBLIC_, VITE_, …). */
  readonly public: boolean;
}

/** One credential the file would make. */
export interface EnvCredentialPreview {
  readonly provider: ProviderId;
  readonly providerName: string;
  readonly environment: Environment;
  readonly fields: readonly EnvFieldPreview[];
  /** Labels of required fields the file lacks. */
  readonly missing: readonly string[];
  /** ready: can be stored; incomplete: a required field is missing; invalid: a value has the wrong shape. */
  readonly verdict: 'ready' | 'incomplete' | 'invalid';
  readonly warnings: readonly string[];
}

/** A line that is not stored, and why. */
export interface EnvSkippedLine {
  readonly line: number;
  /** The variable name, when it is safe to repeat (a name that looks like a secret is not shown). */
  readonly name: string | null;
  readonly reason: 'unknown' | 'not-used' | 'duplicate' | 'empty' | 'not-a-variable';
  readonly note: string;
}

/** What importing a file would do. */
export interface EnvPreview {
  readonly credentials: readonly EnvCredentialPreview[];
  readonly skipped: readonly EnvSkippedLine[];
  readonly lineCount: number;
}

/** A preview plus the values, which stay inside the core. */
interface EnvPlan {
  readonly preview: EnvPreview;
  readonly values: ReadonlyMap<ProviderId, Readonly<Record<string, string>>>;
}

/** Largest .env file accepted: far beyond any real one, small enough to parse at once. */
// The console's dialog and IPC schema say the same (shared/ipc/offline-channels.ts), and so does the CLI (cli/files.ts).
export const MAX_ENV_BYTES = 256 * 1024;

/** The prefixes providers document for their keys (as in credentials/mask.ts): a name starting with one is a key pasted before an `=`. */
const KEY_PREFIX = /^(sk[-_]|rk_|re_|SG\.|gh[pousr]_|github_pat_|sntry[us]_|AC[0-9a-f]{8}|AKIA[A-Z0-9]{8})/;

/**
 * A name is repeated only when it looks like a variable name, not like a key pasted before an `=`:
 * the usual characters, few digits (random keys are full of them) and no key prefix.
 */
function shownName(name: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_.]{0,63}$/.test(name)) return null;
  if ((name.match(/[0-9]/g) ?? []).length > 3) return null;
  if (KEY_PREFIX.test(name)) return null;
  return name;
}

interface Found {
  readonly provider: ProviderId;
  readonly field: string;
  readonly variable: string;
  readonly line: number;
  readonly value: string;
  readonly public: boolean;
}

/** Reads a .env text into a plan; it writes nothing and throws only for a file too large to be one. */
export function planEnv(text: string): EnvPlan {
  if (Buffer.byteLength(text, 'utf8') > MAX_ENV_BYTES)
    throw new AppError('INVALID_INPUT', `That file is too large to be a .env file (at most ${MAX_ENV_BYTES / 1024} KB).`);
  const values = parse(text);
  const lines = text.split(/\r?\n/);
  const skipped: EnvSkippedLine[] = [];
  // Which line each name was last set on: dotenv, like a shell, keeps the last value.
  const lastLine = new Map<string, number>();
  const order: { name: string; line: number }[] = [];
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const names = Object.keys(parse(raw));
    if (names.length === 0) {
      skipped.push({ line: i + 1, name: null, reason: 'not-a-variable', note: 'Not a NAME=value line (its content is not shown).' });
      return;
    }
    for (const name of names) {
      order.push({ name, line: i + 1 });
      lastLine.set(name, i + 1);
    }
  });
  const found = new Map<string, Found>();
  for (const { name, line } of order) {
    const shown = shownName(name);
    if (lastLine.get(name) !== line) {
      skipped.push({
        line,
        name: shown,
        reason: 'duplicate',
        note: `Set again on line ${lastLine.get(name) ?? '?'}; the later value is used.`,
      });
      continue;
    }
    const value = (values[name] ?? '').trim();
    const match = matchEnvName(name);
    if (match.kind === 'unknown') {
      skipped.push({ line, name: shown, reason: 'unknown', note: 'Not a variable Switchboard knows; not stored.' });
      continue;
    }
    if (match.kind === 'not-used') {
      skipped.push({
        line,
        name: shown,
        reason: 'not-used',
        note: `${getProvider(match.provider).name} uses this, but Switchboard does not need it; not stored.`,
      });
      continue;
    }
    if (value === '') {
      skipped.push({ line, name: shown, reason: 'empty', note: 'The value is empty.' });
      continue;
    }
    const isPublic = match.publicPrefix !== null;
    const put = (provider: ProviderId, field: string, v: string): void => {
      const k = `${provider}.${field}`;
      const before = found.get(k);
      if (before)
        skipped.push({
          line: before.line,
          name: shownName(before.variable),
          reason: 'duplicate',
          note: `Another name for the same field is set on line ${line}; that later value is used.`,
        });
      found.set(k, { provider, field, variable: name, line, value: v, public: isPublic });
    };
    if (match.kind === 'cloudinary-url') {
      const parts = splitCloudinaryUrl(value);
      if (!parts) {
        skipped.push({ line, name: shown, reason: 'unknown', note: 'Not in the cloudinary://key:secret@cloud form; not stored.' });
        continue;
      }
      for (const [field, v] of Object.entries(parts)) put('cloudinary', field, v);
      continue;
    }
    put(match.target.provider, match.target.field, value);
  }
  return group([...found.values()], skipped, lines.length);
}

function group(found: readonly Found[], skipped: EnvSkippedLine[], lineCount: number): EnvPlan {
  const byProvider = new Map<ProviderId, Found[]>();
  for (const f of found) byProvider.set(f.provider, [...(byProvider.get(f.provider) ?? []), f]);
  const credentials: EnvCredentialPreview[] = [];
  const values = new Map<ProviderId, Record<string, string>>();
  for (const descriptor of CATALOG) {
    const items = byProvider.get(descriptor.id);
    if (!items) continue;
    const fields = Object.fromEntries(items.map((f) => [f.field, f.value]));
    const views: EnvFieldPreview[] = items
      .sort((a, b) => descriptor.fields.findIndex((x) => x.name === a.field) - descriptor.fields.findIndex((x) => x.name === b.field))
      .map((f) => {
        const d = getField(descriptor, f.field);
        return {
          field: f.field,
          label: d?.label ?? f.field,
          variable: f.variable,
          line: f.line,
          secret: d?.secret ?? true,
          hint: maskSecret(f.value),
          problem: checkFieldFormat(descriptor, f.field, f.value),
          public: f.public,
        };
      });
    const missing = descriptor.fields.filter((d) => d.required && !(d.name in fields)).map((d) => d.label);
    const checked = validateFields(descriptor.id, fields);
    const verdict = checked.ok ? 'ready' : missing.length > 0 ? 'incomplete' : 'invalid';
    const warnings = views
      .filter((v) => v.public && v.secret)
      .map(
        (v) =>
          `${v.variable} uses a public prefix: bundlers put such values in the web page, so this ${v.label} may already be exposed; consider replacing it at ${descriptor.name}.`,
      );
    // Stripe says test or live in the key itself; a test key belongs to the test environment.
    const environment: Environment = descriptor.id === 'stripe' && /^(sk|rk)_test_/.test(fields.secretKey ?? '') ? 'test' : 'production';
    credentials.push({ provider: descriptor.id, providerName: descriptor.name, environment, fields: views, missing, verdict, warnings });
    values.set(descriptor.id, fields);
  }
  skipped.sort((a, b) => a.line - b.line);
  return { preview: { credentials, skipped, lineCount }, values };
}

/** Reads a .env text and says what importing it would do; nothing is written. */
export function previewEnv(text: string): EnvPreview {
  return planEnv(text).preview;
}

/** What an import stored. */
export interface EnvImportResult {
  readonly stored: readonly CredentialView[];
  readonly preview: EnvPreview;
}

/**
 * Stores the ready credentials of a .env text in one workspace, all in one transaction (unverified:
 * the caller checks them when online). `providers` limits it to the ones the operator confirmed;
 * naming one that is not ready refuses the whole import.
 */
export function importEnv(
  core: Core,
  input: { workspaceId: string; text: string; providers?: readonly ProviderId[]; source?: string },
  actor: Actor,
): EnvImportResult {
  const ws = core.workspaces.get(input.workspaceId);
  const { preview, values } = planEnv(input.text);
  const wanted = input.providers ?? preview.credentials.filter((c) => c.verdict === 'ready').map((c) => c.provider);
  const chosen = wanted.map((id) => {
    const c = preview.credentials.find((x) => x.provider === id);
    if (!c) throw new AppError('INVALID_INPUT', `The file has no ${getProvider(id).name} variables; nothing was imported.`);
    if (c.verdict !== 'ready')
      throw new AppError(
        'INVALID_INPUT',
        `The ${c.providerName} key in the file is ${c.verdict === 'incomplete' ? `missing ${c.missing.join(', ')}` : 'not in the right format'}; nothing was imported.`,
      );
    return c;
  });
  if (chosen.length === 0)
    throw new AppError('INVALID_INPUT', 'The file holds no complete key Switchboard can store; nothing was imported.');
  // The data key is made (or opened) before the transaction, so a rollback cannot leave a cached key without its row.
  core.vault.dataKey(ws.id);
  const stored = tx(core.db, () => {
    const views = chosen.map((c) =>
      core.credentials.add(
        {
          workspaceId: ws.id,
          provider: c.provider,
          environment: c.environment,
          fields: values.get(c.provider) ?? {},
          nickname: `${c.providerName} (imported)`,
        },
        actor,
      ),
    );
    core.audit.append({
      actor,
      action: 'import.env',
      workspaceId: ws.id,
      detail: {
        providers: chosen.map((c) => c.provider),
        stored: views.length,
        skippedLines: preview.skipped.length,
        source: input.source ?? 'file',
      },
    });
    return views;
  });
  return { stored, preview };
}
