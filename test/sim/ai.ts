/** Simulators for the AI and speech providers: Anthropic, OpenAI, Deepgram, Cartesia (HTTP, plus HTTPS for Cartesia's wss). */
import { PERSONAS } from '../../shared/voice-agents';
import { callerReply } from './anthropic-roleplay';
import { messagesRefusal, simTokens } from './anthropic-contract';
import { newStreamState, streamReply, wantsStream, type AnthropicStreamState } from './anthropic-stream';
import { answerForced, forcedToolName, newForcedToolState, type ForcedToolState } from './anthropic-tools';
import { startProvider, tokenOf, type ProviderSim, type Route, type SimRequest, type SimResponse, type SimSpec } from './server';

/** Anthropic account state. */
export interface AnthropicState {
  apiKey: string;
  limits: { requests: number; inputTokens: number; outputTokens: number };
  /** Whether GET /v1/models carries the rate-limit headers (otherwise only /v1/messages does). */
  limitsOnModels: boolean;
  /** The in-call streaming script, latencies and cache (anthropic-stream.ts). */
  stream: AnthropicStreamState;
  /** Requests that force a tool, streamed or not (anthropic-tools.ts). */
  tools: ForcedToolState;
}

const anthropicError = (status: number, type: string, message: string): SimResponse => ({
  status,
  json: { type: 'error', error: { type, message } },
  headers: { 'request-id': 'req_sim' },
});
const ANTHROPIC_ERRORS: Readonly<Record<number, [string, string]>> = {
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'Not found'],
  429: ['rate_limit_error', 'Number of requests has exceeded your per-minute rate limit'],
  529: ['overloaded_error', 'Overloaded'],
};

function limitHeaders(s: AnthropicState): Record<string, string> {
  const reset = new Date(Date.now() + 60_000).toISOString();
  const h: Record<string, string> = {};
  for (const [name, limit] of [
    ['requests', s.limits.requests],
    ['input-tokens', s.limits.inputTokens],
    ['output-tokens', s.limits.outputTokens],
  ] as const) {
    h[`anthropic-ratelimit-${name}-limit`] = String(limit);
    h[`anthropic-ratelimit-${name}-remaining`] = String(limit - 1);
    h[`anthropic-ratelimit-${name}-reset`] = reset;
  }
  return h;
}

/** Anthropic's routes. */
export const anthropicRoutes: Route<AnthropicState>[] = [
  {
    method: 'GET',
    path: '/v1/models',
    handle: (_req, s) => ({
      status: 200,
      headers: s.limitsOnModels ? limitHeaders(s) : {},
      json: {
        data: [{ type: 'model', id: 'claude-sim-1', display_name: 'Claude (simulated)', created_at: '2025-09-29T00:00:00Z' }],
        has_more: true,
        first_id: 'claude-sim-1',
        last_id: 'claude-sim-1',
      },
    }),
  },
  {
    method: 'POST',
    path: '/v1/messages',
    handle: (req, s) => {
      if (wantsStream(req.body)) return streamReply(req.body, s.stream, limitHeaders(s), s.tools);
      // A simulated caller (anthropic-roleplay.ts): a system prompt, no stream, no forced tool.
      const caller = callerReply(req.body, limitHeaders(s));
      if (caller) return caller;
      let body: unknown;
      try {
        body = JSON.parse(req.body);
      } catch {
        return anthropicError(400, 'invalid_request_error', 'The request body is not valid JSON.');
      }
      const refusal = messagesRefusal(body);
      if (refusal !== null) {
        s.stream.refused.push(refusal);
        return anthropicError(400, 'invalid_request_error', refusal);
      }
      const model = String((body as { model: unknown }).model);
      const forced = forcedToolName(body);
      if (forced !== null) {
        const answer = answerForced(body as Record<string, unknown>, forced, s.tools);
        const input = simTokens(JSON.stringify(body));
        if (answer.kind === 'refusal') return { status: 200, headers: limitHeaders(s), json: message(model, [], 'refusal', input, 0) };
        const block = {
          type: 'tool_use',
          id: `toolu_sim_${s.tools.answered}`,
          caller: { type: 'direct' },
          name: answer.name,
          input: answer.input,
        };
        return {
          status: 200,
          headers: limitHeaders(s),
          json: message(model, [block], 'tool_use', input, simTokens(JSON.stringify(answer.input))),
        };
      }
      return {
        status: 200,
        headers: limitHeaders(s),
        json: message(model, [{ type: 'text', text: 'p', citations: null }], 'max_tokens', 8, 1),
      };
    },
  },
];

