/**
 * What Cartesia's TTS WebSocket refuses, for the simulator. A client message is the SDK's
 * `WebsocketClientEvent` (node_modules/@cartesia/cartesia-js/resources/tts.d.ts): a
 * `GenerationRequest` — its field names read from that declaration, required context_id, model_id,
 * output_format (RawOutputFormat: container raw, a RawEncoding, a listed sample_rate), transcript,
 * voice (an id string or an object with `id`; `mode` is the older API versions' spelling) — or a
 * `CancelContextRequest` {context_id, cancel: true}. max_buffer_delay_ms is 0–5000. The socket
 * needs the `Cartesia-Version` header. And, our reading of the SDK (its no_more_inputs sends "" only
 * to end a context already started): a context's first message must carry text.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** GenerationRequest's field names, read from the SDK's declaration. */
function generationFields(): Set<string> {
  // The package's main file (index.js) sits at its root; its package.json is not exported.
  const root = dirname(createRequire(__filename).resolve('@cartesia/cartesia-js'));
  const dts = readFileSync(join(root, 'resources/tts.d.ts'), 'utf8');
  const body = /export interface GenerationRequest \{([\s\S]*?)\n\}/.exec(dts)?.[1] ?? '';
  return new Set([...body.matchAll(/^ {4}([a-z_]+)\??:/gm)].map((m) => m[1] ?? ''));
}

const FIELDS = generationFields();
const REQUIRED = ['context_id', 'model_id', 'output_format', 'transcript', 'voice'];
const ENCODINGS = new Set(['pcm_f32le', 'pcm_s16le', 'pcm_mulaw', 'pcm_alaw']);
const RATES = new Set([8000, 16000, 22050, 24000, 44100, 48000]);

/** Why Cartesia would refuse the socket's upgrade, or null. */
export function upgradeRefusal(headers: Readonly<Record<string, string | string[] | undefined>>): string | null {
  return typeof headers['cartesia-version'] === 'string' && headers['cartesia-version'] !== ''
    ? null
    : 'The Cartesia-Version header is required.';
}

/** Why Cartesia would answer this message with an error, or null; `known` holds the contexts already started. */
export function messageRefusal(m: Record<string, unknown>, known: ReadonlySet<string>): string | null {
  if (m.cancel !== undefined)
    return m.cancel === true && typeof m.context_id === 'string' && Object.keys(m).length === 2
      ? null
      : 'A cancel is exactly {context_id, cancel: true}.';
  const extra = Object.keys(m).find((k) => !FIELDS.has(k));
  if (extra !== undefined) return `Unknown field: ${extra}.`;
  const missing = REQUIRED.find((k) => m[k] === undefined);
  if (missing !== undefined) return `Missing field: ${missing}.`;
  const f = m.output_format as Record<string, unknown>;
  if (
    typeof f !== 'object' ||
    f === null ||
    f.container !== 'raw' ||
    !ENCODINGS.has(String(f.encoding)) ||
    !RATES.has(Number(f.sample_rate))
  )
    return 'output_format must be a raw encoding at a listed sample rate.';
  const v = m.voice;
  if (!(typeof v === 'string' && v !== '') && !(typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string'))
    return 'voice must be an id or an object with an id.';
  if (typeof m.transcript !== 'string') return 'transcript must be a string.';
  const delay = m.max_buffer_delay_ms;
  if (delay !== undefined && delay !== null && (!Number.isInteger(delay) || (delay as number) < 0 || (delay as number) > 5000))
    return 'max_buffer_delay_ms must be 0 to 5000.';
  if (!known.has(String(m.context_id)) && m.transcript === '') return 'A context cannot start with an empty transcript.';
  return null;
}
