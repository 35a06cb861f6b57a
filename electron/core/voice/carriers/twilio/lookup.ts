/**
 * Asking Twilio about a call a crashed or unanswered dial request may have placed: its Calls list
 * filtered by To, From and start time (the SDK sends `StartTime>`), then what became of the call.
 * A call still live is hung up: its media stream belonged to a process that is gone. Exotel has no
 * such list, so its in-flight calls are left in doubt for the operator (the caller decides).
 */
import { z } from 'zod';
import type { CallKeys } from '../../call/keys';
import type { CallOutcome } from '../../types';
import { twilioClient } from './client';

/** What Twilio knows of a call. */
export type TwilioFound =
  | { readonly kind: 'absent' }
  | {
      readonly kind: 'found';
      readonly sid: string;
      readonly status: string;
      readonly answeredBy: string | null;
      readonly durationSeconds: number | null;
    }
  | { readonly kind: 'auth'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

const Listed = z.object({
  sid: z.string(),
  status: z.string(),
  dateCreated: z.date().nullable().optional(),
  startTime: z.date().nullable().optional(),
  answeredBy: z.string().nullable().optional(),
  duration: z.string().nullable().optional(),
});

/** Twilio lets a request's answer and its Calls list disagree for a moment: calls created this long before the mark still count. */
const SKEW_MS = 60_000;

const clientOf = (keys: CallKeys, env: Readonly<Record<string, string | undefined>>, timeoutMs: number): ReturnType<typeof twilioClient> =>
  twilioClient({
    accountSid: keys.carrier.fields.accountSid ?? '',
    authToken: keys.carrier.fields.authToken ?? '',
    endpoint: keys.carrier.endpoint,
    env,
    timeoutMs,
  });

function failure(err: unknown): TwilioFound {
  const status = (err as { status?: unknown }).status;
  if (status === 401 || status === 403) return { kind: 'auth', reason: `HTTP ${status}` };
  return {
    kind: 'unknown',
    reason:
      typeof status === 'number'
        ? `Twilio answered HTTP ${status} when asked about the call`
        : 'Twilio could not be reached to ask about the call',
  };
}

/** The call from `keys.from` to `to` created at or after `since` (ms), not already known by sid, if Twilio has one. */
export async function findTwilioCall(
  keys: CallKeys,
  env: Readonly<Record<string, string | undefined>>,
  to: string,
  since: number,
  known: (sid: string) => boolean,
  timeoutMs = 15_000,
): Promise<TwilioFound> {
  try {
    const list = await clientOf(keys, env, timeoutMs).calls.list({
      to,
      from: keys.from,
      startTimeAfter: new Date(since - SKEW_MS),
      limit: 20,
    });
    for (const raw of list) {
      const listed = Listed.safeParse(raw);
      if (!listed.success || known(listed.data.sid)) continue;
      const created = (listed.data.dateCreated ?? listed.data.startTime)?.getTime() ?? since;
      if (created < since - SKEW_MS) continue;
      return {
        kind: 'found',
        sid: listed.data.sid,
        status: listed.data.status,
        answeredBy: listed.data.answeredBy ?? null,
        durationSeconds: listed.data.duration ? Number(listed.data.duration) : null,
      };
    }
    return { kind: 'absent' };
  } catch (err) {
    return failure(err);
  }
}

/** Fetches one call by sid. */
export async function fetchTwilioCall(
  keys: CallKeys,
  env: Readonly<Record<string, string | undefined>>,
  sid: string,
  timeoutMs = 15_000,
): Promise<TwilioFound> {
  try {
    const listed = Listed.parse(await clientOf(keys, env, timeoutMs).calls(sid).fetch());
    return {
      kind: 'found',
      sid: listed.sid,
      status: listed.status,
      answeredBy: listed.answeredBy ?? null,
      durationSeconds: listed.duration ? Number(listed.duration) : null,
    };
  } catch (err) {
    if ((err as { status?: unknown }).status === 404) return { kind: 'absent' };
    return failure(err);
  }
}

/** Hangs up a call left live by a process that is gone (a failure to hang up is reported, not thrown). */
export async function hangUpOrphan(
  keys: CallKeys,
  env: Readonly<Record<string, string | undefined>>,
  sid: string,
  timeoutMs = 15_000,
): Promise<boolean> {
  try {
    await clientOf(keys, env, timeoutMs).calls(sid).update({ status: 'completed' });
    return true;
  } catch {
    return false;
  }
}

/** The outcome of a call found at Twilio that no live process is holding: its final status, or cut off. */
export function orphanOutcome(found: Extract<TwilioFound, { kind: 'found' }>): { outcome: CallOutcome; reason: string; live: boolean } {
  if (found.answeredBy?.startsWith('machine') || found.answeredBy === 'fax')
    return { outcome: 'voicemail', reason: 'An answering machine picked up.', live: !FINAL.has(found.status) };
  switch (found.status) {
    case 'busy':
      return { outcome: 'busy', reason: 'The line was busy.', live: false };
    case 'no-answer':
      return { outcome: 'no_answer', reason: 'Nobody answered.', live: false };
    case 'failed':
      return { outcome: 'failed', reason: 'The carrier could not connect the call.', live: false };
    case 'canceled':
      // Only Switchboard cancels its own calls: this one rang while the process that placed it was gone.
      return {
        outcome: 'failed',
        reason: 'The call was cancelled before it was answered: Switchboard stopped while it rang.',
        live: false,
      };
    case 'completed':
      return {
        outcome: 'failed',
        reason: 'The call was cut off when Switchboard stopped during it; the agent could not classify it.',
        live: false,
      };
    default:
      return {
        outcome: 'failed',
        reason: 'Switchboard stopped during the call, so it was hung up on restart; the agent could not classify it.',
        live: true,
      };
  }
}

const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
