/**
 * A Twilio SDK client for sending (calls, messages) that honours the provider origin: the SDK
 * hard-codes its hosts, so an injected RequestClient rewrites each request to the key's endpoint
 * or SWITCHBOARD_TWILIO_URL, the same way the Twilio check does.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { isDefaultOrigin, providerOrigin } from '../../../providers/origin';

class OriginClient extends twilio.RequestClient {
  constructor(
    private readonly origin: string | undefined,
    timeout: number,
  ) {
    super({ timeout, autoRetry: false, keepAlive: false });
  }
  override request<T>(opts: RequestClient.RequestOptions<T>): Promise<Response<T>> {
    const uri = this.origin ? opts.uri.replace(/^https?:\/\/[^/]+/, this.origin) : opts.uri;
    return super.request<T>({ ...opts, uri });
  }
}

/** Options for a sending client. */
export interface TwilioClientOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** The key's own endpoint override, if any. */
  readonly endpoint: string | null;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
}

/** A Twilio client bound to one key and its origin; no retries (a repeated create would call twice). */
export function twilioClient(options: TwilioClientOptions): twilio.Twilio {
  const origin = providerOrigin('twilio', { endpoint: options.endpoint ?? undefined, env: options.env });
  const httpClient = new OriginClient(isDefaultOrigin('twilio', origin) ? undefined : origin, options.timeoutMs);
  // Sid and token always explicit: with undefined the SDK silently reads TWILIO_* from the environment.
  return twilio(options.accountSid, options.authToken, { httpClient, autoRetry: false, timeout: options.timeoutMs });
}
