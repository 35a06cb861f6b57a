/**
 * The ngrok "simulator": a TLS server with a fresh self-signed certificate on 127.0.0.1 and no
 * ngrok protocol behind it. ngrok's agent protocol (muxado streams and RPCs over TLS) is not
 * something a test can honestly fake, so pointing SWITCHBOARD_NGROK_URL here makes the real SDK
 * fail its TLS handshake: the check then leaves the key unverified, and nothing reaches ngrok.
 * Tests of the check's verdicts use a stand-in connect instead (see the ngrok check tests).
 */
import { startProvider, type ProviderSim, type SimSpec } from './server';

/** The authtoken the simulator hands out (fake; ngrok never sees it). */
export interface NgrokState {
  authtoken: string;
}

/** Starts the ngrok stand-in: TLS only, every HTTP request answered 404. */
export function startNgrokSim(state: Partial<NgrokState> = {}): Promise<ProviderSim<NgrokState>> {
  const spec: SimSpec<NgrokState> = {
    id: 'ngrok',
    routes: [],
    authorize: () => false,
    error: (status) => ({ status, json: { error_code: 'ERR_NGROK_SIM', status_code: status, msg: 'This is not an ngrok agent ingress.' } }),
  };
  const initial: NgrokState = { authtoken: '2SimulatedNgrokAuthtoken_000000000000000000000000', ...state };
  return startProvider(spec, initial, (s) => ({ authtoken: s.authtoken }), ['authtoken'], { tls: true });
}
