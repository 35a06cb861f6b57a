/** Exotel simulator: the v2_beta ExoPhones list on one cluster, with Basic apiKey:apiToken. */
import { basicCredentials, startProvider, type ProviderSim, type Route, type SimResponse, type SimSpec } from './server';

/** Exotel account state. */
export interface ExotelState {
  sid: string;
  apiKey: string;
  apiToken: string;
  exoPhones: { sid: string; phone_number: string; capabilities: { voice: boolean; sms: boolean } }[];
}

/** Exotel's v2 envelope for an error. */
function exotelError(status: number, message: string): SimResponse {
  return {
    status,
    json: {
      request_id: 'sim',
      method: 'GET',
      http_code: status,
      response: { code: status, error_data: { code: status * 10, message, description: message }, status: 'failure', data: null },
    },
  };
}

/** Exotel's routes. */
export const exotelRoutes: Route<ExotelState>[] = [
  {
    method: 'GET',
    path: '/v2_beta/Accounts/:sid/IncomingPhoneNumbers',
    handle: (req, s) =>
      req.params.sid !== s.sid
        ? exotelError(403, 'Not authorized for this account')
        : {
            status: 200,
            json: {
              request_id: 'sim',
              method: 'GET',
              http_code: 200,
              response: s.exoPhones.map((p) => ({
                code: 200,
                error_data: null,
                status: 'success',
                data: { ...p, friendly_name: p.phone_number, country: 'IN' },
              })),
            },
          },
  },
];

/** Starts the Exotel simulator. */
export function startExotelSim(state: Partial<ExotelState> = {}): Promise<ProviderSim<ExotelState>> {
  const spec: SimSpec<ExotelState> = {
    id: 'exotel',
    routes: exotelRoutes,
    authorize: (req, s) => {
      const c = basicCredentials(req);
      return c?.user === s.apiKey && c.password === s.apiToken;
    },
    error: (status) =>
      exotelError(
        status,
        status === 401 ? 'Authentication failed' : status === 429 ? 'Too many requests' : status === 403 ? 'Forbidden' : 'Internal error',
      ),
  };
  const initial: ExotelState = {
    sid: 'exampleagency1',
    apiKey: 'SimulatedApiKey0000000000000000000000000',
    apiToken: 'SimulatedApiToken00000000000000000000000',
    exoPhones: [{ sid: 'exo1', phone_number: '+918047000000', capabilities: { voice: true, sms: true } }],
    ...state,
  };
  return startProvider(
    spec,
    initial,
    (s) => ({
      sid: s.sid,
      apiKey: s.apiKey,
      apiToken: s.apiToken,
      phoneNumber: s.exoPhones[0]?.phone_number ?? '+918047000000',
      region: 'in',
    }),
    ['apiToken'],
  );
}
