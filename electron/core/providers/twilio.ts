/**
 * Twilio through its SDK: the account (status, Trial/Full), then the phone number and Messaging Service.
 * The SDK hard-codes its hosts, so an injected RequestClient rewrites every request to the chosen origin.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { z } from 'zod';
import { DEFAULT_TIMEOUT_MS, networkReason, probe, requestSignal, retryAfterMs, statusOutcome, type ProbeOutcome } from './http';
import { isDefaultOrigin, providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody, CheckContext, CheckLine } from './types';

/** A RequestClient that sends every product domain (api., messaging., …) to one origin and remembers the last headers. */
class OriginClient extends twilio.RequestClient {
  lastHeaders: Record<string, string> = {};
  constructor(
    private readonly origin: string | undefined,
    timeout: number,
  ) {
    super({ timeout, autoRetry: false, keepAlive: false });
  }
  override async request<T>(opts: RequestClient.RequestOptions<T>): Promise<Response<T>> {
    const uri = this.origin ? opts.uri.replace(/^https?:\/\/[^/]+/, this.origin) : opts.uri;
    const res = await super.request<T>({ ...opts, uri });
    this.lastHeaders = Object.fromEntries(Object.entries(res.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return res;
  }
}

const Account = z.object({
  status: z.enum(['active', 'suspended', 'closed']),
  type: z.enum(['Trial', 'Full']),
  friendlyName: z.string().nullish(),
});
const NumberCaps = z.object({
  capabilities: z.object({ sms: z.boolean().optional(), voice: z.boolean().optional(), mms: z.boolean().optional() }).nullish(),
});
const RestError = z.object({ status: z.number(), code: z.number().nullish() });

/** Classifies what the SDK threw: a RestException carries status and code, anything else is the network. */
function thrown(err: unknown, client: OriginClient, ctx: CheckContext, what: string): ProbeOutcome<never> {
  // The SDK parses bodies itself: a 2xx that is not JSON surfaces as a SyntaxError.
  if (err instanceof SyntaxError) return { kind: 'unreadable' };
  const rest = RestError.safeParse(err);
  if (!rest.success) return { kind: 'network', reason: networkReason(err, ctx) };
  const { status, code } = rest.data;
  if (status === 429) return { kind: 'rate-limited', retryAfterMs: retryAfterMs((n) => client.lastHeaders[n]) };
  const reason =
    status === 401
      ? `Twilio rejected the Account SID and Auth Token${code ? ` (error ${code})` : ''}.`
      : status === 404
        ? `Twilio found no ${what} with this SID for these credentials.`
        : `Twilio refused the request (HTTP ${status}${code ? `, error ${code}` : ''}).`;
  return statusOutcome(status, (n) => client.lastHeaders[n], reason);
}

/** Runs one SDK call as a probe, racing the caller's abort and the check's deadline (the SDK takes no AbortSignal). */
function sdkProbe<T>(
  ctx: CheckContext,
  client: OriginClient,
  what: string,
  call: () => Promise<unknown>,
  schema: z.ZodType<T>,
): Promise<ProbeOutcome<T>> {
  return probe(ctx, async () => {
    const signal = requestSignal(ctx);
    const aborted = new Promise<ProbeOutcome<T>>((resolve) => {
      const stop = (): void => resolve({ kind: 'network', reason: ctx.signal?.aborted ? 'aborted' : 'timeout' });
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
    const run = call().then(
      (v): ProbeOutcome<T> => {
        const parsed = schema.safeParse(v);
        return parsed.success ? { kind: 'ok', value: parsed.data } : { kind: 'unreadable' };
      },
      (err: unknown) => thrown(err, client, ctx, what),
    );
    return Promise.race([run, aborted]);
  });
}

/** What the number lookup found; null when it was not looked up. */
interface NumberFinding {
  readonly line: CheckLine;
  readonly owned: boolean | null;
  readonly sms: boolean | null;
  readonly voice: boolean | null;
}

/** Checks the phone number belongs to the account and what it can do. */
async function numberFinding(ctx: CheckContext, api: twilio.Twilio, client: OriginClient, sid: string): Promise<NumberFinding> {
  const phone = ctx.fields.phoneNumber;
  const unknown = { owned: null, sms: null, voice: null };
  if (!phone) {
    const viaService = Boolean(ctx.fields.messagingServiceSid);
    return {
      ...unknown,
      line: line(
        'Phone number',
        viaService ? 'skip' : 'warn',
        viaService ? 'Sending through the Messaging Service.' : 'No sender: add a phone number or a Messaging Service.',
      ),
    };
  }
  const list = await sdkProbe(
    ctx,
    client,
    'number',
    () => api.api.v2010.accounts(sid).incomingPhoneNumbers.list({ phoneNumber: phone, pageSize: 1, limit: 1 }),
    z.array(NumberCaps),
  );
  if (list.kind !== 'ok')
    return { ...unknown, line: line('Phone number', 'warn', `Could not be checked: ${failure('twilio', list).summary}`) };
  const found = list.value[0];
  if (!found)
    return { owned: false, sms: null, voice: null, line: line('Phone number', 'warn', `${phone} is not a number of this Twilio account.`) };
  const caps = found.capabilities ?? {};
  const finding = { owned: true, sms: caps.sms === true, voice: caps.voice === true };
  const can = [caps.sms ? 'SMS' : null, caps.voice ? 'voice' : null, caps.mms ? 'MMS' : null].filter(Boolean).join(', ');
  if (!caps.sms)
    return {
      ...finding,
      line: line('Phone number', 'warn', `${phone} belongs to the account but cannot send SMS${can ? ` (only ${can})` : ''}.`),
    };
  if (!caps.voice)
    return {
      ...finding,
      line: line('Phone number', 'warn', `${phone} belongs to the account and sends SMS, but cannot make voice calls.`),
    };
  return { ...finding, line: line('Phone number', 'pass', `${phone} belongs to the account (${can}).`) };
}

/** Checks the Messaging Service exists on the account. */
async function serviceLine(ctx: CheckContext, api: twilio.Twilio, client: OriginClient): Promise<CheckLine | undefined> {
  const mg = ctx.fields.messagingServiceSid;
  if (!mg) return undefined;
  const svc = await sdkProbe(
    ctx,
    client,
    'Messaging Service',
    () => api.messaging.v1.services(mg).fetch(),
    z.object({ friendlyName: z.string().nullish() }),
  );
  if (svc.kind === 'ok')
    return line('Messaging Service', 'pass', `Found${svc.value.friendlyName ? ` ("${svc.value.friendlyName}")` : ''}.`);
  return line(
    'Messaging Service',
    'warn',
    svc.kind === 'rejected'
      ? `${mg} is not a Messaging Service of this account.`
      : `Could not be checked: ${failure('twilio', svc).summary}`,
  );
}

/** Checks Twilio credentials, account state, and the sender. */
export const twilioCheck: CheckBody = async (ctx, id) => {
  const origin = providerOrigin(id, ctx);
  const client = new OriginClient(isDefaultOrigin(id, origin) ? undefined : origin, ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const sid = ctx.fields.accountSid ?? '';
  // Sid and token always explicit: with undefined the SDK silently falls back to TWILIO_* environment variables.
  const api = twilio(sid, ctx.fields.authToken ?? '', {
    httpClient: client,
    autoRetry: false,
    timeout: ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  // The Account resource includes the auth token: only the parsed status and type leave this function.
  // The number and service lookups run alongside it (one round trip, not three); they count only if the account is active.
  const numberLookup = numberFinding(ctx, api, client, sid);
  const serviceLookup = serviceLine(ctx, api, client);
  // Awaited below; marked handled now so a failure while the account is awaited is not an unhandled rejection.
  for (const lookup of [numberLookup, serviceLookup]) lookup.catch(() => undefined);
  const account = await sdkProbe(ctx, client, 'account', () => api.api.v2010.accounts(sid).fetch(), Account);
  if (account.kind !== 'ok') {
    await Promise.all([numberLookup, serviceLookup]);
    return failure(id, account, 'Account');
  }
  const { status, type } = account.value;
  // Each line is reported as soon as it is known: the account's two at once, then the number's, then the service's.
  const report = (l: CheckLine): CheckLine => {
    ctx.onLine?.(l);
    return l;
  };
  const lines: CheckLine[] = [
    report(
      status === 'active'
        ? line('Account', 'pass', `Active ${type} account.`)
        : line('Account', 'fail', `The account is ${status}: it cannot send or call.`),
    ),
    report(
      type === 'Full'
        ? line('Account type', 'pass', 'Full (upgraded) account.')
        : line('Account type', 'warn', 'Trial account: it can only reach verified numbers and adds a trial notice.'),
    ),
  ];
  const number = await numberLookup;
  if (status === 'active') lines.push(report(number.line));
  const svc = await serviceLookup;
  if (status === 'active' && svc) lines.push(report(svc));
  const warn = lines.some((l) => l.status === 'warn');
  const summary =
    status !== 'active'
      ? `The Twilio account is ${status}.`
      : warn
        ? `The Twilio credentials work (${type} account), with warnings.`
        : `The Twilio credentials work (${type} account).`;
  return fromLines(summary, lines, {
    accountStatus: status,
    accountType: type,
    numberOwned: number.owned,
    numberSms: number.sms,
    numberVoice: number.voice,
  });
};
