/**
 * AWS simulator: STS GetCallerIdentity (POST /) and S3 HeadBucket (HEAD /{bucket}) on one origin.
 * It verifies SigV4 for real by re-signing the request with the known secret, so a wrong secret fails
 * with SignatureDoesNotMatch exactly as AWS does.
 */
import { AwsV4Signer } from 'aws4fetch';
import { startProvider, type ProviderSim, type Route, type SimRequest, type SimResponse, type SimSpec } from './server';

/** AWS account state. */
export interface AwsState {
  accessKeyId: string;
  secretAccessKey: string;
  account: string;
  buckets: { name: string; region: string; accessible: boolean }[];
}

/** STS's XML error. */
function stsError(status: number, code: string, message: string): SimResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/xml' },
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>sim</RequestId></ErrorResponse>`,
  };
}

const CREDENTIAL =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

/** Why a request's signature is not acceptable, or null when it is. */
export async function signatureProblem(
  req: SimRequest,
  s: AwsState,
): Promise<'InvalidClientTokenId' | 'SignatureDoesNotMatch' | 'MissingAuthenticationToken' | null> {
  const m = CREDENTIAL.exec(req.headers.authorization ?? '');
  if (!m) return 'MissingAuthenticationToken';
  const [, keyId, , region, service, signedHeaders] = m;
  if (keyId !== s.accessKeyId) return 'InvalidClientTokenId';
  const headers: Record<string, string> = {};
  for (const name of (signedHeaders ?? '').split(';')) {
    const v = req.headers[name];
    if (name !== 'host' && typeof v === 'string') headers[name] = v;
  }
  const query = [...req.query.entries()].length ? `?${req.query.toString()}` : '';
  const signer = new AwsV4Signer({
    method: req.method,
    url: `http://${req.headers.host ?? ''}${req.path}${query}`,
    headers,
    body: req.body === '' ? undefined : req.body,
    accessKeyId: s.accessKeyId,
    secretAccessKey: s.secretAccessKey,
    service,
    region,
    datetime: req.headers['x-amz-date'] as string | undefined,
  });
  return (await signer.authHeader()) === req.headers.authorization ? null : 'SignatureDoesNotMatch';
}

/** AWS's routes. */
export const awsRoutes: Route<AwsState>[] = [
  {
    method: 'POST',
    path: '/',
    auth: false,
    handle: async (req, s) => {
      const problem = await signatureProblem(req, s);
      if (problem === 'InvalidClientTokenId') return stsError(403, problem, 'The security token included in the request is invalid.');
      if (problem) return stsError(403, problem, 'The request signature we calculated does not match the signature you provided.');
      if (!req.body.includes('Action=GetCallerIdentity')) return stsError(400, 'InvalidAction', 'Unknown action');
      const result = { Account: s.account, Arn: `arn:aws:iam::${s.account}:user/switchboard`, UserId: 'AIDASIMULATED0000000' };
      if ((req.headers.accept ?? '').includes('application/json'))
        return {
          status: 200,
          json: { GetCallerIdentityResponse: { GetCallerIdentityResult: result, ResponseMetadata: { RequestId: 'sim' } } },
        };
      return {
        status: 200,
        headers: { 'Content-Type': 'text/xml' },
        body: `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${result.Arn}</Arn><UserId>${result.UserId}</UserId><Account>${result.Account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
      };
    },
  },
  {
    method: 'HEAD',
    path: '/:bucket',
    auth: false,
    handle: async (req, s) => {
      if (await signatureProblem(req, s)) return { status: 403 };
      const bucket = s.buckets.find((b) => b.name === req.params.bucket);
      const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
      if (!bucket) return { status: 404 };
      if (bucket.region !== region) return { status: 301, headers: { 'x-amz-bucket-region': bucket.region } };
      return bucket.accessible ? { status: 200, headers: { 'x-amz-bucket-region': bucket.region } } : { status: 403 };
    },
  },
];

/** Starts the AWS simulator. */
export function startAwsSim(state: Partial<AwsState> = {}): Promise<ProviderSim<AwsState>> {
  const spec: SimSpec<AwsState> = {
    id: 'aws-s3',
    routes: awsRoutes,
    authorize: () => true,
    error: (status) =>
      status === 429 || status === 400
        ? stsError(400, 'Throttling', 'Rate exceeded')
        : status === 401 || status === 403
          ? stsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.')
          : stsError(status, 'InternalFailure', 'Internal failure'),
  };
  const initial: AwsState = {
    accessKeyId: 'AKIASIMULATED0000000',
    secretAccessKey: 'SimulatedSecretAccessKey/0000000000000000',
    account: '123456789012',
    buckets: [{ name: 'example-recordings', region: 'ap-south-1', accessible: true }],
    ...state,
  };
  return startProvider(
    spec,
    initial,
    (s) => ({ accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, region: 'ap-south-1', bucket: s.buckets[0]?.name ?? '' }),
    ['secretAccessKey'],
  );
}
