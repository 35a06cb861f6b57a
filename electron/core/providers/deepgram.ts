/** Deepgram through its SDK: GET /v1/projects (free) with `Token` auth; SDK retries off. */
import { DeepgramClient, DeepgramError, DeepgramTimeoutError } from '@deepgram/sdk';
import { z } from 'zod';
import { DEFAULT_TIMEOUT_MS, networkReason, probe, requestSignal, statusOutcome, type ProbeOutcome } from './http';
import { providerOrigin } from './origin';
import { failure, fromLines, line } from './result';
import type { CheckBody, CheckContext } from './types';

const Projects = z.object({ projects: z.array(z.object({ project_id: z.string().optional(), name: z.string().optional() })) });
type Projects = z.infer<typeof Projects>;

const reason = (status: number): string =>
  status === 401
    ? 'Deepgram rejected the API key: it is wrong, expired or deleted.'
    : status === 403
      ? 'Deepgram refused the key: it lacks permission to read projects.'
      : `Deepgram refused the key (HTTP ${status}).`;

/** Maps what the SDK threw to a probe outcome. */
function thrown(err: unknown, ctx: CheckContext): ProbeOutcome<never> {
  if (err instanceof DeepgramTimeoutError) return { kind: 'network', reason: ctx.signal?.aborted ? 'aborted' : 'timeout' };
  if (err instanceof DeepgramError) {
    const status = err.statusCode;
    if (status === undefined) return { kind: 'network', reason: networkReason(err, ctx) };
    // A 2xx reported as an error means the body was not the JSON it should be.
    if (status >= 200 && status < 300) return { kind: 'unreadable' };
    return statusOutcome(status, (n) => err.rawResponse?.headers.get(n) ?? null, reason(status));
  }
  throw err;
}

/** Checks a Deepgram key by listing its projects. */
export const deepgramCheck: CheckBody = async (ctx, id) => {
  const timeoutInSeconds = (ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000;
  const client = new DeepgramClient({ apiKey: ctx.fields.apiKey ?? '', baseUrl: providerOrigin(id, ctx), maxRetries: 0, timeoutInSeconds });
  const outcome = await probe(ctx, async (): Promise<ProbeOutcome<Projects>> => {
    try {
      const { data } = await client.manage.v1.projects
        .list({ abortSignal: requestSignal(ctx), maxRetries: 0, timeoutInSeconds })
        .withRawResponse();
      const parsed = Projects.safeParse(data);
      return parsed.success ? { kind: 'ok', value: parsed.data } : { kind: 'unreadable' };
    } catch (err) {
      return thrown(err, ctx);
    }
  });
  if (outcome.kind !== 'ok') return failure(id, outcome, 'API key');
  const projects = outcome.value.projects;
  const first = projects[0]?.name;
  return fromLines(
    `The Deepgram key works${first ? ` (project "${first}")` : ''}.`,
    [line('API key', 'pass', `Accepted; ${projects.length} project${projects.length === 1 ? '' : 's'}.`)],
    { projects: projects.length },
  );
};
