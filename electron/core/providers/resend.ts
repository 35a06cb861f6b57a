/**
 * Resend through its SDK: GET /domains, then the from-address domain's status. The SDK never throws
 * (it returns { data, error }) and has no timeout, so every call carries an AbortSignal.
 */
import { Resend } from 'resend';
import { z } from 'zod';
import { probe, requestSignal, statusOutcome, type ProbeOutcome } from './http';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody, CheckContext, CheckLine } from './types';

const Domains = z.object({ data: z.array(z.object({ name: z.string(), status: z.string() })) });
type Domains = z.infer<typeof Domains>;
const ErrorShape = z.object({ statusCode: z.number().nullable().optional(), name: z.string().optional() });

/** A sending-only key answers 401 restricted_api_key: it is real, it just cannot list domains. */
type Listing = Domains | 'restricted';

/** Lists domains as a probe. */
function listDomains(ctx: CheckContext, client: Resend): Promise<ProbeOutcome<Listing>> {
  return probe(ctx, async (): Promise<ProbeOutcome<Listing>> => {
    const signal = requestSignal(ctx);
    const { data, error, headers } = await client.domains.list({}, { signal });
    if (error) {
      const e = ErrorShape.safeParse(error);
      const status = e.success ? e.data.statusCode : null;
      const name = e.success ? e.data.name : undefined;
      // statusCode null: no answer (network, abort, timeout) or a body that was not JSON; the SDK cannot tell which.
      if (status === null || status === undefined)
        return { kind: 'network', reason: ctx.signal?.aborted ? 'aborted' : signal.aborted ? 'timeout' : 'other' };
      if (status === 401 && name === 'restricted_api_key') return { kind: 'ok', value: 'restricted' };
      const reason =
        status === 401 || status === 403
          ? 'Resend rejected the API key: it is wrong or was deleted.'
          : `Resend refused the key (HTTP ${status}).`;
      return statusOutcome(status, (n) => headers?.[n] ?? null, reason);
    }
    const parsed = Domains.safeParse(data);
    return parsed.success ? { kind: 'ok', value: parsed.data } : { kind: 'unreadable' };
  });
}

/** The line for the from-address domain. */
function domainLine(fromEmail: string | undefined, domains: Domains): CheckLine {
  if (!fromEmail) return line('From domain', 'skip', `No from address given; the account has ${domains.data.length} domains.`);
  const wanted = fromEmail.slice(fromEmail.lastIndexOf('@') + 1).toLowerCase();
  const found = domains.data.find((d) => d.name.toLowerCase() === wanted);
  if (!found) return line('From domain', 'warn', `${wanted} is not added to this Resend account: add and verify it under Domains.`);
  if (found.status === 'verified') return line('From domain', 'pass', `${wanted} is verified.`);
  if (found.status === 'pending' || found.status === 'not_started')
    return line(
      'From domain',
      'warn',
      `${wanted} is not verified yet (${found.status.replace('_', ' ')}): emails from it will be refused until its DNS records check out.`,
    );
  return line('From domain', 'warn', `${wanted} verification ${found.status.replace('_', ' ')}: fix its DNS records in Resend.`);
}

/** Checks a Resend key and the from-address domain. */
export const resendCheck: CheckBody = async (ctx, id) => {
  const baseUrl = providerOrigin(id, ctx);
  const client = new Resend(ctx.fields.apiKey ?? '', { baseUrl });
  const outcome = await listDomains(ctx, client);
  if (outcome.kind === 'network' && outcome.reason === 'other') {
    const s = 'Resend could not be reached, or its answer could not be read; the key stays unverified.';
    return { status: 'unreachable', summary: s, lines: [line('API key', 'skip', s)], details: { network: 'other' } };
  }
  if (outcome.kind !== 'ok') return failure(id, outcome, 'API key');
  if (outcome.value === 'restricted') {
    return fromLines(
      'The Resend key works, but it is a sending-only key: domains cannot be read.',
      [
        line('API key', 'pass', 'Accepted (sending access).'),
        line('From domain', 'warn', 'sending-only key: domains cannot be read, so the from-address domain was not checked.'),
      ],
      { sendingOnly: true, domainVerified: null },
    );
  }
  const domain = domainLine(ctx.fields.fromEmail, outcome.value);
  const summary = domain.status === 'warn' ? 'The Resend key works, but the from-address domain is not ready.' : 'The Resend key works.';
  return fromLines(summary, [line('API key', 'pass', 'Accepted (full access).'), domain], {
    sendingOnly: false,
    domainVerified: domain.status === 'skip' ? null : domain.status === 'pass',
  });
};
