/**
 * Checks a request the core sent to a Twilio simulator against Twilio's own OpenAPI description
 * (the twilio-oai files shipped with @twilio-alpha/mcp), so the core is held to Twilio's contract
 * and not only to what our simulators happen to accept: the operation is found by method and
 * path template, every path, query and form parameter must be declared by that operation, the
 * required ones must be there, and each value must fit its declared type, pattern, enum and format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A captured request: what the simulator recorded (see RecordedRequest). */
export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly search: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The verdict on one request: the operation it was matched to, and every way it breaks the description. */
export interface SpecVerdict {
  /** `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, or null when no operation matches. */
  readonly operation: string | null;
  readonly problems: readonly string[];
}

interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly 'x-twilio'?: { readonly ignoreFormat?: boolean };
}
interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema: Schema;
}
interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema: Schema }>> };
}
interface OpenApi {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, Schema>> };
}
interface Template {
  readonly path: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly specificity: number;
  readonly methods: Readonly<Record<string, Operation>>;
  readonly spec: OpenApi;
}

const SPEC_DIR = join(__dirname, '..', '..', 'node_modules', '@twilio-alpha', 'mcp', 'twilio-oai', 'spec', 'json');
/** The REST API (Accounts, Messages, Calls, IncomingPhoneNumbers) and Messaging v1 (Services), which the core calls. */
const SPEC_FILES = ['twilio_api_v2010.json', 'twilio_messaging_v1.json'];
const FORM = 'application/x-www-form-urlencoded';

let loaded: readonly Template[] | null = null;

/** The path templates of every loaded description, read once per test process. */
function templates(): readonly Template[] {
  if (loaded) return loaded;
  const out: Template[] = [];
  for (const file of SPEC_FILES) {
    const spec = JSON.parse(readFileSync(join(SPEC_DIR, file), 'utf8')) as OpenApi;
    for (const [path, methods] of Object.entries(spec.paths)) {
      const names: string[] = [];
      const source = path
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const m = /^\{([^}]+)\}$/.exec(part);
          if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(m[1] ?? '');
          return '([^/]+?)';
        })
        .join('');
      out.push({ path, regex: new RegExp(`^${source}$`), names, specificity: names.length, methods, spec });
    }
  }
  loaded = out;
  return out;
}

function resolve(spec: OpenApi, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = spec.components.schemas[name];
  if (!target) throw new Error(`twilio-openapi: unresolved ${schema.$ref}`);
  return resolve(spec, target);
}

/** Twilio's senders besides E.164: a short code, an alphanumeric sender ID, or a channel address (whatsapp:+…). */
const PHONE_LIKE = /^(\+[1-9][0-9]{1,14}|[0-9]{5,6}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}|[a-z]+:\+[1-9][0-9]{1,14})$/;
/** A Calls endpoint: a phone number, a SIP address or a Client identity. */
const ENDPOINT = /^(\+[1-9][0-9]{1,14}|sip:\S+@\S+|client:\S+)$/;
/** ISO 8601: the list filters take a date (YYYY-MM-DD, per their descriptions) or a full date-time. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

function formatProblem(format: string, v: string): string | null {
  switch (format) {
    case 'uri': {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        return 'is not an absolute URI';
      }
      return url.protocol === 'https:' || url.protocol === 'http:' ? null : `has scheme ${url.protocol}, not http(s)`;
    }
    case 'phone-number':
      return PHONE_LIKE.test(v) ? null : 'is not a phone number, short code or sender ID';
    case 'endpoint':
      return ENDPOINT.test(v) ? null : 'is not an E.164 number, sip: or client: endpoint';
    case 'twiml':
      return /^\s*(<\?xml[^>]*\?>\s*)?<Response(\s*\/>|>[\s\S]*<\/Response>)\s*$/.test(v) ? null : 'is not a TwiML <Response> document';
    case 'date-time':
    case 'date':
      return DATE_TIME.test(v) && !Number.isNaN(Date.parse(v.slice(0, 10))) ? null : 'is not an ISO 8601 date or date-time';
    case 'iso-country-code':
      return /^[A-Z]{2}$/.test(v) ? null : 'is not an ISO country code';
    default:
      // http-method is checked by its enum; int64 by its integer type.
      return null;
  }
}

/** The problems of one value against its (resolved) schema. */
function valueProblems(spec: OpenApi, name: string, raw: Schema, v: string): string[] {
  const s = resolve(spec, raw);
  const out: string[] = [];
  const bad = (why: string): void => void out.push(`${name}=${JSON.stringify(v.slice(0, 60))} ${why}`);
  if (s.type === 'integer') {
    if (!/^-?[0-9]+$/.test(v)) bad('is not an integer');
    else {
      if (s.minimum !== undefined && Number(v) < s.minimum) bad(`is below the minimum ${s.minimum}`);
      if (s.maximum !== undefined && Number(v) > s.maximum) bad(`is above the maximum ${s.maximum}`);
    }
  } else if (s.type === 'number') {
    if (v.trim() === '' || !Number.isFinite(Number(v))) bad('is not a number');
  } else if (s.type === 'boolean') {
    if (v !== 'true' && v !== 'false') bad('is not true or false');
  } else if (s.type === 'string') {
    if (s.enum && !s.enum.includes(v)) bad(`is not one of ${s.enum.join(', ')}`);
    if (s.pattern && !new RegExp(s.pattern).test(v)) bad(`does not match ${s.pattern}`);
    if (s.minLength !== undefined && v.length < s.minLength) bad(`is shorter than ${s.minLength} characters`);
    if (s.maxLength !== undefined && v.length > s.maxLength) bad(`is longer than ${s.maxLength} characters`);
    if (s.format && !s['x-twilio']?.ignoreFormat) {
      const why = formatProblem(s.format, v);
      if (why) bad(why);
    }
  }
  return out;
}

