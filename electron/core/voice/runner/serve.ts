/**
 * Starting a voice runner the way the CLI and the console do: the media server on 127.0.0.1, then
 * reachability — the operator's own public URL, or an ngrok tunnel with the agency's authtoken from
 * the vault — with the tunnel's ups and downs reflected in the runner's state.
 */
import { AppError } from '../../../../shared/errors';
import type { VoiceDeps } from '../deps';
import { checkPublicUrl } from './public-url';
import { VoiceRunner, type VoiceRunnerOptions } from './runner';
import { openTunnel, resolveTunnelToken, type TunnelDriver, type TunnelStatus } from './tunnel';

/** How carriers should reach the runner. */
export type ReachChoice = { readonly publicUrl: string } | { readonly tunnel: true; readonly driver?: TunnelDriver };

/** Options of a runner being served, and who hears of its tunnel's ups and downs. */
export type ServeOptions = VoiceRunnerOptions & { readonly onTunnel?: (status: TunnelStatus) => void };

/** How a runner is started and made reachable: `serveVoice`, or a test's runner double given to `createCore`. */
export type ServeRunner = (deps: VoiceDeps, reach: ReachChoice, options: ServeOptions) => Promise<VoiceRunner>;

/** Starts a runner and makes it reachable; closes what it opened when that fails. */
export async function serveVoice(deps: VoiceDeps, reach: ReachChoice, options: ServeOptions = {}): Promise<VoiceRunner> {
  const publicUrl = 'publicUrl' in reach ? checkPublicUrl(reach.publicUrl) : null;
  // The token is read before anything listens: a missing key is one sentence, not a half-open server.
  const token = publicUrl === null ? resolveTunnelToken(deps) : null;
  // A process serving calls keeps serving the others when one call's error escapes (fault-guard.ts).
  const runner = new VoiceRunner(deps, { guardProcess: true, ...options });
  const port = await runner.start();
  try {
    if (publicUrl !== null) runner.setReach({ kind: 'public-url', url: publicUrl });
    else if (token && 'tunnel' in reach) {
      const tunnel = await openTunnel({
        authtoken: token.authtoken,
        port,
        endpoint: token.endpoint ?? undefined,
        env: deps.env,
        driver: reach.driver,
        onStatus: (tunnel) => {
          runner.setTunnelUp(tunnel.state === 'up');
          options.onTunnel?.(tunnel);
        },
      });
      runner.setReach({ kind: 'tunnel', url: tunnel.url, close: () => tunnel.close() });
      deps.audit.append({ actor: deps.actor, action: 'voice.tunnel.open', target: token.credentialId });
    } else throw new AppError('INVALID_INPUT', 'Say how carriers reach this computer: --public-url URL or --tunnel.');
  } catch (err) {
    await runner.stop();
    throw err;
  }
  return runner;
}
