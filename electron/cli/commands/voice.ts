/**
 * `switchboard voice serve (--public-url URL | --tunnel)`: keeps a voice runner up and reachable,
 * prints every live call's transcript, and places a call for each line `WS NUMBER AGENT` read on
 * standard input — so one tunnel serves many test calls. Ctrl-C hangs up what is live and stops;
 * the end of piped input lets the placed calls finish, then stops.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import type { CliContext } from '../context';
import { portOf, printCallEvent, reachOf, type ReachFlags } from './voice-print';

/** Registers `voice serve`. */
export function registerVoice(program: Command, ctx: CliContext): void {
  const voice = program.command('voice').description('the local voice runner carriers stream calls to');
  voice
    .command('serve')
    .description('run the voice runner until Ctrl-C; each stdin line "WS NUMBER AGENT" places a call')
    .option('--public-url <url>', 'the https address your reverse proxy forwards to this computer')
    .option('--tunnel', "open an ngrok tunnel with the agency's authtoken")
    .option('--port <n>', 'the local port of the media server (default any free one)')
    .option('--max-calls <n>', 'calls at once, at most (the Anthropic key may allow fewer)')
    .action(async (flags: ReachFlags & { maxCalls?: string }) => {
      const maxCalls = flags.maxCalls === undefined ? undefined : Number(flags.maxCalls);
      if (maxCalls !== undefined && (!Number.isInteger(maxCalls) || maxCalls < 1 || maxCalls > 200))
        throw new AppError('INVALID_INPUT', '--max-calls takes a whole number from 1 to 200.');
      const core = await ctx.unlocked();
      const runner = await core.voice.serve(reachOf(flags), {
        port: portOf(flags.port),
        maxCalls,
        answerNumbers: true,
        onTunnel: (tunnel) =>
          ctx.json() ? ctx.out(JSON.stringify({ type: 'tunnel', state: tunnel.state, message: tunnel.message })) : ctx.err(tunnel.message),
      });
      const labels = new Map<string, string>();
      runner.onEvent((e) => printCallEvent(ctx, e, labels.get(e.callId) ?? e.callId.slice(0, 8)));
      const state = runner.state();
      for (const failure of await runner.numbersReady()) ctx.err(`${failure.number} still answers elsewhere: ${failure.reason}`);
      if (ctx.json()) ctx.out(JSON.stringify({ type: 'serving', port: runner.port, url: state.reach.url, reach: state.reach.kind }));
      else
        ctx.out(
          `Voice runner on 127.0.0.1:${runner.port}; carriers reach it at ${state.reach.url}. Type "WS NUMBER AGENT" to place a call; Ctrl-C stops.`,
        );
      const lines = createInterface({ input: ctx.stdin, terminal: false });
      let stopping = false;
      let finish = (): void => undefined;
      const stopped = new Promise<void>((resolve) => (finish = resolve));
      const stop = (): void => {
        if (stopping) return;
        stopping = true;
        const live = runner.state().calls.length;
        if (!ctx.json())
          ctx.err(
            live > 0
              ? `Stopping: ${live} call${live === 1 ? '' : 's'} on the line ${live === 1 ? 'is' : 'are'} hung up and recorded; calls already ended are kept.`
              : 'Stopping: no call was on the line; every call so far is recorded.',
          );
        lines.close();
        // Calls that ended may still have their results being extracted: those are waited for (bounded).
        void runner
          .stop()
          .then(() => core.extractor.drain())
          .then(finish);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const pending = new Set<Promise<unknown>>();
      // End of input (a pipe, not a terminal): the calls placed so far finish, then the runner stops.
      lines.once('close', () => {
        void (async () => {
          while (pending.size > 0) await Promise.all([...pending]);
          if (!stopping) {
            stopping = true;
            await Promise.all(runner.state().calls.map((c) => runner.ended(c.callId)));
            await runner.stop();
            await core.extractor.drain();
            finish();
          }
        })();
      });
      lines.on('line', (line) => {
        const words = line.trim().split(/\s+/).filter(Boolean);
        if (words.length === 0) return;
        if (words.length < 3) return ctx.err('Write one call per line as: WORKSPACE NUMBER AGENT (the number without spaces).');
        // The workspace name may have spaces; the number and the agent are the last two words.
        const agentRef = words.pop() as string;
        const number = words.pop() as string;
        const wsRef = words.join(' ');
        const placing = (async () => {
          try {
            const ws = core.workspaces.find(wsRef);
            const agent = core.agents.get(ws.id, agentRef);
            const placed = await runner.place({ workspaceId: ws.id, agentId: agent.id, to: number, actor: 'cli' });
            labels.set(placed.id, `${ws.name} ${number}`);
          } catch (err) {
            ctx.err(err instanceof AppError ? err.message : 'The call could not be placed.');
          }
        })();
        pending.add(placing);
        void placing.finally(() => pending.delete(placing));
      });
      await stopped;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
}
