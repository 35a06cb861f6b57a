/**
 * Test helpers for campaigns: the Twilio, Resend and SendGrid simulators with their sending
 * routes, a core pointed at them, a client workspace with checked keys, and contact files.
 */
import { Readable } from 'node:stream';
import type { Core } from '../../electron/core/app';
import { originEnvName } from '../../electron/core/providers/origin';
import { startSendgridSim } from '../sim/business';
import { startResendSim, type ResendState } from '../sim/resend';
import { type SimEmails, serveEmails } from '../sim/resend-emails';
import { type SimMailSend, serveMail } from '../sim/sendgrid-mail';
import type { ProviderSim } from '../sim/server';
import { startTwilioSim, type TwilioState } from '../sim/twilio';
import { type SimMessaging, serveMessages } from '../sim/twilio-messages';
import { makeCore } from './core';

/** A started core from makeCore. */
export type TestCore = Awaited<ReturnType<typeof makeCore>>;

/** The messaging simulators and the environment that points a core at them. */
export interface MessagingSims {
  readonly twilio: ProviderSim<TwilioState>;
  readonly resend: ProviderSim<ResendState>;
  readonly sendgrid: ProviderSim<unknown>;
  readonly sms: SimMessaging;
  readonly emails: SimEmails;
  readonly mail: SimMailSend;
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** Starts Twilio (Messages), Resend (emails, 2 requests/s) and SendGrid (mail/send). */
export async function startMessagingSims(opts: { smsLimitPerSecond?: number } = {}): Promise<MessagingSims> {
  const [twilio, resend, sendgrid] = await Promise.all([startTwilioSim(), startResendSim(), startSendgridSim()]);
  const sms = serveMessages(twilio, { limitPerSecond: opts.smsLimitPerSecond });
  const emails = serveEmails(resend);
  const mail = serveMail(sendgrid);
  const env = { [originEnvName('twilio')]: twilio.url, [originEnvName('resend')]: resend.url, [originEnvName('sendgrid')]: sendgrid.url };
  return {
    twilio,
    resend,
    sendgrid,
    sms,
    emails,
    mail,
    env,
    close: async () => void (await Promise.all([twilio.close(), resend.close(), sendgrid.close()])),
  };
}

/** A core whose providers are the simulators. */
export function makeMessagingCore(sims: MessagingSims, overrides: Parameters<typeof makeCore>[0] = {}): Promise<TestCore> {
  return makeCore({ env: sims.env, checkTimeoutMs: 60_000, ...overrides });
}

/** Stores a key with the simulator's fields (plus overrides) and checks it, so resolution may use it. */
export async function addSendingKey(
  core: Pick<Core, 'credentials' | 'checks'>,
  sims: MessagingSims,
  workspaceId: string,
  provider: 'twilio' | 'resend' | 'sendgrid',
  fields: Readonly<Record<string, string>> = {},
): Promise<string> {
  const key = core.credentials.add({ workspaceId, provider, fields: { ...sims[provider].fields, ...fields } }, 'console');
  const check = await core.checks.test(key.id, 'console');
  if (check.status !== 'valid' && check.status !== 'warning') throw new Error(`the ${provider} key did not check out: ${check.summary}`);
  return key.id;
}

/** A contact CSV as a stream. */
export function csv(text: string): Readable {
  return Readable.from([Buffer.from(text)]);
}

/** `n` US numbers in E.164, distinct. */
export function usNumbers(n: number, start = 0): string[] {
  return Array.from({ length: n }, (_, i) => `+1415${String(2_000_000 + start + i).padStart(7, '0')}`);
}

/** A contact file for SMS: phone, first_name, timezone (one zone so the window is predictable). */
export function smsCsv(numbers: readonly string[], timezone = 'America/New_York'): string {
  return ['phone,first_name,timezone', ...numbers.map((p, i) => `${p},Contact${i},${timezone}`)].join('\n');
}

/** All day: tests run at any hour. */
export const ALL_DAY = '00:00-24:00';

/**
 * A UTC window (HH:MM-HH:MM) that opens `fromMin` minutes after the minute `at` falls in and lasts
 * `lengthMin`, with the instant it opens: a test that needs a window open now, or one that opens
 * later, derives it from the core's clock, so it passes at any hour (midnight wraps).
 */
export function utcWindow(at: Date, fromMin: number, lengthMin: number): { window: string; opensAt: number } {
  const minute = Math.floor(at.getTime() / 60_000) * 60_000;
  const opensAt = minute + fromMin * 60_000;
  const hhmm = (t: number): string => new Date(t).toISOString().slice(11, 16);
  return { window: `${hhmm(opensAt)}-${hhmm(opensAt + lengthMin * 60_000)}`, opensAt };
}
