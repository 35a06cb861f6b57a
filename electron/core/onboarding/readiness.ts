/**
 * Whether a stored key actually meets a requirement: the sender it needs (a phone number, a
 * from-address) and whether its last warning blocks use. Resolution and the onboarding checklist
 * both apply this rule, so a send never pays with a key the checklist calls not ready.
 *
 * Policy: a warning counts as validated unless it is about the very thing the requirement
 * needs. Blocking: a phone number the account does not own, or one that cannot call (voice)
 * or send SMS (sms); a from-domain that is not verified; a SendGrid key without mail.send.
 * Not blocking: a Twilio trial account (it still calls verified numbers), a sending-only
 * Resend key (it sends; only the domain could not be read), an Anthropic tier or other notes.
 */
import type { CheckResultView } from '../../../shared/domain';
import { getProvider } from '../../../shared/providers/catalog';
import type { Capability } from '../../../shared/providers/types';
import type { CredentialRepo, CredentialRow } from '../credentials/repo';

/** What readiness reads of a stored key: no secret. */
export type ReadinessRow = Pick<CredentialRow, 'id' | 'provider' | 'status' | 'public_fields'>;

/** A row's non-secret fields; a damaged value reads as none. */
function publicFields(row: ReadinessRow): Record<string, string> {
  try {
    return JSON.parse(row.public_fields) as Record<string, string>;
  } catch {
    return {};
  }
}

/** The sender field a capability needs on a key, if any, as a sentence-ready phrase. */
function missingSender(capability: Capability, pub: Record<string, string>, keyLabel: string): string | null {
  if (capability === 'voice-carrier' && !pub.phoneNumber) return `add the phone number calls are placed from to ${keyLabel}`;
  if (capability === 'sms' && !pub.phoneNumber && !pub.messagingServiceSid)
    return `add a phone number (or a Messaging Service) to ${keyLabel}`;
  if (capability === 'email' && !pub.fromEmail) return `add a from-address to ${keyLabel}`;
  return null;
}

/** Why the last check's warning stops this key from serving the capability, or null. */
function blockingWarning(
  row: ReadinessRow,
  capability: Capability,
  check: CheckResultView | undefined,
  pub: Record<string, string>,
): string | null {
  if (row.status !== 'warning' || !check) return null;
  const d = check.details;
  const warned = (label: string): boolean => check.lines.some((l) => l.label === label && l.status === 'warn');
  switch (row.provider) {
    case 'twilio':
      if (d.numberOwned === false)
        return `${pub.phoneNumber ?? 'the phone number'} is not a number of this Twilio account: use one it owns`;
      if (capability === 'voice-carrier' && d.numberVoice === false)
        return `${pub.phoneNumber ?? 'the phone number'} cannot make voice calls: use a voice-capable number`;
      if (capability === 'sms' && d.numberSms === false && !pub.messagingServiceSid)
        return `${pub.phoneNumber ?? 'the phone number'} cannot send SMS: use an SMS-capable number`;
      if (capability === 'sms' && !pub.phoneNumber && warned('Messaging Service'))
        return 'the Messaging Service is not on this Twilio account: fix its SID';
      return null;
    case 'exotel': {
      const phone = pub.phoneNumber ? `the ExoPhone ${pub.phoneNumber}` : 'the ExoPhone';
      if (d.numberOwned === false) return `${phone} is not an ExoPhone of this account: use one it owns`;
      if (capability === 'voice-carrier' && d.numberVoice === false)
        return `${phone} cannot make voice calls: use a voice-capable ExoPhone`;
      if (capability === 'sms' && d.numberSms === false) return `${phone} cannot send SMS: use an SMS-capable ExoPhone`;
      return null;
    }
    case 'resend':
      return d.sendingOnly !== true && d.domainVerified === false
        ? `the domain of ${pub.fromEmail ?? 'the from-address'} is not verified in Resend: verify it under Domains`
        : null;
    case 'sendgrid':
      return d.mailSend === false ? 'the SendGrid key may not send mail: give it Mail Send access' : null;
    default:
      return null;
  }
}

/**
 * What stops a usable key from meeting a requirement, as a phrase without the final stop, or null.
 * `keyLabel` names the key in the phrase ("Acme's Twilio key “Main line”").
 */
export function unmetBy(
  row: ReadinessRow,
  capability: Capability,
  lastCheck: CheckResultView | undefined,
  keyLabel: string,
): string | null {
  const pub = publicFields(row);
  return missingSender(capability, pub, keyLabel) ?? blockingWarning(row, capability, lastCheck, pub);
}

/** The last check that reached the provider (an unreachable one says nothing about the key). */
export function lastReachableCheck(repo: Pick<CredentialRepo, 'checks'>, id: string): CheckResultView | undefined {
  return repo.checks(id, 10).find((c) => c.status !== 'unreachable');
}

/** unmetBy for a stored key, reading its last check only when a warning needs it. */
export function blockerOf(
  repo: Pick<CredentialRepo, 'checks'>,
  row: ReadinessRow,
  capability: Capability,
  keyLabel: string,
): string | null {
  return unmetBy(row, capability, row.status === 'warning' ? lastReachableCheck(repo, row.id) : undefined, keyLabel);
}

/** "Acme's Twilio key “Main line”", or "the agency's …" when `holder` is null (the agency). */
export function keyLabel(holder: string | null, row: Pick<CredentialRow, 'provider' | 'nickname'>): string {
  return `${holder === null ? "the agency's" : `${holder}'s`} ${getProvider(row.provider).name} key “${row.nickname}”`;
}

/** A phrase as a sentence: capital first letter, full stop. */
export function asSentence(phrase: string): string {
  return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;
}
