/**
 * `switchboard agent tool add|list|remove`: an agent's HTTP tools. The secret header's value is read
 * from standard input (or a hidden prompt at a terminal), never from argv, and never printed.
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { TOOL_TIMEOUT_MS, type AgentToolView } from '../../../shared/agent-tools';
import type { CliContext } from '../context';
import { FILE_LIMITS, readInputFile } from '../files';
import { promptHidden, readStdin, table } from '../io';

interface AddFlags {
  name: string;
  description: string;
  url: string;
  parametersFile?: string;
  secretHeader?: string;
  timeout?: string;
}

/** The parameters schema from a JSON file, or a tool that takes no input. */
function parametersOf(file: string | undefined): Record<string, unknown> {
  if (file === undefined) return { type: 'object', properties: {} };
  const text = readInputFile(file, { what: 'parameters file', limitBytes: FILE_LIMITS.template, text: true });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_INPUT', 'The parameters file is not JSON: write a JSON schema of type "object".');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new AppError('INVALID_INPUT', 'The parameters must be a JSON schema of type "object".');
  return json as Record<string, unknown>;
}

/** The secret header's value: stdin when piped, else a hidden prompt. */
async function secretOf(ctx: CliContext, header: string): Promise<string> {
  const stdin = ctx.stdin as NodeJS.ReadStream;
  const value = stdin.isTTY ? await promptHidden(`Value of the ${header} header (hidden): `) : await readStdin(stdin, 8 * 1024);
  // One line: a trailing newline from `echo` or a file is not part of the value.
  return value.replace(/\r?\n$/, '');
}

const where = (tool: AgentToolView): string => {
  const parsed = new URL(tool.url);
  return `${parsed.host}${parsed.pathname}`;
};

/** Registers `agent tool …` under the agent command. */
export function registerAgentTool(agent: Command, ctx: CliContext): void {
  const tool = agent.command('tool').description('an agent’s HTTP tools: operator-fixed https URLs the agent may call during a call');

  tool
    .command('add <ws> <agent>')
    .description('add an HTTP tool (a secret header’s value is read from standard input or a hidden prompt)')
    .requiredOption('--name <name>', 'the tool’s name as the model sees it (letters, digits, _ and -)')
    .requiredOption('--description <text>', 'when the model should call it')
    .requiredOption('--url <https-url>', 'the https URL Switchboard POSTs the model’s input to (fixed: the model cannot change it)')
    .option('--parameters-file <file>', 'a JSON schema of type "object" for the input (default: no input)')
    .option('--secret-header <name>', 'a header sent with every call (e.g. Authorization); its value is sealed like a key')
    .option(
      '--timeout <ms>',
      `milliseconds to wait for an answer (${TOOL_TIMEOUT_MS.min}–${TOOL_TIMEOUT_MS.max}, default ${TOOL_TIMEOUT_MS.default})`,
    )
    .action(async (ref: string, which: string, flags: AddFlags) => {
      const timeoutMs = flags.timeout === undefined ? undefined : Number(flags.timeout);
      if (timeoutMs !== undefined && !Number.isInteger(timeoutMs))
        throw new AppError('INVALID_INPUT', 'The timeout is a whole number of milliseconds.');
      const parameters = parametersOf(flags.parametersFile);
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const secret = flags.secretHeader === undefined ? null : await secretOf(ctx, flags.secretHeader);
      const added = core.agentTools.add(
        ws.id,
        which,
        { name: flags.name, description: flags.description, url: flags.url, parameters, secretHeader: flags.secretHeader, timeoutMs },
        secret,
        'cli',
      );
      ctx.print(added, () =>
        ctx.out(
          `Added tool ${added.name} (${where(added)}${added.secretHeader ? `, ${added.secretHeader} header sealed` : ''}, ${added.timeoutMs} ms).`,
        ),
      );
    });

  tool
    .command('list <ws> <agent>')
    .description('list an agent’s HTTP tools')
    .action((ref: string, which: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const tools = core.agentTools.list(ws.id, which);
      ctx.print(tools, () => {
        if (tools.length === 0)
          return ctx.out(
            `That agent has no tools yet: add one with \`switchboard agent tool add ${ws.name} AGENT --name N --description D --url https://…\`.`,
          );
        table(
          [
            ['NAME', 'URL', 'SECRET HEADER', 'TIMEOUT'],
            ...tools.map((t) => [t.name, where(t), t.secretHeader ?? '—', `${t.timeoutMs} ms`]),
          ],
          ctx.out,
        );
      });
    });

  tool
    .command('remove <ws> <agent> <tool>')
    .description('remove an HTTP tool (its sealed secret header is destroyed)')
    .action((ref: string, which: string, name: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const removed = core.agentTools.remove(ws.id, which, name, 'cli');
      ctx.print({ removed: removed.id, name: removed.name }, () => ctx.out(`Removed tool ${removed.name}.`));
    });
}
