/**
 * `switchboard call WS NUMBER --agent A (--public-url URL | --tunnel)`: one voice-agent call, its
 * transcript live on the terminal (JSON events with --json), exit when it ends. Without --agent,
 * the short dialer call that reads one sentence (`--say`).
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { CliContext } from '../context';
import { portOf, printCallEvent, reachOf, type ReachFlags } from './voice-print';

interface CallFlags extends ReachFlags {
  say?: string;
  agent?: string;
}

/** Registers `call`. */
export function registerCall(program: Command, ctx: CliContext): void {
  program
    .command('call <ws> <number>')
    .description('place one outbound call: a voice-agent conversation with --agent, else one spoken sentence; needs completed onboarding')
    .option('--agent <name|id>', 'the voice agent that holds the conversation')
    .option('--public-url <url>', 'with --agent: the https address your reverse proxy forwards to this computer')
    .option('--tunnel', "with --agent: open an ngrok tunnel with the agency's authtoken")
    .option('--port <n>', 'with --agent: the local port of the media server (default any free one)')
    .option('--say <text>', 'without --agent: what the callee hears')
    .action(async (ref: string, number: string, o: CallFlags) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      if (!o.agent) {
        if (o.publicUrl || o.tunnel) throw new AppError('INVALID_INPUT', '--public-url and --tunnel go with --agent: a call without an agent needs no media server.');
        const call = await core.dialer.dial({ workspaceId: ws.id, to: number, twimlSay: o.say }, 'cli');
        return ctx.print(call, () => ctx.out(`Called ${call.to} from ${call.from} for ${ws.name} (${call.owner === 'own' ? 'its own' : "the agency's"} Twilio key): ${call.callSid}, ${call.status}.`));
      }
      if (o.say) throw new AppError('INVALID_INPUT', '--say is for a call without an agent; the agent speaks its own greeting.');
      const agent = core.agents.get(ws.id, o.agent);
      const reach = reachOf(o);
      const runner = await core.voice.serve(reach, { port: portOf(o.port) });
      const stop = (): void => {
        void runner.stop();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        runner.onEvent((e) => printCallEvent(ctx, e));
        if (!ctx.json()) ctx.out(`Calling ${number} for ${ws.name} with ${agent.name}; carriers reach this computer at ${runner.state().reach.url}. Ctrl-C hangs up.`);
        const placed = await runner.place({ workspaceId: ws.id, agentId: agent.id, to: number, actor: 'cli' });
        // A voice the client's Cartesia key cannot use: the call speaks with the closest public persona, and says so.
        if (placed.voiceNote && !ctx.json()) ctx.out(placed.voiceNote);
        const end = await placed.done;
        if (!ctx.json()) ctx.out(`Call ${placed.id} ended after ${end.durationSeconds} s: ${end.outcome}.`);
        if (end.outcome === 'failed') ctx.setExitCode(1);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await runner.stop();
      }
    });
}
