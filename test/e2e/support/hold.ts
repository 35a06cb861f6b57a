/** Slowing one simulator route down on purpose, so a test can see what the console shows while a check is still running. */
import type { ProviderId } from '../../../shared/providers/types';
import type { Route } from '../../sim/server';
import { twilioRoutes } from '../../sim/twilio';
import type { E2EApp } from './app';

/**
 * Holds every answer of one of a simulator's own routes until `release` is called (a latency
 * with no fixed length, so the test never races it). Returns `release`.
 */
export function holdRoute<S>(app: E2EApp, provider: ProviderId, route: Route<S>): () => void {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  app.sim(provider).addRoute({
    method: route.method,
    path: route.path,
    auth: route.auth,
    handle: async (req, state) => {
      await gate;
      return route.handle(req, state as S);
    },
  });
  return release;
}

/** Holds Twilio's phone-number lookup: the account answers at once, the number only when released. */
export function holdTwilioNumberLookup(app: E2EApp): () => void {
  const numbers = twilioRoutes.find((r) => r.path.endsWith('/IncomingPhoneNumbers.json'));
  if (!numbers) throw new Error('the Twilio simulator has no number route');
  return holdRoute(app, 'twilio', numbers);
}
