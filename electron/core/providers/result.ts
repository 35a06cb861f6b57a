/** Building check results: lines, roll-up, failure sentences, and the secret scrub every result passes through. */
import { assertNever } from '../../../shared/errors';
import { getProvider } from '../../../shared/providers/catalog';
import type { ProviderId } from '../../../shared/providers/types';
import type { NetworkReason, ProbeFailure } from './http';
import { DEFAULT_RETRY_MS } from './http';
import type { CheckDraft, CheckLine, CheckResult, CheckStatus } from './types';

/** A line of a check. */
export function line(label: string, status: CheckLine['status'], detail: string): CheckLine {
  return { label, status, detail };
}

/** The overall status implied by a set of lines: any fail → invalid, any warn → warning, else valid. */
export function rollup(lines: readonly CheckLine[]): Exclude<CheckStatus, 'unreachable'> {
  if (lines.some((l) => l.status === 'fail')) return 'invalid';
  if (lines.some((l) => l.status === 'warn')) return 'warning';
  return 'valid';
}

/** A draft whose status is rolled up from its lines. */
export function fromLines(summary: string, lines: readonly CheckLine[], details: CheckDraft['details'] = {}): CheckDraft {
  return { status: rollup(lines), summary, lines, details };
}

/** Words for why a request got no answer. */
export function networkWords(reason: NetworkReason): string {
  switch (reason) {
    case 'timeout':
      return 'did not answer in time';
    case 'aborted':
      return 'was not reached because the check was cancelled';
    case 'dns':
      return 'could not be found (DNS lookup failed; are you offline?)';
    case 'refused':
      return 'refused the connection';
    case 'reset':
      return 'dropped the connection';
    case 'tls':
      return 'presented a certificate that could not be trusted';
    case 'other':
      return 'could not be reached';
    default:
      return assertNever(reason);
  }
}

/** Turns a failed probe into a result: rejections are invalid, everything else leaves the key unverified. */
export function failure(id: ProviderId, outcome: ProbeFailure, label = 'Connection'): CheckDraft {
  const name = getProvider(id).name;
  switch (outcome.kind) {
    case 'rejected':
      return {
        status: 'invalid',
        summary: outcome.reason,
        lines: [line(label, 'fail', outcome.reason)],
        details: { httpStatus: outcome.status },
      };
    case 'rate-limited': {
      const wait = outcome.retryAfterMs ?? DEFAULT_RETRY_MS;
      const s = `${name} is rate-limiting requests; the key stays unverified, try again in ${Math.max(1, Math.ceil(wait / 1000))} s.`;
      return { status: 'unreachable', summary: s, lines: [line(label, 'skip', s)], details: { httpStatus: 429 }, retryAfterMs: wait };
    }
    case 'server-error': {
      const s = `${name} had a server error (HTTP ${outcome.status}); the key stays unverified.`;
      return { status: 'unreachable', summary: s, lines: [line(label, 'skip', s)], details: { httpStatus: outcome.status } };
    }
    case 'network': {
      const s = `${name} ${networkWords(outcome.reason)}; the key stays unverified.`;
      return { status: 'unreachable', summary: s, lines: [line(label, 'skip', s)], details: { network: outcome.reason } };
    }
    case 'unreadable': {
      const s = `${name}'s answer could not be read; the key stays unverified.`;
      return { status: 'unreachable', summary: s, lines: [line(label, 'skip', s)], details: {} };
    }
    default:
      return assertNever(outcome);
  }
}

const REDACTED = '[redacted]';

/** Replaces every occurrence of a secret in a string. */
function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => t.split(s).join(REDACTED), text);
}

/** Secrets long enough to scrub (a shorter value would blank out ordinary words). */
function scrubbable(secrets: readonly string[]): string[] {
  return secrets.filter((s) => s.length >= 4);
}

/** Removes every secret value (long enough to be one) from a text, e.g. a provider's message copied into a reason. */
export function scrubText(text: string, secrets: readonly string[]): string {
  const live = scrubbable(secrets);
  return live.length === 0 ? text : scrub(text, live);
}

/** Removes any secret field value from one line, for lines reported before the result. */
export function redactLine(l: CheckLine, secrets: readonly string[]): CheckLine {
  const live = scrubbable(secrets);
  return live.length === 0 ? l : { label: scrub(l.label, live), status: l.status, detail: scrub(l.detail, live) };
}

/**
 * Last line of defence: removes any secret field value from every string of a result.
 * Checks never copy provider messages or values on purpose; this catches what slips through.
 */
export function redact(result: CheckResult, secrets: readonly string[]): CheckResult {
  const live = scrubbable(secrets);
  if (live.length === 0) return result;
  const details: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(result.details)) details[k] = typeof v === 'string' ? scrub(v, live) : v;
  return {
    ...result,
    summary: scrub(result.summary, live),
    lines: result.lines.map((l) => redactLine(l, live)),
    details,
  };
}
