/**
 * The onboarding checklist: one line per requirement of each channel, evaluated against the key
 * resolution would use (BYOK → own keys, with the agency's where fallback is allowed; bundled →
 * the agency's keys), with one sentence saying what to do.
 */
import type { Workspace } from '../../../shared/domain';
import { getProvider } from '../../../shared/providers/catalog';
import type { Capability, ProviderId } from '../../../shared/providers/types';
import type { Credentials } from '../credentials/credentials';
import type { CredentialRow } from '../credentials/repo';
import type { Workspaces } from '../workspaces/workspaces';
import { article, providerNames, providersFor } from './capabilities';
import { asSentence, blockerOf, keyLabel } from './readiness';
import type { KeyOwner, Resolver } from './resolve';

/** A line's state, shown as ● Validated / ▲ Warning / ○ Unverified / ✕ Invalid / missing. */
export type LineState = 'validated' | 'warning' | 'unverified' | 'invalid' | 'missing';

/** A channel of the checklist. */
export type OnboardingChannelId = 'voice' | 'sms' | 'email';

/** One requirement and the key that would meet it. */
export interface OnboardingLine {
  /** What is needed, e.g. "Speech-to-text". */
  readonly requirement: string;
  readonly capability: Capability;
  /** Providers that can meet it, preferred first. */
  readonly providers: readonly ProviderId[];
  readonly state: LineState;
  /** Met: validated, or a warning that does not block use. */
  readonly ready: boolean;
  /** The provider of the key shown, or null when none. */
  readonly provider: ProviderId | null;
  readonly credentialId: string | null;
  readonly keyOwner: KeyOwner | null;
  /** One sentence of what to do (or that nothing is needed). */
  readonly fix: string;
}

/** One channel's lines. */
export interface OnboardingChannel {
  readonly channel: OnboardingChannelId;
  readonly ready: boolean;
  /** Voice is what onboarding gates; SMS and email are optional channels. */
  readonly required: boolean;
  readonly lines: readonly OnboardingLine[];
}

interface Requirement {
  readonly requirement: string;
  readonly capability: Capability;
  readonly providers: readonly ProviderId[];
}

const req = (requirement: string, capability: Capability, preferred: readonly ProviderId[]): Requirement => ({
  requirement,
  capability,
  providers: providersFor(capability, preferred),
});

/** Seed 002: voice needs Anthropic + Cartesia + Deepgram + (Twilio or Exotel); SMS and email from their own sections. */
export const REQUIREMENTS: Readonly<Record<OnboardingChannelId, readonly Requirement[]>> = {
  voice: [
    req('LLM', 'llm', ['anthropic']),
    req('Text-to-speech', 'tts', ['cartesia']),
    req('Speech-to-text', 'stt', ['deepgram']),
    req('Phone carrier', 'voice-carrier', ['twilio', 'exotel']),
  ],
  sms: [req('SMS sender', 'sms', ['twilio', 'exotel'])],
  email: [req('Email sender', 'email', ['resend', 'sendgrid'])],
};

const STATE_OF: Readonly<Record<CredentialRow['status'], LineState>> = {
  valid: 'validated',
  warning: 'warning',
  unverified: 'unverified',
  invalid: 'invalid',
};

/** Builds checklist lines for a workspace. */
export class Checklist {
  constructor(
    private readonly workspaces: Workspaces,
    private readonly credentials: Credentials,
    private readonly resolver: Resolver,
  ) {}

  /** Every channel of a workspace, evaluated now. */
  channels(ws: Workspace): OnboardingChannel[] {
    return (Object.keys(REQUIREMENTS) as OnboardingChannelId[]).map((channel) => {
      const lines = REQUIREMENTS[channel].map((r) => this.line(ws, r));
      return { channel, ready: lines.every((l) => l.ready), required: channel === 'voice', lines };
    });
  }

