/** Descriptors of the AI and speech providers: Anthropic, OpenAI, Deepgram, Cartesia. */
import type { ProviderDescriptor } from '../types';

/** Anthropic: the LLM behind voice agents. */
export const anthropic: ProviderDescriptor = {
  id: 'anthropic',
  name: 'Anthropic',
  description: 'Claude models for the conversation logic of voice agents.',
  category: 'AI',
  capabilities: ['llm'],
  fields: [
    // Admin keys (sk-ant-admin01-) manage the organisation but cannot call models, so they are refused.
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      required: true,
      pattern: '^sk-ant-api[0-9]{2}-[A-Za-z0-9_-]{20,}$',
      example: 'sk-ant-api03-EXAMPLE-not-a-real-key-000000000000',
      help: 'A Claude API key (sk-ant-api03-…); admin keys cannot call models.',
    },
  ],
  steps: [
    { text: 'Sign in to the Claude Console.', url: 'https://console.anthropic.com/' },
    {
      text: 'Buy credits under Billing: the amount bought sets your rate-limit tier.',
      url: 'https://console.anthropic.com/settings/billing',
    },
    { text: 'Open API Keys and click Create Key.', url: 'https://console.anthropic.com/settings/keys' },
    { text: 'Copy the key (it is shown only once) and paste it here.' },
  ],
  keyUrl: 'https://console.anthropic.com/settings/keys',
  docsUrl: 'https://docs.anthropic.com/en/api/overview',
  pricing: 'Per token; Claude Sonnet about $3 per million input and $15 per million output tokens.',
  freeTier: 'Small free credit for new accounts in some regions.',
  setupMinutes: 2,
  difficulty: 'easy',
  benefits: [
    'Strong instruction following for agents',
    'Prompt caching lowers the cost of long system prompts',
    'Rate-limit headers show the concurrency you can afford',
  ],
  requiredFor: ['Voice campaigns (LLM)'],
  popular: true,
  unitPrices: { tokens: 0.000006 },
  monthlyBase: 0,
  checkSummary: 'Lists one model (free) and reads the rate-limit headers to suggest how many calls can run at once.',
};

/** OpenAI: GPT models. */
export const openai: ProviderDescriptor = {
  id: 'openai',
  name: 'OpenAI',
  description: 'GPT models for text generation, embeddings and images.',
  category: 'AI',
  capabilities: ['llm'],
  fields: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      required: true,
      pattern: '^sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}$',
      example: 'sk-proj-EXAMPLE-not-a-real-key-0000000000000000',
      help: 'A project key (sk-proj-…) or service-account key (sk-svcacct-…).',
    },
  ],
  steps: [
    { text: 'Sign in to the OpenAI platform and pick the project to bill.', url: 'https://platform.openai.com/' },
    { text: 'Add a payment method or credit under Billing.', url: 'https://platform.openai.com/settings/organization/billing/overview' },
    { text: 'Open API keys and click Create new secret key.', url: 'https://platform.openai.com/api-keys' },
    { text: 'Copy the key (it is shown only once) and paste it here.' },
  ],
  keyUrl: 'https://platform.openai.com/api-keys',
  docsUrl: 'https://platform.openai.com/docs/api-reference',
  pricing: 'Per token; varies by model (GPT-4o about $2.50 per million input tokens).',
  freeTier: null,
  setupMinutes: 2,
  difficulty: 'easy',
  benefits: ['Wide model range', 'Embeddings and image generation', 'Project-scoped keys and budgets'],
  requiredFor: ['AI features (optional)'],
  popular: true,
  unitPrices: { tokens: 0.0000025 },
  monthlyBase: 0,
  checkSummary: 'Lists the models the key can use.',
};

/** Deepgram: streaming speech-to-text. */
export const deepgram: ProviderDescriptor = {
  id: 'deepgram',
  name: 'Deepgram',
  description: 'Fast streaming speech-to-text for live calls.',
  category: 'Speech',
  capabilities: ['stt'],
  fields: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      required: true,
      pattern: '^[0-9a-fA-F]{32,64}$',
      example: 'abcdef0000000000000000000000000000000000',
      help: 'A project API key (40 hexadecimal characters) with at least Member permissions.',
    },
  ],
  steps: [
    { text: 'Sign in to the Deepgram Console (new accounts get free credit).', url: 'https://console.deepgram.com/' },
    { text: 'Open your project, then API Keys → Create a New API Key.', url: 'https://console.deepgram.com/project/keys' },
    { text: 'Give it Member permissions and no expiry, then copy it (shown only once).' },
  ],
  keyUrl: 'https://console.deepgram.com/project/keys',
  docsUrl: 'https://developers.deepgram.com/reference/deepgram-api-overview',
  pricing: 'Pay as you go; Nova-3 streaming about $0.0077 per minute.',
  freeTier: '$200 of free credit for new accounts.',
  setupMinutes: 3,
  difficulty: 'easy',
  benefits: ['Low-latency streaming transcription', 'Accepts telephone μ-law audio as is', 'End-of-utterance detection for turn taking'],
  requiredFor: ['Voice campaigns (speech-to-text)'],
  popular: false,
  unitPrices: { minutes: 0.0077 },
  monthlyBase: 0,
  checkSummary: 'Lists the projects the key belongs to (free).',
};

/** Cartesia: low-latency text-to-speech. */
export const cartesia: ProviderDescriptor = {
  id: 'cartesia',
  name: 'Cartesia',
  description: 'Low-latency text-to-speech voices for live calls.',
  category: 'Speech',
  capabilities: ['tts'],
  fields: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      required: true,
      pattern: '^sk_car_[A-Za-z0-9_-]{10,}$',
      example: 'sk_car_EXAMPLE0000000000000000',
      help: 'An API key from the Cartesia playground (sk_car_…).',
    },
  ],
  steps: [
    { text: 'Sign in to the Cartesia playground.', url: 'https://play.cartesia.ai/' },
    { text: 'Open API Keys and click New.', url: 'https://play.cartesia.ai/keys' },
    { text: 'Copy the key (it is shown only once) and paste it here.' },
  ],
  keyUrl: 'https://play.cartesia.ai/keys',
  docsUrl: 'https://docs.cartesia.ai/',
  pricing: 'Credit plans; one character of speech costs one credit (about $0.00004 per character on paid plans).',
  freeTier: '20,000 credits per month on the free plan.',
  setupMinutes: 2,
  difficulty: 'easy',
  benefits: ['First audio in about 90 ms', 'Streams telephone-ready μ-law audio', 'Cancellable contexts for barge-in'],
  requiredFor: ['Voice campaigns (text-to-speech)'],
  popular: false,
  unitPrices: { characters: 0.00004 },
  monthlyBase: 0,
  checkSummary: 'Lists one voice with the key (free).',
};
