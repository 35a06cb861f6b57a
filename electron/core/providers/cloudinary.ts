/** Cloudinary: GET /v1_1/{cloud}/usage with Basic key:secret; an HTML page instead of JSON means the credentials are wrong. */
import { z } from 'zod';
import { httpRequest, parseJson, probe, statusOutcome, type ProbeOutcome } from './http';
import { basicAuth } from './json-probe';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody } from './types';

const Usage = z.object({
  plan: z.string().optional(),
  credits: z.object({ usage: z.number().optional(), limit: z.number().optional(), used_percent: z.number().optional() }).optional(),
});
type Usage = z.infer<typeof Usage>;

/** Checks a Cloudinary cloud name, key and secret. */
export const cloudinaryCheck: CheckBody = async (ctx, id) => {
  const { cloudName = '', apiKey = '', apiSecret = '' } = ctx.fields;
  const origin = providerOrigin(id, ctx);
  const outcome = await probe(ctx, async (): Promise<ProbeOutcome<Usage | 'html-page'>> => {
    const a = await httpRequest(
      `${origin}/v1_1/${encodeURIComponent(cloudName)}/usage`,
      { headers: { Authorization: basicAuth(apiKey, apiSecret) } },
      ctx,
    );
    if ('network' in a) return { kind: 'network', reason: a.network };
    const html = /^\s*</.test(a.text) || (a.headers.get('content-type') ?? '').includes('text/html');
    if (html && a.status < 500 && a.status !== 429) return { kind: 'ok', value: 'html-page' };
    if (a.status >= 200 && a.status < 300) {
      const parsed = Usage.safeParse(parseJson(a.text));
      return parsed.success ? { kind: 'ok', value: parsed.data } : { kind: 'unreadable' };
    }
    const reason =
      a.status === 404
        ? `Cloudinary has no cloud named "${cloudName}".`
        : a.status === 401
          ? 'Cloudinary rejected the API key or secret.'
          : `Cloudinary refused the credentials (HTTP ${a.status}).`;
    return statusOutcome(a.status, (n) => a.headers.get(n), reason);
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'Credentials');
  if (outcome.value === 'html-page') {
    const s = 'Cloudinary answered with a web page instead of data, which means the cloud name, key or secret is wrong.';
    return { status: 'invalid', summary: s, lines: [line('Credentials', 'fail', s)], details: {} };
  }
  const { plan, credits } = outcome.value;
  const used = credits?.used_percent;
  return fromLines(
    `The Cloudinary credentials work for cloud "${cloudName}".`,
    [
      line('Credentials', 'pass', `Accepted${plan ? ` (${plan} plan)` : ''}.`),
      line(
        'Usage',
        used !== undefined && used >= 90 ? 'warn' : 'pass',
        used !== undefined ? `${used}% of this month's credits used.` : 'Usage not reported.',
      ),
    ],
    { plan: plan ?? null, creditsUsedPercent: used ?? null },
  );
};
