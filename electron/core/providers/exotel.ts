/**
 * Exotel: lists the account's ExoPhones (GET /v2_beta/Accounts/{sid}/IncomingPhoneNumbers, Basic apiKey:apiToken)
 * on the account's cluster. The list's exact envelope is not fully documented, so several shapes are accepted.
 */
import { z } from 'zod';
import { basicAuth, jsonProbe } from './json-probe';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody, CheckLine } from './types';

const ExoPhoneSchema = z.object({
  phone_number: z.string(),
  capabilities: z.object({ voice: z.boolean().optional(), sms: z.boolean().optional() }).optional(),
});
type ExoPhone = z.infer<typeof ExoPhoneSchema>;
const Numbers = z.union([
  z.array(ExoPhoneSchema),
  z.object({ incoming_phone_numbers: z.array(ExoPhoneSchema) }).transform((b) => b.incoming_phone_numbers),
  z
    .object({ response: z.array(z.object({ data: ExoPhoneSchema.nullable() })) })
    .transform((b) => b.response.flatMap((r) => (r.data ? [r.data] : []))),
]);

/** Exotel writes Indian numbers in several ways (+91…, 0…, bare); compare the last ten digits. */
function sameNumber(a: string, b: string): boolean {
  const tail = (s: string): string => s.replace(/\D/g, '').slice(-10);
  return tail(a) !== '' && tail(a) === tail(b);
}

/** The line for the ExoPhone the credential names, and what it can do (for onboarding). */
function phoneLine(wanted: string | undefined, numbers: readonly ExoPhone[]): { line: CheckLine; details: Record<string, boolean | null> } {
  if (!wanted) return { line: line('ExoPhone', 'skip', `No ExoPhone given; the account has ${numbers.length}.`), details: {} };
  const found = numbers.find((n) => sameNumber(n.phone_number, wanted));
  if (!found)
    return { line: line('ExoPhone', 'warn', `${wanted} is not one of this account's ExoPhones.`), details: { numberOwned: false } };
  const details = { numberOwned: true, numberVoice: found.capabilities?.voice ?? null, numberSms: found.capabilities?.sms ?? null };
  const cannot = [
    found.capabilities?.voice === false ? 'make voice calls' : null,
    found.capabilities?.sms === false ? 'send SMS' : null,
  ].filter((x): x is string => x !== null);
  if (cannot.length > 0)
    return { line: line('ExoPhone', 'warn', `${wanted} belongs to the account but cannot ${cannot.join(' or ')}.`), details };
  return { line: line('ExoPhone', 'pass', `${wanted} belongs to the account.`), details };
}

/** Checks Exotel API credentials on the chosen cluster and the ExoPhone. */
export const exotelCheck: CheckBody = async (ctx, id) => {
  const { sid = '', apiKey = '', apiToken = '', phoneNumber, region = 'sg' } = ctx.fields;
  const origin = providerOrigin(id, { ...ctx, region });
  const outcome = await jsonProbe(ctx, {
    url: `${origin}/v2_beta/Accounts/${encodeURIComponent(sid)}/IncomingPhoneNumbers`,
    headers: { Authorization: basicAuth(apiKey, apiToken), Accept: 'application/json' },
    schema: Numbers,
    rejected: (status) =>
      status === 401
        ? `Exotel rejected the API key and token (or they belong to the other cluster than "${region}").`
        : status === 403
          ? 'Exotel accepted the credentials but they have no access to this account.'
          : status === 404
            ? `Exotel has no account "${sid}" on the "${region}" cluster.`
            : `Exotel refused the credentials (HTTP ${status}).`,
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'Credentials');
  const numbers = outcome.value.data;
  const phone = phoneLine(phoneNumber, numbers);
  const lines = [line('Credentials', 'pass', `Accepted on the ${region === 'in' ? 'Mumbai' : 'Singapore'} cluster.`), phone.line];
  return fromLines(
    phone.line.status === 'warn' ? 'The Exotel credentials work, but the ExoPhone needs attention.' : 'The Exotel credentials work.',
    lines,
    { region, exoPhones: numbers.length, ...phone.details },
  );
};