  private line(ws: Workspace, r: Requirement): OnboardingLine {
    const base = { requirement: r.requirement, capability: r.capability, providers: r.providers };
    // The resolver applies readiness.ts's rule: the key it picks is one this line can use.
    const choice = this.resolver.choose(ws.id, r.capability, { providers: r.providers });
    if (choice.ok) {
      const row = this.credentials.live(choice.value.credentialId);
      const owner = choice.value.owner;
      const label = this.keyLabel(ws, row, owner);
      const shown = { ...base, provider: row.provider, credentialId: row.id, keyOwner: owner };
      const dormantOwn = owner === 'agency' && ws.mode === 'byok' ? this.firstActive(ws, r.providers) : undefined;
      const ownBlocked = dormantOwn ? this.blocker(ws, dormantOwn, 'own', r.capability) : null;
      const note = ownBlocked
        ? `Uses the agency's ${getProvider(row.provider).name} key for now. ${asSentence(ownBlocked)}`
        : dormantOwn
          ? `Uses the agency's ${getProvider(row.provider).name} key until ${this.keyLabel(ws, dormantOwn, 'own')} is validated.`
          : row.status === 'warning'
            ? `Usable despite a warning: ${stop(row.last_check_summary ?? 'see the last check')}`
            : `Nothing to do: uses ${label}.`;
      return { ...shown, state: STATE_OF[row.status], ready: true, fix: note };
    }
    // Nothing usable: show the key that is there but not usable (own first), else say what to add.
    const bundled = ws.kind === 'client' && ws.mode === 'bundled';
    const fallback = ws.kind === 'client' && ws.mode === 'byok' && ws.allowAgencyFallback;
    const own = bundled ? undefined : this.firstActive(ws, r.providers);
    const agency = bundled || (fallback && !own) ? this.firstActive(this.workspaces.agency(), r.providers) : undefined;
    const row = own ?? agency;
    if (!row)
      return {
        ...base,
        state: 'missing',
        ready: false,
        provider: null,
        credentialId: null,
        keyOwner: null,
        fix: this.addFix(ws, r.providers),
      };
    const owner: KeyOwner = row === own || ws.kind === 'agency' ? 'own' : 'agency';
    const label = this.keyLabel(ws, row, owner);
    const blocked = this.blocker(ws, row, owner, r.capability);
    if (blocked)
      return {
        ...base,
        state: 'warning',
        ready: false,
        provider: row.provider,
        credentialId: row.id,
        keyOwner: owner,
        fix: asSentence(blocked),
      };
    const state = STATE_OF[row.status];
    const fix =
      state === 'invalid'
        ? `Replace ${label}: ${stop(row.last_check_summary ?? `${getProvider(row.provider).name} rejected it`)}`
        : row.last_check_status === 'unreachable'
          ? `Test ${label} again: ${getProvider(row.provider).name} could not be reached, so it is still unverified (it is re-checked automatically).`
          : `Test ${label}: it has not been verified yet.`;
    return { ...base, state, ready: false, provider: row.provider, credentialId: row.id, keyOwner: owner, fix };
  }

  /** "Acme's Twilio key “Main line”" or "the agency's Deepgram key “Deepgram production”". */
  private keyLabel(ws: Workspace, row: CredentialRow, owner: KeyOwner): string {
    return keyLabel(owner === 'agency' || ws.kind === 'agency' ? null : ws.name, row);
  }

  /** What stops a validated key from serving the line (the rule resolution applies), or null; other keys are not validated, which says itself. */
  private blocker(ws: Workspace, row: CredentialRow, owner: KeyOwner, capability: Capability): string | null {
    if (row.status !== 'valid' && row.status !== 'warning') return null;
    return blockerOf(this.credentials.repo, row, capability, this.keyLabel(ws, row, owner));
  }

  private addFix(ws: Workspace, providers: readonly ProviderId[]): string {
    const what = `${article(providers)} ${providerNames(providers)} key`;
    if (ws.kind === 'agency') return `Add ${what} to the agency workspace and test it.`;
    if (ws.mode === 'bundled') return `Add ${what} to the agency workspace and test it (${ws.name} uses the agency's keys).`;
    return `Add ${what} to ${ws.name} and test it.`;
  }

  /** The active production key of the first provider (in preference order) that has one. */
  private firstActive(ws: Workspace, providers: readonly ProviderId[]): CredentialRow | undefined {
    for (const p of providers) {
      const row = this.credentials.repo.active(ws.id, p, 'production');
      if (row) return row;
    }
    return undefined;
  }
}

const stop = (s: string): string => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);
