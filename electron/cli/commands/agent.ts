/**
 * `switchboard agent create|list|edit|delete|draft|voice` (and `tool`, agent-tool.ts; `scenario`, agent-scenario.ts;
 * `test`, agent-test.ts; `extract`, agent-extract.ts): a workspace's voice agents.
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { AGENT_MODELS, findPersona, LANGUAGE_NAMES, PERSONAS, personaById, type AgentView } from '../../../shared/voice-agents';
import type { AgentPatch } from '../../../shared/voice-agent-schemas';
import type { CliContext } from '../context';
import { table } from '../io';
import { FILE_LIMITS, readInputFile } from '../files';
import { registerAgentScenario } from './agent-scenario';
import { registerAgentTest } from './agent-test';
import { registerAgentExtract } from './agent-extract';
import { registerAgentTool } from './agent-tool';
import { registerAgentTransfer } from './agent-transfer';

/** Flags shared by create and edit. */
interface AgentFlags {
  name?: string;
  language?: string;
  voice?: string;
  greeting?: string;
  promptFile?: string;
  outcomes?: string;
  model?: string;
  smsTool?: string;
  endOfTurn?: string;
  earlyReply?: string;
  record?: string;
  consentLine?: string;
}

/** A confidence flag as a number; one sentence when it is not one. */
function confidenceOf(raw: string, flag: string): number {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value)) throw new AppError('INVALID_INPUT', `${flag} takes a number like 0.7.`);
  return value;
}

const readText = (file: string, what: string): string => readInputFile(file, { what, limitBytes: FILE_LIMITS.prompt, text: true });

/** A persona name or a pasted voice id (checked by the schema). */
const voiceOf = (v: string): string => findPersona(v)?.voiceId ?? v.trim();

/** The flags as a change; only what was given. */
function patchOf(flags: AgentFlags): AgentPatch {
  const patch: { -readonly [K in keyof AgentPatch]: AgentPatch[K] } = {};
  if (flags.name !== undefined) patch.name = flags.name;
  if (flags.language !== undefined) patch.language = flags.language as 'en';
  if (flags.voice !== undefined) patch.voiceId = voiceOf(flags.voice);
  if (flags.greeting !== undefined) patch.greeting = flags.greeting;
  if (flags.promptFile !== undefined) patch.systemPrompt = readText(flags.promptFile, 'prompt file');
  if (flags.outcomes !== undefined)
    patch.outcomes = flags.outcomes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean) as 'interested'[];
  if (flags.model !== undefined) patch.model = flags.model;
  if (flags.endOfTurn !== undefined) patch.eotThreshold = confidenceOf(flags.endOfTurn, '--end-of-turn');
  if (flags.earlyReply !== undefined)
    patch.eagerEotThreshold = flags.earlyReply.trim() === 'off' ? null : confidenceOf(flags.earlyReply, '--early-reply');
  if (flags.smsTool !== undefined) patch.smsTool = onOff(flags.smsTool, '--sms-tool');
  if (flags.record !== undefined) {
    const on = flags.record.trim().toLowerCase();
    if (on !== 'on' && on !== 'off') throw new AppError('INVALID_INPUT', '--record takes on or off.');
    patch.record = on === 'on';
  }
  if (flags.consentLine !== undefined) patch.consentLine = flags.consentLine;
  return patch;
}

/** `on` or `off` (also yes/no, true/false), or one sentence saying what the flag takes. */
function onOff(value: string, flag: string): boolean {
  const word = value.trim().toLowerCase();
  if (['on', 'yes', 'true'].includes(word)) return true;
  if (['off', 'no', 'false'].includes(word)) return false;
  throw new AppError('INVALID_INPUT', `${flag} takes on or off.`);
}

const voiceName = (a: AgentView): string => personaById(a.voiceId)?.name ?? `custom ${a.voiceId}`;

function withAgentFlags(command: Command): Command {
  return command
    .option('--language <en|hi>', 'the language the agent speaks (en or hi)')
    .option('--voice <id|persona>', `a persona (${PERSONAS.map((p) => p.name).join(', ')}) or a Cartesia voice id`)
    .option('--greeting <text>', 'the first sentence of every call')
    .option('--prompt-file <file>', 'the system prompt, from a text file')
    .option(
      '--outcomes <list>',
      'comma-separated outcomes the agent classifies calls into (interested,callback,not_interested,do_not_call)',
    )
    .option('--model <id>', `the in-call model (${AGENT_MODELS.map((m) => m.id).join(', ')})`)
    .option('--end-of-turn <0.5-1>', 'how sure Deepgram Flux must be that the caller finished before the agent answers (default 0.7)')
    .option('--early-reply <0.3-0.9|off>', 'how sure Flux must be to start preparing the reply early (default 0.5; off waits for the turn)')
    .option('--sms-tool <on|off>', 'let the agent text the number on the line during a call (send_sms; off by default)')
    .option('--record <on|off>', 'record both sides of its calls, sealed (default off); the consent line is said first')
    .option('--consent-line <text>', 'what the agent says first, before its greeting, when it records (default "This call is recorded.")');
}

