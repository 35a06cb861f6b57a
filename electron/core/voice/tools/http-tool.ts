/**
 * One call of an agent's HTTP tool: the model's input as a JSON body POSTed to the URL the operator
 * fixed, the secret header added here and nowhere else, every resolved address checked public
 * (address.ts) and the connection pinned to the checked address (no second lookup to rebind), no
 * redirect followed, the answer capped in time and size and read as JSON data, never run. Every
 * failure comes back as an error result in one plain sentence for the model, which tells the caller;
 * nothing here throws, and no sentence holds the URL's path, the header or the answer's body.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request, type RequestOptions } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Clock } from '../clock';
import type { ToolResult } from '../types';
import { isLoopback, isPublicAddress } from './address';

/** The largest answer a tool may give, in bytes: it goes back into the model's context. */
export const MAX_TOOL_ANSWER_BYTES = 16 * 1024;
/** The largest input the model may send, in characters of JSON. */
export const MAX_TOOL_INPUT_CHARS = 4_000;

/** How tools reach the network. Both fields are for tests against local servers only. */
export interface ToolNetwork {
  /** Test-only: let a tool reach loopback (127.0.0.0/8, ::1); private ranges stay refused. */
  readonly allowLoopback?: boolean;
  /** Test-only: trust this certificate (a local test server's self-signed one). */
  readonly ca?: string;
}

/** A tool as a call runs it (agents/tools.ts CallTool). */
export interface HttpTool {
  readonly name: string;
  readonly url: string;
  readonly timeoutMs: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly header: { readonly name: string; readonly value: string } | null;
}

const error = (content: string): ToolResult => ({ content, isError: true });

/**
 * Why the model's input does not fit the tool's parameters, or null: an object, bounded, required
 * keys present, no unknown keys where the schema forbids them.
 */
export function inputProblem(parameters: HttpTool['parameters'], input: unknown): string | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'The tool input must be a JSON object.';
  if (JSON.stringify(input).length > MAX_TOOL_INPUT_CHARS) return `The tool input is longer than ${MAX_TOOL_INPUT_CHARS} characters.`;
  const required = Array.isArray(parameters.required)
    ? (parameters.required as unknown[]).filter((r): r is string => typeof r === 'string')
    : [];
  const missing = required.filter((r) => !(r in input));
  if (missing.length > 0) return `The tool input lacks ${missing.join(', ')}.`;
  const properties = typeof parameters.properties === 'object' && parameters.properties !== null ? Object.keys(parameters.properties) : [];
  if (parameters.additionalProperties === false) {
    const unknown = Object.keys(input).filter((k) => !properties.includes(k));
    if (unknown.length > 0) return `The tool takes no ${unknown.map((k) => k.slice(0, 40)).join(', ')}.`;
  }
  return null;
}

/** The one address a tool's host may be reached at, or why none. */
async function addressOf(host: string, network: ToolNetwork): Promise<{ address: string; family: 4 | 6 } | string> {
  let all: { address: string; family: number }[];
  try {
    all = isIP(host) ? [{ address: host, family: isIP(host) }] : await dnsLookup(host, { all: true, verbatim: true });
  } catch {
    return 'The tool’s host could not be found.';
  }
  // Every address, not the first: a host that also resolves inside the network is refused outright.
  const refused = all.find(
    (resolved) => !isPublicAddress(resolved.address) && !(network.allowLoopback === true && isLoopback(resolved.address)),
  );
  if (refused || all.length === 0) return 'The tool’s host is not on the public internet, so it was not called.';
  const first = all[0] as { address: string; family: number };
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** Calls the tool with the model's input; resolves with its JSON answer or an error sentence, never rejects. */
export async function callHttpTool(
  tool: HttpTool,
  input: unknown,
  call: { readonly clock: Clock; readonly network?: ToolNetwork; readonly signal?: AbortSignal },
): Promise<ToolResult> {
  const problem = inputProblem(tool.parameters, input);
  if (problem) return error(problem);
  const url = new URL(tool.url);
  if (url.protocol !== 'https:') return error('The tool is not https, so it was not called.');
  const network = call.network ?? {};
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // The timeout covers the lookup too: a resolver that hangs must not hold the caller.
  const startedAt = call.clock.now();
  let lookupTimer: ReturnType<Clock['setTimeout']> | null = null;
  const late = new Promise<string>(
    (resolve) =>
      (lookupTimer = call.clock.setTimeout(
        () => resolve(`The tool ${tool.name} did not answer within ${tool.timeoutMs} ms.`),
        tool.timeoutMs,
      )),
  );
  const target = await Promise.race([addressOf(host, network), late]);
  if (lookupTimer) call.clock.clearTimeout(lookupTimer);
  if (typeof target === 'string') return error(target);
  if (call.signal?.aborted) return error('The tool call was cancelled.');
  const left = Math.max(0, tool.timeoutMs - (call.clock.now() - startedAt));
  const body = JSON.stringify(input);
  // Pinned: the socket connects to the address that was checked, whatever a second lookup would say.
  const pinned: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as (error: null, addresses: { address: string; family: number }[]) => void)(null, [target]);
    else cb(null, target.address, target.family);
  };
  const options: RequestOptions = {
    method: 'POST',
    host,
    port: url.port === '' ? 443 : Number(url.port),
    path: `${url.pathname}${url.search}`,
    servername: isIP(host) ? undefined : host,
    lookup: pinned,
    ca: network.ca,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'User-Agent': 'Switchboard-voice-tool',
      ...(tool.header ? { [tool.header.name]: tool.header.value } : {}),
    },
  };
  return new Promise<ToolResult>((resolve) => {
    let settled = false;
    const settle = (result: ToolResult): void => {
      if (settled) return;
      settled = true;
      call.clock.clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(result);
    };
    const timer = call.clock.setTimeout(() => settle(error(`The tool ${tool.name} did not answer within ${tool.timeoutMs} ms.`)), left);
    const onAbort = (): void => settle(error('The tool call was cancelled.'));
    call.signal?.addEventListener('abort', onAbort);
    const req = request(options, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300)
        return settle(
          error(`The tool ${tool.name} answered HTTP ${status}${status >= 300 && status < 400 ? ' (a redirect, not followed)' : ''}.`),
        );
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_TOOL_ANSWER_BYTES)
          return settle(error(`The tool ${tool.name} answered with more than ${MAX_TOOL_ANSWER_BYTES} bytes.`));
        chunks.push(chunk);
      });
      res.on('error', () => settle(error(`The tool ${tool.name}’s answer was cut off.`)));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return settle(error(`The tool ${tool.name} answered with something other than JSON.`));
        }
        // Re-serialised: only data goes back to the model, in one compact line.
        settle({ content: JSON.stringify(json), isError: false });
      });
    });
    req.on('error', () => settle(error(`The tool ${tool.name} could not be reached.`)));
    req.end(body);
  });
}
