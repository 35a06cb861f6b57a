/**
 * A small outbound dialer: refuses a workspace that has not completed onboarding, resolves the
 * voice carrier (own key or agency's), places the call through Twilio, and records who paid.
 */
import parsePhoneNumber, { type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { Actor, AuditLog } from '../audit/audit';
import type { Onboarding } from '../onboarding/onboarding';
import type { KeyOwner, Resolver } from '../onboarding/resolve';
import { type Db, tx } from '../store/db';
import type { Usage } from '../usage/usage';
import type { Workspaces } from '../workspaces/workspaces';

/** What to dial. */
export interface DialInput {
  readonly workspaceId: string;
  /** The number to call, ideally E.164; national numbers are read in the workspace's default country. */
  readonly to: string;
  /** What the callee hears (spoken by Twilio); a short default when absent. */
  readonly twimlSay?: string;
}

/** A placed call. */
export interface DialResult {
  readonly callSid: string;
  readonly status: string;
  readonly provider: 'twilio';
  readonly owner: KeyOwner;
  readonly credentialId: string;
  readonly from: string;
  readonly to: string;
}

/** What the dialer needs from the core. */
export interface DialerDeps {
  readonly db: Db;
  readonly workspaces: Workspaces;
  readonly onboarding: Onboarding;
  readonly resolver: Resolver;
  readonly usage: Usage;
  readonly audit: AuditLog;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  readonly actor: Actor;
}

const DEFAULT_SAY = 'Hello from Switchboard. This is a test call.';
const MAX_SAY = 1000;
const Placed = z.object({ sid: z.string().regex(/^CA[0-9a-fA-F]{32}$/), status: z.string().max(40) });

/** Places outbound calls. */
export class Dialer {
  constructor(private readonly d: DialerDeps) {}

  /** Places one call; ONBOARDING_INCOMPLETE until the workspace completed onboarding. */
  async dial(input: DialInput, actor: Actor = this.d.actor): Promise<DialResult> {
    this.d.onboarding.assertReady(input.workspaceId, 'voice');
    const ws = this.d.workspaces.get(input.workspaceId);
    const to = toE164(input.to, ws.defaultCountry);
    const say = (input.twimlSay ?? DEFAULT_SAY).trim();
    if (say.length === 0 || say.length > MAX_SAY) throw new AppError('INVALID_INPUT', `What the call says must be 1 to ${MAX_SAY} characters long.`);

    const carrier = this.d.resolver.describe(ws.id, 'voice-carrier');
    if (carrier && carrier.provider !== 'twilio') {
      throw new AppError('NO_CREDENTIAL', `${ws.name} would call through ${carrier.provider === 'exotel' ? 'Exotel' : carrier.provider}, and the dialer places calls through Twilio only for now: add a Twilio key.`);
    }
    const key = this.d.resolver.resolve(ws.id, 'voice-carrier', { providers: ['twilio'] });
    const from = key.fields.phoneNumber;
    const whose = key.owner === 'own' ? `${ws.name}'s` : "The agency's";
    if (!from) throw new AppError('NO_CREDENTIAL', `${whose} Twilio key has no phone number to call from: add one to the key.`);

    // The Twilio SDK is heavy; it loads on the first call rather than at start-up.
    const [{ twilioClient }, { default: twilio }, { callError }] = await Promise.all([import('./twilio-client'), import('twilio'), import('./carriers/twilio/calls')]);
    const client = twilioClient({ accountSid: key.fields.accountSid ?? '', authToken: key.fields.authToken ?? '', endpoint: key.endpoint, env: this.d.env, timeoutMs: this.d.timeoutMs ?? 15_000 });
    const twiml = new twilio.twiml.VoiceResponse();
    twiml.say(say);
    const audit = { actor, workspaceId: ws.id, target: key.credentialId };
    let placed: z.infer<typeof Placed>;
    try {
      const parsed = Placed.safeParse(await client.calls.create({ to, from, twiml: twiml.toString() }));
      if (!parsed.success) throw new AppError('PROVIDER_UNREACHABLE', "Twilio's answer could not be read; check the Twilio console before dialling again, the call may have been placed.");
      placed = parsed.data;
    } catch (err) {
      const e = err instanceof AppError ? err : callError(err);
      tx(this.d.db, () => this.d.audit.append({ ...audit, action: 'call.fail', detail: { provider: 'twilio', owner: key.owner, code: e.code } }));
      throw e;
    }
    tx(this.d.db, () => {
      this.d.usage.record({ workspaceId: ws.id, provider: 'twilio', credentialId: key.credentialId, owner: key.owner, unit: 'requests', amount: 1 });
      this.d.audit.append({ ...audit, action: 'call.dial', detail: { provider: 'twilio', owner: key.owner, callSid: placed.sid, to, from } });
    });
    return { callSid: placed.sid, status: placed.status, provider: 'twilio', owner: key.owner, credentialId: key.credentialId, from, to };
  }
}

/** A callable number in E.164, or INVALID_INPUT (the dialer's and the voice runner's). */
export function toE164(raw: string, defaultCountry: string | null): string {
  const phone = parsePhoneNumber(raw.trim().slice(0, 40), (defaultCountry ?? undefined) as CountryCode | undefined);
  if (!phone || !phone.isPossible()) throw new AppError('INVALID_INPUT', 'That is not a phone number that can be called: write it with + and the country code, e.g. +14155550100.');
  return phone.number;
}
