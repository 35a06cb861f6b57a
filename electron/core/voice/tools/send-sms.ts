/**
 * The built-in `send_sms` tool: the model gives only the text; it goes to the number on the line
 * (the callee of an outbound call, the caller of an inbound one — the call says which, never the
 * model), from the client's resolved Twilio key (the workspace's own, else the agency's, as every
 * SMS send resolves: onboarding/resolve.ts), after the do-not-contact and opt-out lists were asked.
 * A text that left is metered on the call and audited; a number that replied STOP lands on the
 * workspace's list. Twilio only: Exotel's texts in India must match a DLT-registered template, and
 * a model's free text would not.
 */
import { MAX_CALL_SMS, MAX_CALL_SMS_CHARS } from '../../../../shared/builtin-tools';
import { AppError } from '../../../../shared/errors';
import { countSegments } from '../../../../shared/sms-segments';
import type { Actor, AuditLog } from '../../audit/audit';
import type { DoNotContact } from '../../messaging/dnc';
import { createSender } from '../../messaging/senders';
import type { SendResult } from '../../messaging/senders/types';
import type { Resolved, Resolver } from '../../onboarding/resolve';
import type { Calls } from '../calls/calls';
import type { Clock } from '../clock';
import type { VoiceEnv } from '../deps';
import type { ToolResult } from '../types';
import { answer, onlyKeys, refusal, type BuiltinTool } from './builtin';

/** The longest a caller waits on the line for the text to leave (ms). */
const SMS_TIMEOUT_MS = 8_000;

/** What sending needs of the core. */
export interface CallSmsDeps {
  readonly resolver: Pick<Resolver, 'resolve'>;
  readonly dnc: Pick<DoNotContact, 'exclusionFor' | 'add'>;
  readonly calls: Pick<Calls, 'meter'>;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly env: VoiceEnv | undefined;
  readonly clock: Clock;
}

/** The call a text belongs to: its workspace, its id, and the number on the line. */
export interface SmsLine {
  readonly workspaceId: string;
  readonly callId: string;
  /** The other party's number, from the call (E.164). */
  readonly to: string;
  readonly actor: Actor;
}

const NOT_ANOTHER_NUMBER = 'a text goes only to the number on this call, and nothing else can be chosen.';

/** The send_sms tool of one call. */
export function sendSmsTool(deps: CallSmsDeps, line: SmsLine): BuiltinTool {
  return {
    definition: {
      name: 'send_sms',
      description:
        'Send a short text message to the person on this call, at the number they are on. ' +
        'Use it only when they ask for something in writing (an address, a time, a link they asked for). ' +
        'You cannot choose the number: if they ask you to text a different number, say you can only text this one. ' +
        `At most ${MAX_CALL_SMS_CHARS} characters, ${MAX_CALL_SMS} texts a call.`,
      input_schema: {
        type: 'object',
        properties: { text: { type: 'string', maxLength: MAX_CALL_SMS_CHARS, description: 'The message, in plain words.' } },
        required: ['text'],
        additionalProperties: false,
      },
    },
    maxRuns: MAX_CALL_SMS,
    run: (input, signal) => send(deps, line, input, signal),
  };
}

/** Why a text cannot go as written, or null. */
function textProblem(text: unknown): string | null {
  if (typeof text !== 'string' || text.trim() === '') return 'send_sms needs the text to send.';
  if (text.trim().length > MAX_CALL_SMS_CHARS) return `The text is longer than ${MAX_CALL_SMS_CHARS} characters; shorten it.`;
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) return 'The text holds control characters; write plain words.';
  return null;
}

async function send(deps: CallSmsDeps, line: SmsLine, input: unknown, signal: AbortSignal): Promise<ToolResult> {
  const given = onlyKeys('send_sms', input, ['text'], NOT_ANOTHER_NUMBER);
  if (!given.ok) return given.result;
  const problem = textProblem(given.value.text);
  if (problem) return refusal(problem);
  const text = String(given.value.text).trim();
  const excluded = deps.dnc.exclusionFor(line.workspaceId)(line.to);
  if (excluded) return refusal(`No text was sent: this number is ${excluded}.`);
  let key: Resolved;
  let sender: ReturnType<typeof createSender>;
  try {
    key = deps.resolver.resolve(line.workspaceId, 'sms', { providers: ['twilio'] });
    sender = createSender(key, deps.env ?? process.env, key.owner === 'own' ? "The client's" : "The agency's");
  } catch (err) {
    if (err instanceof AppError && err.code === 'NO_CREDENTIAL') return refusal(`No text was sent: ${err.message}`);
    throw err;
  }
  // The caller is on the line: the send gets a few seconds on the call's clock, whatever the sender's own limit.
  const stop = new AbortController();
  const timer = deps.clock.setTimeout(() => stop.abort(), SMS_TIMEOUT_MS);
  let result: SendResult;
  try {
    const batch = [{ id: 0, recipient: line.to, subject: null, body: text }];
    result = await sender.send(batch, `call-sms-${line.callId}`, AbortSignal.any([signal, stop.signal]));
  } finally {
    deps.clock.clearTimeout(timer);
  }
  return settle(deps, line, key, text, result);
}

/** What one send came to, for the model; a sent text is metered on the call and audited, an opt-out listed. */
function settle(deps: CallSmsDeps, line: SmsLine, key: Resolved, text: string, result: SendResult): ToolResult {
  const audit = (outcome: string, extra: Record<string, unknown> = {}): void =>
    deps.audit.append({
      actor: line.actor,
      action: 'call.sms',
      workspaceId: line.workspaceId,
      target: line.callId,
      // Never the text or the key: which key paid, and what became of it.
      detail: { provider: key.provider, owner: key.owner, credentialId: key.credentialId, outcome, ...extra },
    });
  switch (result.kind) {
    case 'accepted': {
      const segments = countSegments(text).segments;
      deps.calls.meter(line.callId, [
        { provider: key.provider, credentialId: key.credentialId, owner: key.owner, unit: 'messages', amount: segments },
      ]);
      audit('sent', { segments, providerId: result.ids[0] ?? null });
      return answer({ sent: true, segments, note: 'The text went to the number on this call.' });
    }
    case 'rejected':
      audit('refused', { optOut: result.optOut === true });
      if (result.optOut) {
        deps.dnc.add(
          { kind: 'workspace', workspaceId: line.workspaceId },
          [line.to],
          'provider',
          'system',
          'replied STOP (reported by the provider)',
        );
        return refusal('No text was sent: this number has unsubscribed from texts (replied STOP).');
      }
      return refusal('No text was sent: the SMS provider refused it.');
    case 'auth':
      audit('key-refused');
      return refusal('No text was sent: the SMS key was refused. The operator has to fix it.');
    case 'transient':
      // It may have left: Twilio has no idempotency key, so it is not sent again.
      audit('in-doubt');
      return refusal('The text may or may not have been sent; do not send it again, and say it may take a moment to arrive.');
    default:
      audit('unsent');
      return refusal('No text was sent: the SMS provider could not take it right now.');
  }
}
