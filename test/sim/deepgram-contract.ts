/**
 * What Deepgram's live /v1/listen refuses at the upgrade, for the simulator. The query's parameter
 * names are read from the installed SDK's own `V1Client.ConnectArgs` (its declaration file), the
 * encoding and model values from the SDK's runtime enums (`ListenV1Encoding`, `ListenV1Model`), and
 * the combinations Deepgram documents: a raw encoding (linear16, linear32, mulaw, alaw) needs a
 * sample_rate; utterance_end_ms needs interim_results=true; nova-3 monolingual languages (en, es,
 * fr, de, hi, … per Deepgram's language table) or `multi`. A refusal is a 400 at the upgrade, as
 * Deepgram answers a bad query.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ListenV1Encoding, ListenV1Model } from '@deepgram/sdk';

/** The query parameter names of listen v1's or v2's ConnectArgs, read from the SDK's declaration (so a new SDK brings its own). */
export function connectArgNames(version: 'v1' | 'v2'): Set<string> {
  // The main file is dist/cjs/index.js; the declaration sits beside the client it types.
  const main = createRequire(__filename).resolve('@deepgram/sdk');
  const dts = readFileSync(join(dirname(main), `api/resources/listen/resources/${version}/client/Client.d.ts`), 'utf8');
  const body = /interface ConnectArgs \{([\s\S]*?)Authorization: string;/.exec(dts)?.[1] ?? '';
  return new Set([...body.matchAll(/^\s*([a-z_]+)\??:/gm)].map((m) => m[1] ?? ''));
}

const NAMES = connectArgNames('v1');
const ENCODINGS = new Set<string>(Object.values(ListenV1Encoding));
const MODELS = new Set<string>(Object.values(ListenV1Model));
const RAW = new Set(['linear16', 'linear32', 'mulaw', 'alaw']);
/** nova-3's languages (Deepgram's models & languages table); Hindi monolingual since late 2025. */
const NOVA3_LANGUAGES = new Set([
  'multi',
  'en',
  'en-US',
  'en-GB',
  'en-AU',
  'en-IN',
  'es',
  'fr',
  'de',
  'hi',
  'it',
  'pt',
  'nl',
  'ja',
  'ko',
  'ru',
  'sv',
  'da',
  'no',
  'tr',
  'pl',
  'uk',
  'id',
  'vi',
]);

/** Why Deepgram would refuse this live query, or null when it would open the socket. */
export function listenRefusal(query: Readonly<Record<string, string>>): string | null {
  const unknown = Object.keys(query).find((k) => !NAMES.has(k));
  if (unknown !== undefined) return `Unknown parameter: ${unknown}`;
  if (!query.model || !MODELS.has(query.model)) return `Invalid model: ${query.model ?? '(none)'}`;
  if (query.encoding !== undefined && !ENCODINGS.has(query.encoding)) return `Invalid encoding: ${query.encoding}`;
  if (query.encoding !== undefined && RAW.has(query.encoding) && !/^\d+$/.test(query.sample_rate ?? ''))
    return 'sample_rate is required for raw encodings';
  if (query.utterance_end_ms !== undefined && query.interim_results !== 'true') return 'utterance_end_ms requires interim_results=true';
  if (query.model.startsWith('nova-3') && query.language !== undefined && !NOVA3_LANGUAGES.has(query.language))
    return `nova-3 does not support language ${query.language}`;
  for (const flag of ['interim_results', 'vad_events', 'smart_format', 'punctuate'])
    if (query[flag] !== undefined && query[flag] !== 'true' && query[flag] !== 'false') return `${flag} must be true or false`;
  return null;
}
