/** Running many checks at once without flooding the network or one provider. */
import { AppError } from '../../../shared/errors';
import { getProvider, validateFields } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import { DEFAULT_TIMEOUT_MS, startDeadline } from './http';
import { line, redact, redactLine } from './result';
import type { CheckBody, CheckContext, CheckLine, CheckResult, ProviderCheck } from './types';

/** Runs `run` over items with at most `concurrency` in flight; results keep the items' order. */
export async function checkMany<T, R = CheckResult>(
  items: readonly T[],
  run: (item: T) => Promise<R>,
  opts: { concurrency: number },
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await run(items[i] as T);
    }
  };
  const width = Math.max(1, Math.min(Math.floor(opts.concurrency) || 1, items.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** The secret values of a credential, for the scrub. */
function secretsOf(id: ProviderId, fields: Readonly<Record<string, string>>): string[] {
  return getProvider(id)
    .fields.filter((f) => f.secret)
    .map((f) => fields[f.name]?.trim() ?? '')
    .filter((v) => v !== '');
}

/** Two lines say the same thing. */
function sameLine(a: CheckLine, b: CheckLine): boolean {
  return a.label === b.label && a.status === b.status && a.detail === b.detail;
}

/**
 * Wraps a provider's check body: format-checks the fields first (no network for a malformed key),
 * times it, turns anything thrown into a result, and scrubs secrets from whatever comes out,
 * lines reported along the way included.
 */
export function defineCheck(id: ProviderId, body: CheckBody): ProviderCheck {
  return async (ctx: CheckContext): Promise<CheckResult> => {
    const started = performance.now();
    // One deadline for the whole check: its requests and Retry-After waits all count against it.
    const deadline = ctx.deadline ?? startDeadline(ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const secrets = secretsOf(id, ctx.fields);
    const heard: CheckLine[] = [];
    const tell = (l: CheckLine): void => {
      try {
        ctx.onLine?.(l);
      } catch {
        // A listener that fails (a closed window) must not turn into the check's own failure.
      }
    };
    const report = (l: CheckLine): void => {
      const clean = redactLine(l, secrets);
      heard.push(clean);
      tell(clean);
    };
    const done = (r: Omit<CheckResult, 'durationMs'>): CheckResult => {
      const result = redact({ ...r, durationMs: Math.round(performance.now() - started) }, secrets);
      // Whatever the body did not report as it went (everything after the prefix it did) is reported now.
      let i = 0;
      while (i < heard.length && i < result.lines.length && sameLine(heard[i] as CheckLine, result.lines[i] as CheckLine)) i++;
      for (const l of result.lines.slice(i)) tell(l);
      return result;
    };
    try {
      const valid = validateFields(id, ctx.fields);
      if (!valid.ok) {
        const lines = Object.values(valid.errors).map((e) => line('Format', 'fail', e));
        return done({ status: 'invalid', summary: lines[0]?.detail ?? 'The key is not in the expected format.', lines, details: {} });
      }
      return done(await body({ ...ctx, fields: valid.fields, deadline, onLine: report }, id));
    } catch (err) {
      const summary =
        err instanceof AppError
          ? `${err.message} The key stays unverified.`
          : `The ${getProvider(id).name} check stopped on an unexpected problem inside Switchboard; the key stays unverified.`;
      return done({ status: 'unreachable', summary, lines: [line('Check', 'skip', summary)], details: {} });
    }
  };
}
