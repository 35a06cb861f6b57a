/** How the CLI shows a live call: transcript lines on a terminal, one JSON event per line otherwise. */
import { AppError } from '../../../shared/errors';
import type { CallEventView } from '../../../shared/voice-runner';
import type { CliContext } from '../context';

/** Prints one call event: final lines and state changes for people, every event as JSON for programs. */
export function printCallEvent(ctx: CliContext, event: CallEventView, label = ''): void {
  if (ctx.json()) return ctx.out(JSON.stringify(event));
  const tag = label ? `[${label}] ` : '';
  if (event.type === 'state') ctx.out(`${tag}· ${event.state === 'in-progress' ? 'answered' : event.state}`);
  else if (event.type === 'transcript' && event.final)
    ctx.out(`${tag}${event.speaker === 'agent' ? 'agent ' : 'caller'}: ${event.text || '(cut off)'}`);
  else if (event.type === 'ended') ctx.out(`${tag}· ended: ${event.outcome ?? 'no outcome'}${event.reason ? ` — ${event.reason}` : ''}`);
}

/** Options for how carriers reach the runner. */
export interface ReachFlags {
  publicUrl?: string;
  tunnel?: boolean;
  port?: string;
}

/** The reach flags as a choice; one sentence when they conflict or are missing. */
export function reachOf(flags: ReachFlags): { publicUrl: string } | { tunnel: true } {
  if (flags.publicUrl && flags.tunnel) throw new AppError('INVALID_INPUT', 'Give either --public-url or --tunnel, not both.');
  if (flags.publicUrl) return { publicUrl: flags.publicUrl };
  if (flags.tunnel) return { tunnel: true };
  throw new AppError(
    'INVALID_INPUT',
    'Say how carriers reach this computer: --public-url URL (your own HTTPS reverse proxy) or --tunnel (ngrok, with the authtoken kept under the agency).',
  );
}

/** The --port flag: a port on 127.0.0.1, or any free one. */
export function portOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65_535) throw new AppError('INVALID_INPUT', '--port takes a port number from 0 to 65535.');
  return Number(raw);
}