/** Registers the agent commands. */
export function registerAgent(program: Command, ctx: CliContext): void {
  const agent = program.command('agent').description('voice agents: persona, greeting, prompt, outcomes, model');
  const show = (agent: AgentView): void => {
    ctx.out(`${agent.name} (${agent.id})`);
    ctx.out(`  Language: ${LANGUAGE_NAMES[agent.language]} · Voice: ${voiceName(agent)} · Model: ${agent.model}`);
    ctx.out(`  Greeting: ${agent.greeting}`);
    ctx.out(`  Outcomes: ${agent.outcomes.join(', ')}`);
    ctx.out(
      `  Turn-taking: answers at ${agent.eotThreshold} end-of-turn confidence; ` +
        `${agent.eagerEotThreshold === null ? 'no early replies' : `prepares early at ${agent.eagerEotThreshold}`}`,
    );
    ctx.out(`  SMS tool: ${agent.smsTool ? '✓ on (texts only the number on the line)' : '○ off'}`);
    ctx.out(`  Recording: ${agent.record ? `on — says first: ${agent.consentLine}` : 'off'}`);
    ctx.out(`  Prompt: ${agent.systemPrompt.length} characters`);
  };

  withAgentFlags(
    agent
      .command('create <ws>')
      .description('create a voice agent')
      .requiredOption('--name <name>', 'the agent’s name (unique in the workspace)'),
  ).action((ref: string, flags: AgentFlags) => {
    const core = ctx.core();
    const ws = core.workspaces.find(ref);
    if (flags.promptFile === undefined)
      throw new AppError('INVALID_INPUT', 'An agent needs a system prompt: pass --prompt-file (or draft one with `agent draft`).');
    const patch = patchOf(flags);
    const created = core.agents.create(ws.id, { ...patch, name: patch.name ?? '', systemPrompt: patch.systemPrompt ?? '' }, 'cli');
    ctx.print(created, () => {
      ctx.out(`Created voice agent ${created.name} in ${ws.name}.`);
      show(created);
    });
  });

  agent
    .command('list <ws>')
    .description('list a workspace’s voice agents')
    .action((ref: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const agents = core.agents.list(ws.id);
      ctx.print(agents, () => {
        if (agents.length === 0)
          return ctx.out(
            `${ws.name} has no voice agents yet: create one with \`switchboard agent create ${ws.name} --name NAME --prompt-file FILE\`.`,
          );
        table(
          [
            ['NAME', 'LANGUAGE', 'VOICE', 'MODEL', 'OUTCOMES', 'SMS TOOL'],
            ...agents.map((agent) => [
              agent.name,
              LANGUAGE_NAMES[agent.language],
              voiceName(agent),
              agent.model,
              agent.outcomes.join(','),
              agent.smsTool ? '✓ on' : '○ off',
            ]),
          ],
          ctx.out,
        );
      });
    });

  withAgentFlags(agent.command('edit <ws> <agent>').description('change a voice agent').option('--name <name>', 'a new name')).action(
    (ref: string, which: string, flags: AgentFlags) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const patch = patchOf(flags);
      if (Object.keys(patch).length === 0)
        throw new AppError(
          'INVALID_INPUT',
          'Say what to change: --name, --language, --voice, --greeting, --prompt-file, --outcomes, --model or --sms-tool.',
        );
      const updated = core.agents.update(ws.id, which, patch, 'cli');
      ctx.print(updated, () => {
        ctx.out(`Updated voice agent ${updated.name}.`);
        show(updated);
      });
    },
  );

  agent
    .command('delete <ws> <agent>')
    .description('delete a voice agent')
    .action((ref: string, which: string) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const agent = core.agents.get(ws.id, which);
      core.agents.delete(ws.id, agent.id, 'cli');
      ctx.print({ deleted: agent.id }, () => ctx.out(`Deleted voice agent ${agent.name}.`));
    });

  agent
    .command('draft <ws>')
    .description('draft a system prompt and greeting from a brief, with the authoring model (nothing is saved)')
    .requiredOption('--brief-file <file>', 'the brief: who is called, why, what counts as success')
    .option('--language <en|hi>', 'the language the agent will speak', 'en')
    .action(async (ref: string, flags: { briefFile: string; language: string }) => {
      if (flags.language !== 'en' && flags.language !== 'hi')
        throw new AppError('INVALID_INPUT', 'The language must be en (English) or hi (Hindi).');
      const brief = readText(flags.briefFile, 'brief file');
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const draft = await core.agents.draftPrompt(ws.id, brief, flags.language);
      ctx.print(draft, () => {
        ctx.out(`Greeting: ${draft.greeting}`);
        ctx.out('');
        ctx.out(draft.systemPrompt);
      });
    });

  agent
    .command('voice <ws> <agent>')
    .description('check the agent’s voice against the workspace’s Cartesia key (falls back to the closest public persona)')
    .action(async (ref: string, which: string) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const check = await core.agents.checkVoice(ws.id, which);
      ctx.print(check, () =>
        ctx.out(
          check.fellBack ? (check.reason ?? '') : `The Cartesia key can use this voice${check.persona ? ` (${check.persona})` : ''}.`,
        ),
      );
    });

  registerAgentTool(agent, ctx);
  registerAgentScenario(agent, ctx);
  registerAgentTest(agent, ctx);
  registerAgentExtract(agent, ctx);
  registerAgentTransfer(agent, ctx);
}
