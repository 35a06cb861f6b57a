/** `switchboard call WS NUMBER [--say TEXT]`: one outbound call through the dialer (onboarding must be complete). */
import type { Command } from 'commander';
import type { CliContext } from '../context';

/** Registers `call`. */
export function registerCall(program: Command, ctx: CliContext): void {
  program
    .command('call <ws> <number>')
    .description('place one outbound call (Twilio) with the key resolution picks; needs completed onboarding')
    .option('--say <text>', 'what the callee hears')
    .action(async (ref: string, number: string, o: { say?: string }) => {
      const core = await ctx.unlocked();
      const ws = core.workspaces.find(ref);
      const call = await core.dialer.dial({ workspaceId: ws.id, to: number, twimlSay: o.say }, 'cli');
      ctx.print(call, () => ctx.out(`Called ${call.to} from ${call.from} for ${ws.name} (${call.owner === 'own' ? 'its own' : "the agency's"} Twilio key): ${call.callSid}, ${call.status}.`));
    });
}
