/**
 * Every table has one owner: its repository is the only core file with SQL on it, and everything
 * else asks the owner (docs/ARCHITECTURE.md, "Invariants"). The SQL is read from the string and
 * template literals of electron/core (migrations aside), so a comment that says "from calls" is not
 * SQL and a query written in lower case still is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const core = join(root, 'electron', 'core');
const migrations = join(core, 'store', 'migrations');

/** Each table and the one file (under electron/core) that may hold SQL on it. */
const OWNERS: Readonly<Record<string, string>> = {
  age_identities: 'offline/identities.ts',
  agent_scenarios: 'voice/scenarios/repo.ts',
  agent_test_results: 'voice/scenarios/repo.ts',
  agent_test_runs: 'voice/scenarios/repo.ts',
  agent_tools: 'voice/agents/tools-repo.ts',
  inbound_numbers: 'voice/numbers/repo.ts',
  agent_extraction: 'voice/agents/extraction-repo.ts',
  call_extractions: 'voice/calls/extractions-repo.ts',
  audit_head: 'audit/audit.ts',
  audit_log: 'audit/audit.ts',
  call_events: 'voice/calls/events-repo.ts',
  call_lead_issues: 'campaigns/voice/repo.ts',
  call_leads: 'campaigns/voice/repo.ts',
  call_transcript: 'voice/calls/repo.ts',
  call_usage: 'voice/calls/repo.ts',
  calls: 'voice/calls/repo.ts',
  call_recordings: 'voice/calls/recordings-repo.ts',
  recording_retention: 'voice/calls/recordings-repo.ts',
  campaign_exclusions: 'campaigns/repo.ts',
  campaigns: 'campaigns/repo.ts',
  check_results: 'credentials/repo.ts',
  credentials: 'credentials/repo.ts',
  data_keys: 'vault/vault.ts',
  dnc_entries: 'messaging/dnc.ts',
  dnc_lists: 'messaging/dnc.ts',
  key_rotations: 'credentials/rotations-repo.ts',
  messages: 'messaging/outbox.ts',
  sender_leases: 'campaigns/messaging/sender-lease.ts',
  spend_alerts: 'usage/repo.ts',
  transfer_targets: 'voice/agents/transfers-repo.ts',
  usage_daily: 'usage/repo.ts',
  vault_meta: 'vault/vault.ts',
  voice_agents: 'voice/agents/repo.ts',
  voice_campaigns: 'campaigns/voice/repo.ts',
  workflow_rules: 'campaigns/workflows.ts',
  workspaces: 'workspaces/workspaces.ts',
};

/** A keyword that names the table it is followed by. */
const TOUCH = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(?:main\.)?([a-z_][a-z0-9_]*)\b/gi;

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The text of every string and template literal in a source (a template's holes become a space). */
function literals(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text);
    else if (ts.isTemplateExpression(node)) found.push([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' '));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The tables the migrations create. */
function tablesCreated(): Set<string> {
  const tables = new Set<string>();
  for (const file of sources(migrations)) {
    for (const text of literals(file))
      for (const match of text.matchAll(/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/gi)) tables.add(match[1] as string);
  }
  return tables;
}

/** The known tables a source's SQL touches. */
function touchedIn(texts: readonly string[], tables: ReadonlySet<string>): Set<string> {
  const touched = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(TOUCH)) if (tables.has(match[1] as string)) touched.add(match[1] as string);
  return touched;
}

/** Which known tables each core file's SQL touches, by path relative to electron/core. */
function touchesByFile(tables: ReadonlySet<string>): Map<string, Set<string>> {
  const byFile = new Map<string, Set<string>>();
  for (const file of sources(core).filter((path) => !path.startsWith(migrations + sep))) {
    const touched = touchedIn(literals(file), tables);
    if (touched.size > 0) byFile.set(relative(core, file).split(sep).join('/'), touched);
  }
  return byFile;
}

describe('table ownership', () => {
  const tables = tablesCreated();
  const byFile = touchesByFile(tables);

  it('names an owner for every table the migrations create, and no table they do not', () => {
    expect(tables.size).toBeGreaterThan(20);
    expect([...tables].sort()).toEqual(Object.keys(OWNERS).sort());
  });

  it('finds SQL on every table in its owner', () => {
    const unused = Object.entries(OWNERS).filter(([table, owner]) => !byFile.get(owner)?.has(table));
    expect(unused).toEqual([]);
  });

  it('finds no SQL on a table outside its owner', () => {
    const trespass = [...byFile].flatMap(([file, touched]) =>
      [...touched].filter((table) => OWNERS[table] !== file).map((table) => `${file} touches ${table} (owner: ${OWNERS[table]})`),
    );
    expect(trespass).toEqual([]);
  });

  it('reads a query as SQL whatever its case, and a comment as no SQL', () => {
    const hole = '$' + '{other}';
    const source = [
      '// Reads from calls.',
      `const q = \`select 1 from messages m join ${hole} left join call_usage u\`;`,
      '/* update workspaces */',
    ].join('\n');
    expect([...touchedIn(literals('probe.ts', source), tables)]).toEqual(['messages', 'call_usage']);
  });
});
