/**
 * `switchboard call WS NUMBER --agent A (--public-url URL | --tunnel)`: one voice-agent call, its
 * transcript live on the terminal (JSON events with --json), exit when it ends and its results were
 * extracted (when the agent extracts any).
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { CliContext } from '../context';
import { portOf, printCallEvent, reachOf, type ReachFlags } from './voice-print';

interface CallFlags extends ReachFlags {
  agent?: string;
}

/** Registers `call`. */
export function registerCall(program: Command, ctx: CliContext): void {
  program
    .command('call <ws> <number>')
    .description('place one outbound voice-agent call; needs completed onboarding')
    .option('--agent <name|id>', 'the voice agent that holds the conversation')
    .option('--public-url <url>', 'the https address your reverse proxy forwards to this computer')
    .option('--tunnel', "open an ngrok tunnel with the agency's authtoken")
    .option('--port <n>', 'the local port of the media server (default any free one)')
    .action(async (ref: string, number: string, flags: CallFlags) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      if (!flags.agent) throw new AppError('INVALID_INPUT', 'A call needs --agent: the voice agent that holds the conversation.');
      const agent = core.agents.get(ws.id, flags.agent);
      const reach = reachOf(flags);
      const runner = await core.voice.serve(reach, { port: portOf(flags.port) });
      const stop = (): void => {
        void runner.stop();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        runner.onEvent((e) => printCallEvent(ctx, e));
        if (!ctx.json())
          ctx.out(
            `Calling ${number} for ${ws.name} with ${agent.name}; carriers reach this computer at ${runner.state().reach.url}. Ctrl-C hangs up.`,
          );
        const placed = await runner.place({ workspaceId: ws.id, agentId: agent.id, to: number, actor: 'cli' });
        // A voice the client's Cartesia key cannot use: the call speaks with the closest public persona, and says so.
        if (placed.voiceNote && !ctx.json()) ctx.out(placed.voiceNote);
        const end = await placed.done;
        if (!ctx.json()) ctx.out(`Call ${placed.id} ended after ${end.durationSeconds} s: ${end.outcome}.`);
        // The process would take an extraction in flight down with it: the result is waited for (bounded), then said.
        await end.extraction;
        const extraction = end.extraction ? core.calls.get(ws.id, placed.id).extraction : null;
        if (extraction && !ctx.json())
          ctx.out(extraction.state === 'extracted' ? `Results extracted: ${extraction.summary}` : `Not extracted: ${extraction.reason}`);
        if (end.outcome === 'failed') ctx.setExitCode(1);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await runner.stop();
      }
    });
}
