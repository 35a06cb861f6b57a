/**
 * `switchboard agent extract set|show|clear`: the fields Claude fills from each answered call of an
 * agent (and the summary it always writes). `set` takes `--field name:type:description` (repeated;
 * an enum's type is `enum(a|b|c)`, required fields are named by `--required`) or `--file schema.json`.
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { ExtractionField, ExtractionSchemaView } from '../../../shared/extraction';
import type { UncheckedSchema } from '../../core/voice/agents/extraction';
import type { CliContext } from '../context';
import { FILE_LIMITS, readInputFile } from '../files';
import { table } from '../io';

interface SetFlags {
  field?: string[];
  required?: string;
  file?: string;
  summaryOnly?: boolean;
}

const FIELD_FORMAT = 'Write each --field as name:type:description, like appointment_time:datetime:When the visit is booked.';

/** One `--field` as a field: the first two colons split it; `enum(a|b)` gives an enum its values. */
export function fieldOf(spec: string, required: ReadonlySet<string>): Record<string, unknown> {
  const first = spec.indexOf(':');
  const second = first < 0 ? -1 : spec.indexOf(':', first + 1);
  if (first < 0 || second < 0) throw new AppError('INVALID_INPUT', FIELD_FORMAT);
  const name = spec.slice(0, first).trim();
  const type = spec.slice(first + 1, second).trim();
  const description = spec.slice(second + 1).trim();
  const choice = /^enum\((.*)\)$/s.exec(type);
  const values = choice ? (choice[1] ?? '').split('|').map((v) => v.trim()) : undefined;
  return { name, type: choice ? 'enum' : type, description, required: required.has(name), ...(values ? { values } : {}) };
}

/** The schema the flags describe. */
function schemaOf(o: SetFlags): UncheckedSchema {
  const given = [o.field !== undefined, o.file !== undefined, o.summaryOnly === true].filter(Boolean).length;
  if (given === 0)
    throw new AppError(
      'INVALID_INPUT',
      'Give the fields with --field (repeat it for each) or --file schema.json, or pass --summary-only for a summary alone.',
    );
  if (given > 1) throw new AppError('INVALID_INPUT', 'Give the fields one way: --field, --file or --summary-only.');
  if (o.summaryOnly) return { fields: [] };
  if (o.file !== undefined) {
    if (o.required !== undefined)
      throw new AppError('INVALID_INPUT', 'Mark required fields inside the file ("required": true), not with --required.');
    const text = readInputFile(o.file, { what: 'schema file', limitBytes: FILE_LIMITS.template, text: true });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('INVALID_INPUT', 'The schema file is not JSON: write {"fields": [{"name": …, "type": …, "description": …}]}.');
    }
    // A bare list of fields is a schema too.
    if (Array.isArray(json)) return { fields: json };
    const fields = (json as { fields?: unknown } | null)?.fields;
    if (!Array.isArray(fields)) throw new AppError('INVALID_INPUT', 'The schema file holds no "fields" list.');
    return { fields };
  }
  const required = new Set(
    (o.required ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const fields = (o.field ?? []).map((spec) => fieldOf(spec, required));
  const unknown = [...required].find((r) => !fields.some((f) => f.name === r));
  if (unknown !== undefined) throw new AppError('INVALID_INPUT', `--required names ${unknown}, which no --field defines.`);
  return { fields };
}

const typeWords = (f: ExtractionField): string => (f.type === 'enum' ? `enum(${(f.values ?? []).join('|')})` : f.type);

function printSchema(ctx: CliContext, agentName: string, s: ExtractionSchemaView): void {
  ctx.out(
    `${agentName} extracts a summary${s.fields.length === 0 ? ' only' : ` and ${s.fields.length} field${s.fields.length === 1 ? '' : 's'}`} (schema version ${s.version}).`,
  );
  if (s.fields.length > 0)
    table(
      [
        ['FIELD', 'TYPE', 'REQUIRED', 'DESCRIPTION'],
        ...s.fields.map((f) => [f.name, typeWords(f), f.required ? 'yes' : 'no', f.description]),
      ],
      ctx.out,
    );
}

/** Registers `agent extract …` under the agent command. */
export function registerAgentExtract(agent: Command, ctx: CliContext): void {
  const extract = agent.command('extract').description('the fields Claude fills from each answered call of an agent, and its summary');

  extract
    .command('set <ws> <agent>')
    .description('set the fields to extract (replacing the agent’s current ones); past calls keep their results until re-run')
    .option(
      '--field <name:type:description>',
      'a field (repeat it); types: string, number, boolean, datetime, enum(a|b|c)',
      (v: string, all: string[] = []) => [...all, v],
    )
    .option('--required <names>', 'comma-separated fields a call must settle to count as extracted')
    .option('--file <schema.json>', 'the fields as JSON: {"fields": [{"name", "type", "description", "required", "values"}]}')
    .option('--summary-only', 'extract only the summary')
    .action((ref: string, which: string, o: SetFlags) => {
      const input = schemaOf(o);
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const a = core.agents.get(ws.id, which);
      const s = core.agentExtraction.set(ws.id, a.id, input, 'cli');
      ctx.print(s, () => printSchema(ctx, a.name, s));
    });

  extract
    .command('show <ws> <agent>')
    .description('show the fields an agent extracts')
    .action((ref: string, which: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const a = core.agents.get(ws.id, which);
      const s = core.agentExtraction.show(ws.id, a.id);
      ctx.print(s, () =>
        s
          ? printSchema(ctx, a.name, s)
          : ctx.out(
              `${a.name} extracts nothing from its calls: set fields with \`switchboard agent extract set ${ws.name} ${a.name} --field NAME:TYPE:DESCRIPTION\`.`,
            ),
      );
    });

  extract
    .command('clear <ws> <agent>')
    .description('stop extracting from the agent’s calls (results already stored stay with their calls)')
    .action((ref: string, which: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const a = core.agents.get(ws.id, which);
      core.agentExtraction.clear(ws.id, a.id, 'cli');
      ctx.print({ cleared: a.id }, () => ctx.out(`${a.name} no longer extracts fields from its calls.`));
    });
}