/** The problems of every value sent under one name: arrays repeat the name, anything else appears once. */
function paramProblems(spec: OpenApi, name: string, raw: Schema, values: readonly string[]): string[] {
  const s = resolve(spec, raw);
  if (s.type === 'array') return values.flatMap((v) => valueProblems(spec, name, s.items ?? {}, v));
  if (values.length > 1) return [`${name} is sent ${values.length} times but is not an array`];
  return values.flatMap((v) => valueProblems(spec, name, s, v));
}

function grouped(params: URLSearchParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of params) out.set(k, [...(out.get(k) ?? []), v]);
  return out;
}

/** Checks one captured request against Twilio's OpenAPI description. */
export function checkTwilioRequest(req: CapturedRequest): SpecVerdict {
  const method = req.method.toLowerCase();
  const candidates = templates()
    .map((t) => ({ t, m: t.regex.exec(req.path) }))
    .filter((c): c is { t: Template; m: RegExpExecArray } => c.m !== null && c.t.methods[method] !== undefined)
    // A literal segment beats a parameter: /Calls/{Sid}.json must not swallow a fixed sub-resource.
    .sort((a, b) => a.t.specificity - b.t.specificity);
  const hit = candidates[0];
  if (!hit) return { operation: null, problems: [`${req.method} ${req.path} is not an operation in Twilio's OpenAPI description`] };
  const { t, m } = hit;
  const op = t.methods[method] as Operation;
  const operation = `${req.method.toUpperCase()} ${t.path}`;
  const problems: string[] = [];
  const declared = op.parameters ?? [];

  t.names.forEach((name, i) => {
    const p = declared.find((d) => d.in === 'path' && d.name === name);
    if (!p) problems.push(`path parameter ${name} is not declared`);
    else problems.push(...paramProblems(t.spec, name, p.schema, [decodeURIComponent(m[i + 1] ?? '')]));
  });

  const query = grouped(new URLSearchParams(req.search));
  const queryDecl = new Map(declared.filter((d) => d.in === 'query').map((d) => [d.name, d]));
  for (const [name, values] of query) {
    const p = queryDecl.get(name);
    if (!p) problems.push(`query parameter ${name} is not a parameter of ${operation}`);
    else problems.push(...paramProblems(t.spec, name, p.schema, values));
  }
  for (const p of queryDecl.values()) if (p.required && !query.has(p.name)) problems.push(`required query parameter ${p.name} is missing`);

  const formSchema = op.requestBody?.content[FORM]?.schema;
  if (!formSchema) {
    if (req.body.length > 0) problems.push(`${operation} takes no request body, but one was sent`);
  } else {
    const type = req.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith(FORM)) problems.push(`the body is sent as ${type || 'no content type'}, not ${FORM}`);
    const s = resolve(t.spec, formSchema);
    const form = grouped(new URLSearchParams(req.body));
    const props = s.properties ?? {};
    for (const [name, values] of form) {
      const p = props[name];
      if (!p) problems.push(`form parameter ${name} is not a parameter of ${operation}`);
      else problems.push(...paramProblems(t.spec, name, p, values));
    }
    for (const name of s.required ?? []) if (!form.has(name)) problems.push(`required form parameter ${name} is missing`);
  }
  return { operation, problems };
}

/** Every request of a list checked; the ones with problems listed first, for a readable failure. */
export function checkTwilioRequests(reqs: readonly CapturedRequest[]): { operation: string | null; problems: readonly string[] }[] {
  return reqs.map(checkTwilioRequest).sort((a, b) => b.problems.length - a.problems.length);
}
