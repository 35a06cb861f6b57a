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
function schemaOf(flags: SetFlags): UncheckedSchema {
  const given = [flags.field !== undefined, flags.file !== undefined, flags.summaryOnly === true].filter(Boolean).length;
  if (given === 0)
    throw new AppError(
      'INVALID_INPUT',
      'Give the fields with --field (repeat it for each) or --file schema.json, or pass --summary-only for a summary alone.',
    );
  if (given > 1) throw new AppError('INVALID_INPUT', 'Give the fields one way: --field, --file or --summary-only.');
  if (flags.summaryOnly) return { fields: [] };
  if (flags.file !== undefined) {
    if (flags.required !== undefined)
      throw new AppError('INVALID_INPUT', 'Mark required fields inside the file ("required": true), not with --required.');
    const text = readInputFile(flags.file, { what: 'schema file', limitBytes: FILE_LIMITS.template, text: true });
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
    (flags.required ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const fields = (flags.field ?? []).map((spec) => fieldOf(spec, required));
  const unknown = [...required].find((r) => !fields.some((f) => f.name === r));
  if (unknown !== undefined) throw new AppError('INVALID_INPUT', `--required names ${unknown}, which no --field defines.`);
  return { fields };
}

const typeWords = (field: ExtractionField): string => (field.type === 'enum' ? `enum(${(field.values ?? []).join('|')})` : field.type);

function printSchema(ctx: CliContext, agentName: string, schema: ExtractionSchemaView): void {
  ctx.out(
    `${agentName} extracts a ` +
      `summary${schema.fields.length === 0 ? ' only' : ` and ${schema.fields.length} field${schema.fields.length === 1 ? '' : 's'}`} ` +
      `(schema version ${schema.version}).`,
  );
  if (schema.fields.length > 0)
    table(
      [
        ['FIELD', 'TYPE', 'REQUIRED', 'DESCRIPTION'],
        ...schema.fields.map((f) => [f.name, typeWords(f), f.required ? 'yes' : 'no', f.description]),
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
    .action((ref: string, which: string, flags: SetFlags) => {
      const input = schemaOf(flags);
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const agent = core.agents.get(ws.id, which);
      const schema = core.agentExtraction.set(ws.id, agent.id, input, 'cli');
      ctx.print(schema, () => printSchema(ctx, agent.name, schema));
    });

  extract
    .command('show <ws> <agent>')
    .description('show the fields an agent extracts')
    .action((ref: string, which: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const agent = core.agents.get(ws.id, which);
      const schema = core.agentExtraction.show(ws.id, agent.id);
      ctx.print(schema, () =>
        schema
          ? printSchema(ctx, agent.name, schema)
          : ctx.out(
              `${agent.name} extracts nothing from its calls: set fields with \`switchboard agent extract set ${ws.name} ${agent.name} ` +
                `--field NAME:TYPE:DESCRIPTION\`.`,
            ),
      );
    });

  extract
    .command('clear <ws> <agent>')
    .description('stop extracting from the agent’s calls (results already stored stay with their calls)')
    .action((ref: string, which: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const agent = core.agents.get(ws.id, which);
      core.agentExtraction.clear(ws.id, agent.id, 'cli');
      ctx.print({ cleared: agent.id }, () => ctx.out(`${agent.name} no longer extracts fields from its calls.`));
    });
}
