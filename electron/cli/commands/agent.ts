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
function patchOf(o: AgentFlags): AgentPatch {
  const patch: { -readonly [K in keyof AgentPatch]: AgentPatch[K] } = {};
  if (o.name !== undefined) patch.name = o.name;
  if (o.language !== undefined) patch.language = o.language as 'en';
  if (o.voice !== undefined) patch.voiceId = voiceOf(o.voice);
  if (o.greeting !== undefined) patch.greeting = o.greeting;
  if (o.promptFile !== undefined) patch.systemPrompt = readText(o.promptFile, 'prompt file');
  if (o.outcomes !== undefined)
    patch.outcomes = o.outcomes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean) as 'interested'[];
  if (o.model !== undefined) patch.model = o.model;
  if (o.endOfTurn !== undefined) patch.eotThreshold = confidenceOf(o.endOfTurn, '--end-of-turn');
  if (o.earlyReply !== undefined)
    patch.eagerEotThreshold = o.earlyReply.trim() === 'off' ? null : confidenceOf(o.earlyReply, '--early-reply');
  if (o.smsTool !== undefined) patch.smsTool = onOff(o.smsTool, '--sms-tool');
  if (o.record !== undefined) {
    const on = o.record.trim().toLowerCase();
    if (on !== 'on' && on !== 'off') throw new AppError('INVALID_INPUT', '--record takes on or off.');
    patch.record = on === 'on';
  }
  if (o.consentLine !== undefined) patch.consentLine = o.consentLine;
  return patch;
}

/** `on` or `off` (also yes/no, true/false), or one sentence saying what the flag takes. */
function onOff(value: string, flag: string): boolean {
  const v = value.trim().toLowerCase();
  if (['on', 'yes', 'true'].includes(v)) return true;
  if (['off', 'no', 'false'].includes(v)) return false;
  throw new AppError('INVALID_INPUT', `${flag} takes on or off.`);
}

const voiceName = (a: AgentView): string => personaById(a.voiceId)?.name ?? `custom ${a.voiceId}`;

function withAgentFlags(c: Command): Command {
  return c
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
  const show = (a: AgentView): void => {
    ctx.out(`${a.name} (${a.id})`);
    ctx.out(`  Language: ${LANGUAGE_NAMES[a.language]} · Voice: ${voiceName(a)} · Model: ${a.model}`);
    ctx.out(`  Greeting: ${a.greeting}`);
    ctx.out(`  Outcomes: ${a.outcomes.join(', ')}`);
    ctx.out(
      `  Turn-taking: answers at ${a.eotThreshold} end-of-turn confidence; ${a.eagerEotThreshold === null ? 'no early replies' : `prepares early at ${a.eagerEotThreshold}`}`,
    );
    ctx.out(`  SMS tool: ${a.smsTool ? '✓ on (texts only the number on the line)' : '○ off'}`);
    ctx.out(`  Recording: ${a.record ? `on — says first: ${a.consentLine}` : 'off'}`);
    ctx.out(`  Prompt: ${a.systemPrompt.length} characters`);
  };

  withAgentFlags(
    agent
      .command('create <ws>')
      .description('create a voice agent')
      .requiredOption('--name <name>', 'the agent’s name (unique in the workspace)'),
  ).action((ref: string, o: AgentFlags) => {
    const core = ctx.core();
    const ws = core.workspaces.find(ref);
    if (o.promptFile === undefined)
      throw new AppError('INVALID_INPUT', 'An agent needs a system prompt: pass --prompt-file (or draft one with `agent draft`).');
    const p = patchOf(o);
    const created = core.agents.create(ws.id, { ...p, name: p.name ?? '', systemPrompt: p.systemPrompt ?? '' }, 'cli');
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
            ...agents.map((a) => [
              a.name,
              LANGUAGE_NAMES[a.language],
              voiceName(a),
              a.model,
              a.outcomes.join(','),
              a.smsTool ? '✓ on' : '○ off',
            ]),
          ],
          ctx.out,
        );
      });
    });

  withAgentFlags(agent.command('edit <ws> <agent>').description('change a voice agent').option('--name <name>', 'a new name')).action(
    (ref: string, which: string, o: AgentFlags) => {
      const core = ctx.core();
      const ws = core.workspaces.find(ref);
      const p = patchOf(o);
      if (Object.keys(p).length === 0)
        throw new AppError(
          'INVALID_INPUT',
          'Say what to change: --name, --language, --voice, --greeting, --prompt-file, --outcomes, --model or --sms-tool.',
        );
      const updated = core.agents.update(ws.id, which, p, 'cli');
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
      const a = core.agents.get(ws.id, which);
      core.agents.delete(ws.id, a.id, 'cli');
      ctx.print({ deleted: a.id }, () => ctx.out(`Deleted voice agent ${a.name}.`));
    });

  agent
    .command('draft <ws>')
    .description('draft a system prompt and greeting from a brief, with the authoring model (nothing is saved)')
    .requiredOption('--brief-file <file>', 'the brief: who is called, why, what counts as success')
    .option('--language <en|hi>', 'the language the agent will speak', 'en')
    .action(async (ref: string, o: { briefFile: string; language: string }) => {
      if (o.language !== 'en' && o.language !== 'hi')
        throw new AppError('INVALID_INPUT', 'The language must be en (English) or hi (Hindi).');
      const brief = readText(o.briefFile, 'brief file');
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const draft = await core.agents.draftPrompt(ws.id, brief, o.language);
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
