/** Descriptor of the tunnel provider: ngrok, which gives the local voice runner a public address. */
import type { ProviderDescriptor } from '../types';

/**
 * ngrok: the tunnel the voice runner opens so Twilio or Exotel can reach the media server on this
 * machine. The credential is an agent authtoken (dashboard → Your Authtoken), not an ngrok API key:
 * the REST API (api.ngrok.com) takes API keys only, so the check opens and closes an agent session.
 */
export const ngrok: ProviderDescriptor = {
  id: 'ngrok',
  name: 'ngrok',
  description: 'A public https address for the voice runner on this computer, so the phone carrier can stream calls to it.',
  category: 'Developer',
  capabilities: ['tunnel'],
  fields: [
    // Current authtokens are a digit-led id, an underscore and a secret part; older ones have no
    // underscore. Lenient on lengths, but no spaces, dots or other punctuation.
    {
      name: 'authtoken',
      label: 'Authtoken',
      secret: true,
      required: true,
      pattern: '^[0-9A-Za-z][0-9A-Za-z_-]{19,}$',
      example: '2AbCdEfGhIjKlMnOpQrStUvWxYz_0000000000000000000000',
      help: 'The agent authtoken from the ngrok dashboard (Your Authtoken), not an API key.',
    },
  ],
  steps: [
    { text: 'Sign up or sign in at the ngrok dashboard (the free plan is enough to test).', url: 'https://dashboard.ngrok.com/signup' },
    { text: 'Open Getting Started → Your Authtoken.', url: 'https://dashboard.ngrok.com/get-started/your-authtoken' },
    { text: 'Copy the authtoken (not an API key from the API page) and paste it here.' },
  ],
  keyUrl: 'https://dashboard.ngrok.com/get-started/your-authtoken',
  docsUrl: 'https://ngrok.com/docs/agent/#authtokens',
  pricing: 'Free plan with one online endpoint and a monthly data allowance; paid plans add reserved domains and more endpoints.',
  freeTier: 'One endpoint on a generated ngrok-free.app address.',
  setupMinutes: 2,
  difficulty: 'easy',
  benefits: [
    'No port forwarding or server of your own',
    'https with a valid certificate, which carriers require for media streams',
    'Opens and closes with the voice runner',
  ],
  requiredFor: ['Voice runner public address (optional: or run your own and pass --public-url)'],
  popular: false,
  unitPrices: {},
  monthlyBase: 0,
  checkSummary: 'Opens an ngrok agent session with the authtoken and closes it at once; no endpoint is created.',
};
