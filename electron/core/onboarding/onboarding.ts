/**
 * Onboarding per workspace (seed 002): once the voice keys are validated, completing onboarding
 * unlocks the dialer and the workflow runner. The core enforces it; the console only asks.
 */
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../../../shared/domain';
import type { ProviderId } from '../../../shared/providers/types';
import type { Actor, AuditLog } from '../audit/audit';
import type { Credentials } from '../credentials/credentials';
import { checkpointTruncate, type Db, tx } from '../store/db';
import type { Workspaces } from '../workspaces/workspaces';
import { providerNames } from './capabilities';
import { Checklist, type OnboardingChannel, type OnboardingLine } from './checklist';
import type { Resolver } from './resolve';

/** What the console's onboarding screen shows. */
export interface OnboardingView {
  readonly workspaceId: string;
  readonly mode: Workspace['mode'];
  readonly completedAt: string | null;
  readonly canComplete: boolean;
  /** One sentence per unmet voice line. */
  readonly blockers: readonly string[];
  readonly channels: readonly OnboardingChannel[];
}

/** What a gate protects: the outbound dialer, or the (post-call) workflow runner. */
export type GatedCapability = 'voice' | 'workflows';

/** The messaging keys "Revert to platform credentials" removes (seed 000); voice AI keys stay. */
export const MESSAGING_PROVIDERS: readonly ProviderId[] = ['twilio', 'exotel', 'resend', 'sendgrid'];

const STATE_WORDS: Readonly<Record<OnboardingLine['state'], string>> = {
  validated: 'validated',
  warning: 'not usable yet',
  unverified: 'unverified',
  invalid: 'invalid',
  missing: 'missing',
};

/** The checklist, completing it, the gates it opens, and reverting messaging to the agency's keys. */
export class Onboarding {
  private readonly checklist: Checklist;

  constructor(
    private readonly db: Db,
    private readonly workspaces: Workspaces,
    private readonly credentials: Credentials,
    resolver: Resolver,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.checklist = new Checklist(workspaces, credentials, resolver);
  }

  /** The checklist of a workspace as it stands now. */
  get(workspaceId: string): OnboardingView {
    const ws = this.workspaces.get(workspaceId);
    const channels = this.checklist.channels(ws);
    const voice = channels.find((c) => c.channel === 'voice');
    const unmet = voice?.lines.filter((l) => !l.ready) ?? [];
    return {
      workspaceId: ws.id,
      mode: ws.mode,
      completedAt: ws.onboardingCompletedAt,
      canComplete: unmet.length === 0,
      blockers: unmet.map((l) => `${l.requirement}: ${l.fix}`),
      channels,
    };
  }

  /** Marks onboarding complete; refused (ONBOARDING_INCOMPLETE, naming the first unmet line) until every voice line is met. */
  complete(workspaceId: string, actor: Actor): OnboardingView {
    const view = this.get(workspaceId);
    if (view.completedAt) return view;
    const ws = this.workspaces.get(workspaceId);
    const first = view.channels.find((c) => c.channel === 'voice')?.lines.find((l) => !l.ready);
    if (first) {
      throw new AppError(
        'ONBOARDING_INCOMPLETE',
        `${ws.name} cannot complete onboarding yet: ${first.requirement} (${providerNames(first.providers)}) is ${STATE_WORDS[first.state]}. ${first.fix}`,
      );
    }
    const voiceLines = view.channels.find((c) => c.channel === 'voice')?.lines ?? [];
    tx(this.db, () => {
      this.workspaces.setOnboardingCompleted(ws.id, this.now().toISOString());
      this.audit.append({
        actor,
        action: 'onboarding.complete',
        workspaceId: ws.id,
        target: ws.id,
        detail: {
          mode: ws.mode,
          keys: voiceLines.map((l) => ({
            capability: l.capability,
            provider: l.provider,
            owner: l.keyOwner,
            credentialId: l.credentialId,
          })),
        },
      });
    });
    return this.get(workspaceId);
  }

  /** Throws ONBOARDING_INCOMPLETE unless the workspace completed onboarding: the dialer and workflow runner call this first. */
  assertReady(workspaceId: string, capability: GatedCapability): void {
    const ws = this.workspaces.get(workspaceId);
    if (ws.onboardingCompletedAt) return;
    const what = capability === 'voice' ? 'the dialer' : 'the workflow runner';
    throw new AppError(
      'ONBOARDING_INCOMPLETE',
      `${ws.name} has not completed onboarding, so ${what} stays locked: validate its Anthropic, Cartesia, Deepgram and Twilio or Exotel keys, then complete onboarding.`,
    );
  }

  /**
   * "Revert to platform credentials": deletes the workspace's own messaging keys (Twilio, Exotel,
   * Resend, SendGrid; ciphertext destroyed, tombstones kept) so messaging uses the agency's keys.
   * Voice AI keys stay. Returns how many keys were deleted. The caller confirms first.
   */
  revertToPlatform(workspaceId: string, actor: Actor): number {
    const ws = this.workspaces.get(workspaceId);
    if (ws.kind === 'agency') throw new AppError('FORBIDDEN', "The agency's keys are the platform keys: there is nothing to revert to.");
    const rows = this.credentials.repo.list(ws.id).filter((r) => MESSAGING_PROVIDERS.includes(r.provider));
    tx(this.db, () => {
      for (const r of rows) this.credentials.delete(r.id, actor);
      this.audit.append({
        actor,
        action: 'onboarding.revertToPlatform',
        workspaceId: ws.id,
        target: ws.id,
        detail: { deleted: rows.length, providers: [...new Set(rows.map((r) => r.provider))] },
      });
    });
    // The deletes ran inside this transaction, where the WAL cannot be emptied: do it now.
    checkpointTruncate(this.db);
    return rows.length;
  }
}