/** A non-streamed Message as the SDK's `Message` type has it (stop_details only on a refusal). */
function message(model: string, content: unknown[], stop: 'tool_use' | 'max_tokens' | 'refusal', input: number, output: number): object {
  return {
    id: 'msg_sim',
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stop,
    stop_sequence: null,
    stop_details: stop === 'refusal' ? { type: 'refusal', category: null, explanation: null } : null,
    container: null,
    usage: {
      input_tokens: input,
      output_tokens: output,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: null,
      server_tool_use: null,
      service_tier: 'standard',
    },
  };
}

/** Starts the Anthropic simulator (tier 1 limits by default). */
export function startAnthropicSim(state: Partial<AnthropicState> = {}): Promise<ProviderSim<AnthropicState>> {
  const spec: SimSpec<AnthropicState> = {
    id: 'anthropic',
    routes: anthropicRoutes,
    // The 1.x SDK sends Bearer; raw HTTP still accepts x-api-key.
    authorize: (req, s) => (tokenOf(req) ?? req.headers['x-api-key']) === s.apiKey,
    error: (status) => {
      const [type, message] = ANTHROPIC_ERRORS[status] ?? ['api_error', 'Internal server error'];
      return anthropicError(status, type, message);
    },
  };
  const initial: AnthropicState = {
    apiKey: 'sk-ant-api03-SimulatedKey_000000000000000000',
    limits: { requests: 50, inputTokens: 30_000, outputTokens: 8_000 },
    limitsOnModels: false,
    stream: newStreamState(),
    tools: newForcedToolState(),
    ...state,
  };
  return startProvider(spec, initial, (s) => ({ apiKey: s.apiKey }), ['apiKey']);
}

/** OpenAI account state. */
export interface OpenAIState {
  apiKey: string;
  /** Restricted keys without model read: answered 401 missing_scope. */
  restrictedKeys: string[];
}

