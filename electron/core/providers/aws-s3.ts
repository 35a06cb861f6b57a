/** AWS: STS GetCallerIdentity (needs no IAM permission) signed with SigV4 for the key's region; HeadBucket when a bucket is named. */
import { AwsV4Signer } from 'aws4fetch';
import { z } from 'zod';
import { httpRequest, parseJson, probe, retryAfterMs, statusOutcome, type HttpAnswer, type NetworkReason, type ProbeOutcome } from './http';
import { isDefaultOrigin, providerOrigin } from './origin';
import { failure, fromLines, line, networkWords } from './result';
import type { CheckBody, CheckContext, CheckLine } from './types';

const Identity = z.object({ Account: z.string(), Arn: z.string() });
const JsonIdentity = z.object({ GetCallerIdentityResponse: z.object({ GetCallerIdentityResult: Identity }) });
type Identity = z.infer<typeof Identity>;

/** Reads the identity from STS's JSON (Accept: application/json) or its default XML. */
function readIdentity(text: string): Identity | undefined {
  const json = JsonIdentity.safeParse(parseJson(text));
  if (json.success) return json.data.GetCallerIdentityResponse.GetCallerIdentityResult;
  const account = /<Account>(\d{12})<\/Account>/.exec(text)?.[1];
  const arn = /<Arn>(arn:[^<]+)<\/Arn>/.exec(text)?.[1];
  return account && arn ? { Account: account, Arn: arn } : undefined;
}

/** AWS error codes are plain words; anything else is not shown. */
function errorCode(text: string): string | undefined {
  const code = /<Code>([A-Za-z.]+)<\/Code>/.exec(text)?.[1] ?? /"Code"\s*:\s*"([A-Za-z.]+)"/.exec(text)?.[1];
  return code;
}

/** A sentence for an STS rejection. */
function rejection(code: string | undefined, status: number): string {
  if (code === 'InvalidClientTokenId') return 'AWS does not recognise this access key ID: it is wrong, deleted or inactive.';
  if (code === 'SignatureDoesNotMatch') return 'AWS rejected the signature: the secret access key does not belong to this access key ID.';
  if (code === 'ExpiredToken') return 'AWS says the key has expired.';
  return `AWS rejected the key (${code ?? `HTTP ${status}`}).`;
}

/** Signs and sends one request. */
async function signed(
  ctx: CheckContext,
  service: 'sts' | 's3',
  method: string,
  url: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer | { network: NetworkReason }> {
  const { accessKeyId = '', secretAccessKey = '', region = 'us-east-1' } = ctx.fields;
  const signer = new AwsV4Signer({ method, url, headers, body, accessKeyId, secretAccessKey, service, region });
  const req = await signer.sign();
  return httpRequest(req.url.toString(), { method, headers: Object.fromEntries(req.headers.entries()), body }, ctx);
}

/** HeadBucket: can this key reach the bucket? Never changes the overall verdict to invalid. */
async function bucketLine(ctx: CheckContext, origin: string, overridden: boolean): Promise<CheckLine> {
  const { bucket, region = 'us-east-1' } = ctx.fields;
  if (!bucket) return line('Bucket', 'skip', 'No bucket given.');
  // Virtual-hosted addressing on AWS itself; path style for overrides and dotted names (TLS wildcard limits).
  const url = overridden
    ? `${origin}/${bucket}`
    : bucket.includes('.')
      ? `https://s3.${region}.amazonaws.com/${bucket}`
      : `https://${bucket}.s3.${region}.amazonaws.com/`;
  const a = await signed(ctx, 's3', 'HEAD', url);
  if ('network' in a) return line('Bucket', 'warn', `S3 ${networkWords(a.network)}; the bucket was not checked.`);
  if (a.status === 200) return line('Bucket', 'pass', `The key can reach ${bucket}.`);
  if (a.status === 301)
    return line('Bucket', 'warn', `${bucket} is in ${a.headers.get('x-amz-bucket-region') ?? 'another region'}, not ${region}.`);
  if (a.status === 403) return line('Bucket', 'warn', `The key has no access to ${bucket}: allow s3:ListBucket on it.`);
  if (a.status === 404) return line('Bucket', 'warn', `There is no bucket named ${bucket}.`);
  return line('Bucket', 'warn', `S3 answered HTTP ${a.status}; the bucket was not checked.`);
}

/** Checks an AWS access key and, optionally, its bucket. */
export const awsS3Check: CheckBody = async (ctx, id) => {
  const region = ctx.fields.region ?? 'us-east-1';
  const origin = providerOrigin(id, { ...ctx, region });
  const overridden = !isDefaultOrigin(id, origin, region);
  const outcome = await probe(ctx, async (): Promise<ProbeOutcome<Identity>> => {
    const a = await signed(ctx, 'sts', 'POST', `${origin}/`, 'Action=GetCallerIdentity&Version=2011-06-15', {
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      Accept: 'application/json',
    });
    if ('network' in a) return { kind: 'network', reason: a.network };
    if (a.status === 200) {
      const identity = readIdentity(a.text);
      return identity ? { kind: 'ok', value: identity } : { kind: 'unreadable' };
    }
    const code = errorCode(a.text);
    // STS throttles with 400 Throttling rather than 429.
    if (code === 'Throttling') return { kind: 'rate-limited', retryAfterMs: retryAfterMs((n) => a.headers.get(n)) };
    return statusOutcome(a.status, (n) => a.headers.get(n), rejection(code, a.status));
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'Access key');
  const { Account, Arn } = outcome.value;
  const key = line('Access key', 'pass', `Belongs to ${Arn}.`);
  // Heard while the bucket is still being looked up.
  ctx.onLine?.(key);
  const lines = [key, await bucketLine(ctx, origin, overridden)];
  const summary =
    lines[1]?.status === 'warn'
      ? `The AWS key works for account ${Account}, but the bucket needs attention.`
      : `The AWS key works for account ${Account}.`;
  return fromLines(summary, lines, { account: Account, arn: Arn, region, bucket: ctx.fields.bucket ?? null });
};