/** OpenAI's error body; like the real one, the 401 message echoes a masked key. */
function openaiError(status: number, req: SimRequest): SimResponse {
  const key = tokenOf(req) ?? '';
  const masked = key.length > 8 ? `${key.slice(0, 8)}****${key.slice(-4)}` : '****';
  const [code, message] =
    status === 401
      ? [
          'invalid_api_key',
          `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        ]
      : status === 429
        ? ['rate_limit_exceeded', 'Rate limit reached']
        : status === 404
          ? ['unknown_url', 'Unknown request URL']
          : ['server_error', 'The server had an error while processing your request.'];
  return { status, json: { error: { message, type: 'invalid_request_error', param: null, code } } };
}

/** OpenAI's routes. */
export const openaiRoutes: Route<OpenAIState>[] = [
  {
    method: 'GET',
    path: '/v1/models',
    handle: (req, s) =>
      s.restrictedKeys.includes(tokenOf(req) ?? '')
        ? {
            status: 401,
            json: {
              error: {
                message: 'You have insufficient permissions for this operation. Missing scopes: api.model.read.',
                type: 'invalid_request_error',
                param: null,
                code: null,
              },
            },
          }
        : {
            status: 200,
            json: {
              object: 'list',
              data: [
                { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
                { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
              ],
            },
          },
  },
];

/** Starts the OpenAI simulator. */
export function startOpenAISim(state: Partial<OpenAIState> = {}): Promise<ProviderSim<OpenAIState>> {
  const spec: SimSpec<OpenAIState> = {
    id: 'openai',
    routes: openaiRoutes,
    authorize: (req, s) => tokenOf(req) === s.apiKey || s.restrictedKeys.includes(tokenOf(req) ?? ''),
    error: openaiError,
  };
  return startProvider(
    spec,
    { apiKey: 'sk-proj-SimulatedKey_000000000000000000', restrictedKeys: ['sk-proj-Restricted_000000000000000000'], ...state },
    (s) => ({ apiKey: s.apiKey }),
    ['apiKey'],
  );
}

/** Deepgram account state. */
export interface DeepgramState {
  apiKey: string;
  projects: { project_id: string; name: string }[];
}

/** Deepgram's routes. */
export const deepgramRoutes: Route<DeepgramState>[] = [
  { method: 'GET', path: '/v1/projects', handle: (_req, s) => ({ status: 200, json: { projects: s.projects } }) },
];

/** Starts the Deepgram simulator (auth: `Token <key>`). */
export function startDeepgramSim(state: Partial<DeepgramState> = {}): Promise<ProviderSim<DeepgramState>> {
  const spec: SimSpec<DeepgramState> = {
    id: 'deepgram',
    routes: deepgramRoutes,
    authorize: (req, s) => tokenOf(req, 'Token') === s.apiKey,
    error: (status) => ({
      status,
      json:
        status === 401
          ? { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: 'sim' }
          : status === 403
            ? { err_code: 'FORBIDDEN', err_msg: 'Insufficient permissions.', request_id: 'sim' }
            : { err_code: status === 429 ? 'TOO_MANY_REQUESTS' : 'INTERNAL_SERVER_ERROR', err_msg: 'Error', request_id: 'sim' },
    }),
  };
  return startProvider(
    spec,
    {
      apiKey: 'abcdef' + '0123456789'.repeat(3) + '0123',
      projects: [{ project_id: '3f1b6a0e-0000-4000-8000-000000000000', name: 'Example agency' }],
      ...state,
    },
    (s) => ({ apiKey: s.apiKey }),
    ['apiKey'],
  );
}

/** Cartesia account state. */
export interface CartesiaState {
  apiKey: string;
  /** Voices this key may use beyond the public catalog's (an operator's own clones). */
  ownVoices: string[];
  /** Voices that exist but belong to another account: GET /voices/{id} answers 403. */
  foreignVoices: string[];
}

/** Cartesia's public voices the simulator knows (the persona catalog's). */
export const CARTESIA_PUBLIC_VOICES: readonly string[] = PERSONAS.map((p) => p.voiceId);

/** Cartesia's routes; the voice runner will add its TTS socket to the HTTPS server. */
export const cartesiaRoutes: Route<CartesiaState>[] = [
  {
    method: 'GET',
    path: '/voices',
    handle: () => ({
      status: 200,
      json: {
        data: [{ id: 'a0e99841-438c-4a64-b679-ae501e7d6091', name: 'Barbershop Man', language: 'en', is_public: true }],
        has_more: true,
        next_page: 'a0e99841-438c-4a64-b679-ae501e7d6091',
      },
    }),
  },
  {
    method: 'GET',
    path: '/voices/:id',
    handle: (req, s) => {
      const id = req.params.id ?? '';
      if (s.foreignVoices.includes(id)) return { status: 403, json: { error: 'You do not have access to this voice' } };
      const own = s.ownVoices.includes(id);
      if (!own && !CARTESIA_PUBLIC_VOICES.includes(id)) return { status: 404, json: { error: 'Voice not found' } };
      return {
        status: 200,
        json: {
          id,
          name: own ? 'My voice' : 'Public voice',
          description: '',
          is_owner: own,
          is_public: !own,
          language: 'en',
          created_at: '2025-01-01T00:00:00Z',
        },
      };
    },
  },
];

/** Starts the Cartesia simulator; `tls: true` serves HTTPS (its TTS socket always uses wss). */
export function startCartesiaSim(state: Partial<CartesiaState> = {}, opts: { tls?: boolean } = {}): Promise<ProviderSim<CartesiaState>> {
  const spec: SimSpec<CartesiaState> = {
    id: 'cartesia',
    routes: cartesiaRoutes,
    authorize: (req, s) => tokenOf(req) === s.apiKey,
    error: (status) => ({
      status,
      json: { error: status === 401 ? 'Invalid API key' : status === 429 ? 'Rate limit exceeded' : 'Internal server error' },
    }),
  };
  return startProvider(
    spec,
    { apiKey: 'sk_car_SimulatedKey_00000000', ownVoices: [], foreignVoices: [], ...state },
    (s) => ({ apiKey: s.apiKey }),
    ['apiKey'],
    opts,
  );
}
